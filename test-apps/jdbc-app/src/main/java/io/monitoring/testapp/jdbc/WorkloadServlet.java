package io.monitoring.testapp.jdbc;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.monitoring.testapp.servlets.Text;

/**
 * Mapped to {@code /workload?db=h2|postgresql|mariadb&via=driver|hikari&table=T}: runs
 * {@link ShopWorkload} on one connection. 200 {@code ok / s10=... / s11=... / rows=N}; 400 for bad
 * parameters; 503 with the exception message if no connection can be obtained; 500 if a step fails
 * unexpectedly.
 */
public class WorkloadServlet extends DatabaseServlet {

    private final HikariPools pools;

    WorkloadServlet(HikariPools pools) {
        this.pools = pools;
    }

    @Override
    protected void doGet(Database db, HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String via = req.getParameter("via");
        if (!"driver".equals(via) && !"hikari".equals(via)) {
            Text.write(resp, HttpServletResponse.SC_BAD_REQUEST, "via must be driver or hikari");
            return;
        }
        String table = req.getParameter("table");
        if (table == null) {
            table = "orders";
        }
        if (!ShopWorkload.TABLE_NAME.matcher(table).matches()) {
            Text.write(resp, HttpServletResponse.SC_BAD_REQUEST, "table must match " + ShopWorkload.TABLE_NAME);
            return;
        }

        Connection conn;
        try {
            conn = "driver".equals(via) ? db.openWithDriverManager() : pools.get(db).getConnection();
        } catch (SQLException | RuntimeException e) { // Hikari reports a failed pool start unchecked
            Text.write(resp, HttpServletResponse.SC_SERVICE_UNAVAILABLE, String.valueOf(e.getMessage()));
            return;
        }

        ShopWorkload.Result result;
        try (conn) {
            result = new ShopWorkload(db, table).run(conn);
        } catch (SQLException e) {
            Text.write(resp, HttpServletResponse.SC_INTERNAL_SERVER_ERROR,
                    "workload failed: " + e.getClass().getSimpleName() + ":" + e.getSQLState() + ": " + e.getMessage());
            return;
        }
        Text.write(resp, HttpServletResponse.SC_OK,
                "ok\ns10=" + result.s10() + "\ns11=" + result.s11() + "\nrows=" + result.rows() + "\n");
    }
}
