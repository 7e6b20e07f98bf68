package io.monitoring.testapp.jdbc;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.servlets.DefaultServlet;
import org.apache.catalina.startup.Tomcat;

/**
 * Embedded Tomcat 11 test application that runs a known JDBC workload against H2 (in memory),
 * PostgreSQL (127.0.0.1:5432/test) or MariaDB (127.0.0.1:3306/test), either straight through
 * {@code DriverManager} or through a HikariCP pool. Context path {@code /shop}; servlets are
 * registered programmatically.
 *
 * <p>Usage: {@code java -jar jdbc-app.jar --port N} (0 = any free port; bound to 127.0.0.1). Prints
 * {@code READY port=N} once serving. JDBC URLs can be overridden with {@code -Djdbc.url.h2=...},
 * {@code -Djdbc.url.postgresql=...}, {@code -Djdbc.url.mariadb=...}.
 *
 * <h2>Endpoints (all GET, text/plain)</h2>
 * <ul>
 *   <li>{@code /shop/workload?db=h2|postgresql|mariadb&via=driver|hikari&table=T} (T default
 *       {@code orders}, {@code [a-z][a-z0-9_]{0,40}}): the workload below on one connection. 200
 *       {@code ok}, {@code s10=<exception>:<SQLState>}, {@code s11=<exception>:<SQLState>},
 *       {@code rows=3}; 503 if no connection can be obtained; 400 for bad parameters.</li>
 *   <li>{@code /shop/pool/hold?db=X&connections=N}: N daemon threads each borrow and hold one
 *       connection of Hikari pool {@code shop-X} (max 4; the rest wait, i.e. are "pending"). 202.</li>
 *   <li>{@code /shop/pool/release?db=X}: releases them, waits at most 35 s for the threads; 200
 *       {@code released=N}.</li>
 *   <li>{@code /shop/pool/create?db=X}: creates pool {@code shop-X} if needed, runs no SQL. 200.</li>
 *   <li>{@code /shop/health}: 200 {@code ok}, no SQL.</li>
 * </ul>
 *
 * <h2>Workload (T = table), per request</h2>
 * <table>
 *   <caption>JDBC calls, by step</caption>
 *   <tr><th>Step</th><th>JDBC call</th><th>Count</th></tr>
 *   <tr><td>S1</td><td>{@code Statement.execute} DROP TABLE IF EXISTS T</td><td>1</td></tr>
 *   <tr><td>S2</td><td>{@code Statement.execute} CREATE TABLE T</td><td>1</td></tr>
 *   <tr><td>S3</td><td>{@code PreparedStatement.executeUpdate} INSERT (ids 1..3)</td><td>3</td></tr>
 *   <tr><td>S4</td><td>{@code PreparedStatement.addBatch} INSERT (ids 4..8) then {@code executeBatch}</td>
 *       <td>5 + 1</td></tr>
 *   <tr><td>S5</td><td>{@code Statement.addBatch(String)} 2 UPDATEs then {@code executeBatch}</td><td>2 + 1</td></tr>
 *   <tr><td>S6</td><td>{@code PreparedStatement.executeQuery} SELECT ... WHERE customer = ? (3 rows in
 *       all)</td><td>4</td></tr>
 *   <tr><td>S7</td><td>{@code Statement.executeQuery} SELECT count(*) ... {@code /* FROM secret_table *}{@code /}</td>
 *       <td>2</td></tr>
 *   <tr><td>S8</td><td>{@code PreparedStatement.executeUpdate} UPDATE T SET amount = amount + ?</td><td>2</td></tr>
 *   <tr><td>S9</td><td>{@code Statement.executeUpdate} DELETE FROM T WHERE id = 8</td><td>1</td></tr>
 *   <tr><td>S10</td><td>{@code Statement.executeQuery} SELECT * FROM T_missing, fails</td><td>1 (error)</td></tr>
 *   <tr><td>S11</td><td>{@code PreparedStatement.executeUpdate} INSERT id 1 again, fails (duplicate
 *       key)</td><td>1 (error)</td></tr>
 *   <tr><td>S12</td><td>{@code CallableStatement.execute}: h2 {@code {call ABS(?)}}, postgresql
 *       {@code {call abs(?)}}, mariadb {@code {call T_count(?)}} preceded by two {@code Statement.execute}
 *       (DROP PROCEDURE IF EXISTS T_count, CREATE PROCEDURE T_count)</td><td>1 (mariadb: + 2)</td></tr>
 * </table>
 * Totals: 19 execute, executeQuery, executeUpdate and executeBatch calls (21 on MariaDB), of which
 * 2 fail (S10, S11), plus 7 {@code addBatch}; S6 reads 3 rows.
 */
public final class JdbcApp {

    static final String CONTEXT_PATH = "/shop";

    private JdbcApp() {
    }

    public static void main(String[] args) throws Exception {
        int port = parsePort(args);

        Path baseDir = Files.createTempDirectory("jdbc-app-");
        Path docBase = Files.createDirectories(baseDir.resolve("docroot"));

        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(baseDir.toString());
        tomcat.setPort(port);
        Connector connector = tomcat.getConnector(); // creates the default HTTP/1.1 connector
        connector.setProperty("address", "127.0.0.1");

        Context ctx = tomcat.addContext(CONTEXT_PATH, docBase.toString());

        HikariPools pools = new HikariPools();
        HeldConnections held = new HeldConnections();

        addServlet(ctx, "workload", new WorkloadServlet(pools), "/workload");
        addServlet(ctx, "poolHold", new PoolHoldServlet(pools, held), "/pool/hold");
        addServlet(ctx, "poolRelease", new PoolReleaseServlet(held), "/pool/release");
        addServlet(ctx, "poolCreate", new PoolCreateServlet(pools), "/pool/create");
        addServlet(ctx, "contract", new io.monitoring.testapp.outcome.OutcomeServlet(JdbcContract.cases(pools)), "/contract/*");
        addServlet(ctx, "health", new HealthServlet(), "/health");
        // anything else: the default servlet answers 404 from the (empty) doc base
        addServlet(ctx, "default", new DefaultServlet(), "/");

        tomcat.start();

        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                tomcat.stop();
                tomcat.destroy();
            } catch (LifecycleException e) {
                System.err.println("jdbc-app: error during shutdown: " + e);
            }
            pools.closeAll();
            deleteRecursively(baseDir);
        }, "jdbc-app-shutdown"));

        System.out.println("READY port=" + connector.getLocalPort());
        System.out.flush();

        tomcat.getServer().await(); // embedded server has no shutdown port; returns when stopped
    }

    private static void addServlet(Context ctx, String name, jakarta.servlet.Servlet servlet, String mapping) {
        Tomcat.addServlet(ctx, name, servlet);
        ctx.addServletMappingDecoded(mapping, name);
    }

    static int parsePort(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--port") && i + 1 < args.length) {
                return Integer.parseInt(args[i + 1]);
            }
            if (a.startsWith("--port=")) {
                return Integer.parseInt(a.substring("--port=".length()));
            }
        }
        throw new IllegalArgumentException("usage: --port N");
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        } catch (IOException ignored) {
            // best effort
        }
    }
}
