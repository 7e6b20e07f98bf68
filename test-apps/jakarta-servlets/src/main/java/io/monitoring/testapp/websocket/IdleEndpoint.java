package io.monitoring.testapp.websocket;

import jakarta.websocket.OnError;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;

/** {@code /idle}: a session that neither side writes to is closed by the container after 500 ms. */
@ServerEndpoint("/idle")
public class IdleEndpoint {

    @OnOpen
    public void open(Session session) {
        session.setMaxIdleTimeout(500);
    }

    /** The timeout is expected (Jetty reports it here before closing): nothing to log. */
    @OnError
    public void error(Throwable error) {
    }
}
