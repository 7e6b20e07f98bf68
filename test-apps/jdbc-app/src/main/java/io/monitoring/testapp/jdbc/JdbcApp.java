package io.monitoring.testapp.jdbc;

import jakarta.servlet.Servlet;

import org.apache.catalina.startup.Tomcat;

import io.monitoring.testapp.launcher.EmbeddedTomcat;
import io.monitoring.testapp.launcher.LaunchProtocol;
import io.monitoring.testapp.outcome.OutcomeServlet;
import io.monitoring.testapp.servlets.HealthServlet;

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
 *   <li>{@code /shop/tomcat-pool/hold?connections=N}, {@code /shop/tomcat-pool/release}: the same on Tomcat JDBC's
 *       pool {@code tomcat-h2} (H2, 2 connections, borrowers give up after 300 ms); see {@link TomcatPoolServlet}.</li>
 *   <li>{@code /shop/pools/<library>/<db>/pool|starved/hold?connections=N}, {@code .../release}: the same on DBCP 2,
 *       c3p0, Agroal and HikariCP pools of 2 connections (borrowers wait 30 s) or 1 (they give up after 250 ms); see
 *       {@link PoolsServlet}.</li>
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
        EmbeddedTomcat<Servlet> tomcat =
                EmbeddedTomcat.create("jdbc-app", LaunchProtocol.port(args), CONTEXT_PATH, Tomcat::addServlet);

        HikariPools pools = new HikariPools();
        HeldConnections held = new HeldConnections();

        tomcat.addServlet("workload", new WorkloadServlet(pools), "/workload");
        tomcat.addServlet("poolHold", new PoolHoldServlet(pools, held), "/pool/hold");
        tomcat.addServlet("poolRelease", new PoolReleaseServlet(held), "/pool/release");
        tomcat.addServlet("poolCreate", new PoolCreateServlet(pools), "/pool/create");
        tomcat.addServlet("tomcatPool", new TomcatPoolServlet(held), "/tomcat-pool/*");
        PoolsServlet otherPools = new PoolsServlet(held);
        tomcat.addServlet("pools", otherPools, "/pools/*");
        tomcat.addServlet("contract", new OutcomeServlet(JdbcContract.cases(pools)), "/contract/*");
        tomcat.addServlet("health", new HealthServlet(), "/health");
        tomcat.addDefaultServletForUnmappedPaths();
        tomcat.onShutdown(() -> {
            pools.closeAll();
            otherPools.closeAll();
        });

        tomcat.serveUntilStopped();
    }
}
