package io.monitoring.testapp.jdbc;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.monitoring.testapp.servlets.Text;

/**
 * Mapped to {@code /pool/release?db=X}: releases every connection held for X by
 * {@code /pool/hold} and waits (at most 35 s) for the hold threads to finish. 200
 * {@code released=N}, N being the connections given back to the pool; a second line
 * {@code unfinished=M} appears only if some hold threads were still running at the deadline.
 */
public class PoolReleaseServlet extends DatabaseServlet {

    private final HeldConnections held;

    PoolReleaseServlet(HeldConnections held) {
        this.held = held;
    }

    @Override
    protected void doGet(Database db, HttpServletRequest req, HttpServletResponse resp) throws IOException {
        HeldConnections.Released released;
        try {
            released = held.release(db);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            Text.write(resp, HttpServletResponse.SC_SERVICE_UNAVAILABLE, "interrupted");
            return;
        }
        String body = "released=" + released.connections();
        if (released.unfinished() > 0) {
            body += "\nunfinished=" + released.unfinished();
        }
        Text.write(resp, HttpServletResponse.SC_OK, body);
    }
}
