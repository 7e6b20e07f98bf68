package io.monitoring.testapp.spring;

import java.io.IOException;
import java.net.URI;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.handler.TextWebSocketHandler;

/**
 * A Spring {@code WebSocketHandler} registered on {@code /ws/echo/{room}}: answers every text message {@code m} with
 * one, {@code room:m}, through {@code WebSocketSession.sendMessage}.
 */
@Configuration
@EnableWebSocket
public class EchoWebSocket extends TextWebSocketHandler implements WebSocketConfigurer {

    @Override
    public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
        registry.addHandler(this, "/ws/echo/{room}");
    }

    @Override
    protected void handleTextMessage(WebSocketSession session, TextMessage message) throws IOException {
        URI uri = session.getUri();
        String path = uri == null ? "" : uri.getPath();
        String room = path.substring(path.lastIndexOf('/') + 1);
        session.sendMessage(new TextMessage(room + ":" + message.getPayload()));
    }
}
