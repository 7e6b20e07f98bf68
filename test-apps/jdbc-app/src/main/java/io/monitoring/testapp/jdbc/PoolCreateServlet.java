package io.monitoring.testapp.jdbc;

import java.io.IOException;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.monitoring.testapp.servlets.Text;

/**
 * Mapped to {@code /pool/create?db=X}: makes sure the Hikari pool of X exists, creating it if
 * needed, without running any SQL. 200 {@code pool=shop-X}; 503 if it cannot be created.
 */
public class PoolCreateServlet extends HttpServlet {

    private final HikariPools pools;

    PoolCreateServlet(HikariPools pools) {
        this.pools = pools;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Database db = Database.fromParam(req.getParameter("db"));
        if (db == null) {
            Text.write(resp, HttpServletResponse.SC_BAD_REQUEST, "db must be h2, postgresql or mariadb");
            return;
        }
        try {
            Text.write(resp, HttpServletResponse.SC_OK, "pool=" + pools.get(db).getPoolName());
        } catch (RuntimeException e) {
            Text.write(resp, HttpServletResponse.SC_SERVICE_UNAVAILABLE, String.valueOf(e.getMessage()));
        }
    }
}
