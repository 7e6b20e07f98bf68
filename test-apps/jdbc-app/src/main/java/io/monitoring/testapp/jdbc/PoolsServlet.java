package io.monitoring.testapp.jdbc;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.sql.DataSource;

import io.monitoring.testapp.servlets.Text;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Mapped to {@code /pools/*}: the pools of {@link PoolLibrary} ({@code dbcp2}, {@code c3p0}, {@code agroal},
 * {@code hikari}) on a database ({@code h2}, {@code postgresql}, {@code mariadb}), each created on first use, in two
 * sizes:
 * <ul>
 *   <li>{@code pool}: named {@code <library>-<db>}, 2 connections at most, borrowers wait up to 30 s;</li>
 *   <li>{@code starved}: named {@code <library>-<db>-starved}, 1 connection, borrowers give up after 250 ms.</li>
 * </ul>
 * {@code /pools/<library>/<db>/<size>/hold?connections=N}: N daemon threads each borrow and hold one connection
 * (beyond the pool's size they wait, and the starved pool's give up). 202. {@code .../release}: gives the held
 * connections back, waits for the threads. 200 {@code released=N}. {@code .../close}: closes the pool (a later
 * {@code hold} creates a new one). 200.
 */
public class PoolsServlet extends HttpServlet {
    private final HeldConnections held;
    private final Map<String, DataSource> pools = new ConcurrentHashMap<>();

    PoolsServlet(HeldConnections held) {
        this.held = held;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String[] path = (req.getPathInfo() == null ? "" : req.getPathInfo()).split("/");
        PoolLibrary library = path.length == 5 ? PoolLibrary.fromParam(path[1]) : null;
        Database db = path.length == 5 ? Database.fromParam(path[2]) : null;
        boolean starved = path.length == 5 && path[3].equals("starved");
        if (library == null || db == null || !(starved || path[3].equals("pool"))) {
            Text.write(resp, HttpServletResponse.SC_NOT_FOUND, "expected /pools/<library>/<db>/pool|starved/hold|release\n");
            return;
        }
        String name = library.paramName() + "-" + db.paramName() + (starved ? "-starved" : "");
        try {
            if (path[4].equals("hold")) {
                DataSource pool = pools.computeIfAbsent(name, n -> create(library, db, n, starved));
                held.hold(name, pool, Integer.parseInt(req.getParameter("connections")));
                Text.write(resp, HttpServletResponse.SC_ACCEPTED, "holding\n");
            } else if (path[4].equals("release")) {
                Text.write(resp, HttpServletResponse.SC_OK, "released=" + held.release(name).connections() + "\n");
            } else if (path[4].equals("close")) {
                DataSource pool = pools.remove(name);
                if (pool != null) {
                    PoolLibrary.close(pool);
                }
                Text.write(resp, HttpServletResponse.SC_OK, pool == null ? "no such pool\n" : "closed\n");
            } else {
                Text.write(resp, HttpServletResponse.SC_NOT_FOUND, "no such action\n");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            Text.write(resp, HttpServletResponse.SC_SERVICE_UNAVAILABLE, "interrupted\n");
        } catch (Exception e) {
            Text.write(resp, HttpServletResponse.SC_SERVICE_UNAVAILABLE, e + "\n");
        }
    }

    private static DataSource create(PoolLibrary library, Database db, String name, boolean starved) {
        try {
            return starved ? library.create(db, name, 1, Duration.ofMillis(250)) : library.create(db, name, 2, Duration.ofSeconds(30));
        } catch (Exception e) {
            throw new IllegalStateException("cannot create pool " + name, e);
        }
    }

    void closeAll() {
        pools.values().forEach(pool -> {
            try {
                PoolLibrary.close(pool);
            } catch (Exception ignored) {
                // shutting down
            }
        });
    }
}
