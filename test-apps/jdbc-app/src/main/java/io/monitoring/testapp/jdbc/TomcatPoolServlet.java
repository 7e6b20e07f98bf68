package io.monitoring.testapp.jdbc;

import io.monitoring.testapp.servlets.Text;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.apache.tomcat.jdbc.pool.DataSource;
import org.apache.tomcat.jdbc.pool.PoolProperties;

/**
 * Mapped to {@code /tomcat-pool/*}: Tomcat JDBC's pool {@code tomcat-h2} on H2, created on first use, with 2
 * connections at most, none opened ahead, and a borrower giving up after 300 ms:
 * <ul>
 *   <li>{@code /tomcat-pool/hold?connections=N}: N daemon threads each borrow and hold one connection (beyond 2 they
 *       wait, and after 300 ms give up). 202.</li>
 *   <li>{@code /tomcat-pool/release}: gives the held connections back, waits for the threads. 200
 *       {@code released=N}.</li>
 * </ul>
 */
public class TomcatPoolServlet extends HttpServlet {
    static final String POOL = "tomcat-h2";

    private final HeldConnections held;
    private volatile DataSource pool;

    TomcatPoolServlet(HeldConnections held) {
        this.held = held;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String action = req.getPathInfo() == null ? "" : req.getPathInfo();
        try {
            if (action.equals("/hold")) {
                held.hold(POOL, pool(), Integer.parseInt(req.getParameter("connections")));
                Text.write(resp, HttpServletResponse.SC_ACCEPTED, "holding\n");
            } else if (action.equals("/release")) {
                Text.write(resp, HttpServletResponse.SC_OK, "released=" + held.release(POOL).connections() + "\n");
            } else {
                Text.write(resp, HttpServletResponse.SC_NOT_FOUND, "no such action\n");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            Text.write(resp, HttpServletResponse.SC_SERVICE_UNAVAILABLE, "interrupted\n");
        }
    }

    private synchronized DataSource pool() {
        if (pool == null) {
            PoolProperties properties = new PoolProperties();
            properties.setName(POOL);
            properties.setUrl("jdbc:h2:mem:tomcatpool;DB_CLOSE_DELAY=-1");
            properties.setDriverClassName("org.h2.Driver");
            properties.setUsername("sa");
            properties.setPassword("");
            properties.setMaxActive(2);
            properties.setMaxIdle(2);
            properties.setMinIdle(0);
            properties.setInitialSize(0);
            properties.setMaxWait(300);
            pool = new DataSource(properties);
        }
        return pool;
    }
}
