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
 * binary message with the same bytes through {@code getBasicRemote().sendBinary}. The text {@code contract} is
 * answered with what three calls the container refuses gave the application (LibraryContractIT compares it with
 * and without the agent): a ping payload over 125 bytes, an async {@code null} text, an object no encoder handles.
 */
@ServerEndpoint("/chat/{room}")
public class ChatEndpoint {

    @OnMessage
    public void text(Session session, @PathParam("room") String room, String message)
            throws IOException, InterruptedException, ExecutionException {
        String answer = room + ":" + message;
        if (message.equals("contract")) {
            session.getBasicRemote().sendText(answer + "\n"
                    + outcome(() -> session.getBasicRemote().sendPing(ByteBuffer.allocate(126)))
                    + outcome(() -> session.getAsyncRemote().sendText(null))
                    + outcome(() -> session.getBasicRemote().sendObject(new Object())));
        } else if (message.startsWith("async:")) {
            session.getAsyncRemote().sendText(answer).get();
        } else {
            session.getBasicRemote().sendText(answer);
        }
    }

    @OnMessage
    public void binary(Session session, ByteBuffer message) throws IOException {
        session.getBasicRemote().sendBinary(message);
    }

    /** A call the application makes. */
    interface Call {
        void run() throws Exception;
    }

    /**
     * What the application saw of a call: that it returned, or the exception's class, message and every frame down to
     * this endpoint's {@code text}; the container's dispatch below it depends on which of its threads took the frame
     * (Jetty's execution strategy), not on the call.
     */
    static String outcome(Call call) {
        try {
            call.run();
            return "returned\n";
        } catch (Exception e) {
            StringBuilder out = new StringBuilder("threw ").append(e).append('\n');
            for (StackTraceElement frame : e.getStackTrace()) {
                out.append("  at ").append(frame).append('\n');
                if (frame.getClassName().equals(ChatEndpoint.class.getName()) && frame.getMethodName().equals("text")) {
                    break;
                }
            }
            return out.toString();
        }
    }

    /** A client that vanished (WebSocketIT aborts one) is expected here: the container closes its session. */
    @OnError
    public void error(Throwable error) {
    }
}
