package io.monitoring.testapp.websocket;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.ExecutionException;

import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.PathParam;
import jakarta.websocket.server.ServerEndpoint;

/**
 * {@code /chat/{room}}: answers every message with exactly one: a text {@code m} with {@code room:m}, sent
 * through {@code getBasicRemote().sendText}, or, for a text starting with {@code async:}, through
 * {@code getAsyncRemote().sendText} (its future awaited, so the next answer never finds a send in progress); a
 * binary message with the same bytes through {@code getBasicRemote().sendBinary}.
 */
@ServerEndpoint("/chat/{room}")
public class ChatEndpoint {

    @OnMessage
    public void text(Session session, @PathParam("room") String room, String message)
            throws IOException, InterruptedException, ExecutionException {
        String answer = room + ":" + message;
        if (message.startsWith("async:")) {
            session.getAsyncRemote().sendText(answer).get();
        } else {
            session.getBasicRemote().sendText(answer);
        }
    }

    @OnMessage
    public void binary(Session session, ByteBuffer message) throws IOException {
        session.getBasicRemote().sendBinary(message);
    }

    /** A client that vanished (WebSocketIT aborts one) is expected here: the container closes its session. */
    @OnError
    public void error(Throwable error) {
    }
}
