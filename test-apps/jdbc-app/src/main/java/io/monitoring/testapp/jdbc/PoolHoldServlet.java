package io.monitoring.testapp.jdbc;

import java.io.IOException;

import com.zaxxer.hikari.HikariDataSource;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.monitoring.testapp.servlets.Text;

/**
 * Mapped to {@code /pool/hold?db=X&connections=N}: starts N daemon threads that each borrow one
 * connection from the Hikari pool of X and hold it until {@code /pool/release}. Answers 202 at once
 * ({@code holding=N}); 503 if the pool cannot be created.
 */
public class PoolHoldServlet extends DatabaseServlet {

    private final HikariPools pools;
    private final HeldConnections held;

    PoolHoldServlet(HikariPools pools, HeldConnections held) {
        this.pools = pools;
        this.held = held;
    }

    @Override
    protected void doGet(Database db, HttpServletRequest req, HttpServletResponse resp) throws IOException {
        int connections;
        try {
            connections = Integer.parseInt(req.getParameter("connections"));
        } catch (NumberFormatException e) {
            connections = -1;
        }
        if (connections < 1 || connections > 100) {
            Text.write(resp, HttpServletResponse.SC_BAD_REQUEST, "connections must be 1..100");
            return;
        }
        HikariDataSource pool;
        try {
            pool = pools.get(db);
        } catch (RuntimeException e) {
            Text.write(resp, HttpServletResponse.SC_SERVICE_UNAVAILABLE, String.valueOf(e.getMessage()));
            return;
        }
        held.hold(db, pool, connections);
        Text.write(resp, HttpServletResponse.SC_ACCEPTED, "holding=" + connections);
    }
}
