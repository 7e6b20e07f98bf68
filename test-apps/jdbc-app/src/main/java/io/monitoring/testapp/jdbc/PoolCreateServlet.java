package io.monitoring.testapp.jdbc;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.monitoring.testapp.servlets.Text;

/**
 * Mapped to {@code /pool/create?db=X}: makes sure the Hikari pool of X exists, creating it if
 * needed, without running any SQL. 200 {@code pool=shop-X}; 503 if it cannot be created.
 */
public class PoolCreateServlet extends DatabaseServlet {

    private final HikariPools pools;

    PoolCreateServlet(HikariPools pools) {
        this.pools = pools;
    }

    @Override
    protected void doGet(Database db, HttpServletRequest req, HttpServletResponse resp) throws IOException {
        try {
            Text.write(resp, HttpServletResponse.SC_OK, "pool=" + pools.get(db).getPoolName());
        } catch (RuntimeException e) {
            Text.write(resp, HttpServletResponse.SC_SERVICE_UNAVAILABLE, String.valueOf(e.getMessage()));
        }
    }
}
