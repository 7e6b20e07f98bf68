package io.monitoring.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.monitoring.it.support.AgentApp;
import io.monitoring.it.support.ChildJvm;
import io.monitoring.it.support.Http;
import io.monitoring.it.support.Jdks;
import io.monitoring.it.support.OtlpReceiver;
import io.monitoring.it.support.OtlpReceiver.ReceivedSpan;
import io.monitoring.it.support.Poll;
import io.monitoring.it.support.PoolSizes;
import io.monitoring.it.support.PrometheusScrape;
import io.monitoring.it.support.Services;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The JDBC and HikariCP instrumentation against real databases: H2 in memory, PostgreSQL (pgjdbc) and
 * MariaDB (Connector/J). The jdbc-app runs a known workload (its Javadoc lists it: 19 executions, 2 of
 * them failing, on MariaDB 21) once straight through the driver and once through a Hikari pool, inside
 * one HTTP request each; the test checks the exact count per label set, the pool's gauges while
 * connections are held, and the CLIENT spans under each request's SERVER span.
 */
class JdbcIT {
    private static final Duration SPANS = Duration.ofSeconds(20);
    /** Values planted in the workload's literals; none may reach a label or a span. */
    private static final List<String> SECRETS = List.of("alice@example.com", "bob@example.com", "42.5", "10.5", "paid",
            "secret", "nobody@example.com");

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql", "mariadb"})
    void countsEveryStatementOnceThroughTheDriverAndThroughHikari(String db) {
        requireServer(db);
        try (OtlpReceiver receiver = OtlpReceiver.start();
             AgentApp app = AgentApp.start("jdbc-app", Jdks.current(), receiver, "--port", "")) {
            // Hikari checks its first connection once (MariaDB answers getTransactionIsolation with a query of its
            // own through its Statement API); creating the pool first keeps that out of the workload request
            assertEquals(200, Http.get(app.url("/shop/pool/create?db=" + db)).status());
            assertEquals(200, Http.get(app.url("/shop/workload?db=" + db + "&via=driver&table=orders_driver")).status());
            assertEquals(200, Http.get(app.url("/shop/workload?db=" + db + "&via=hikari&table=orders_hikari")).status());

            Map<String, Double> expected = new TreeMap<>();
            for (String table : List.of("orders_driver", "orders_hikari")) {
                expected.merge("other unknown success", db.equals("mariadb") ? 4.0 : 2.0, Double::sum); // DDL
                expected.put("insert " + table + " success", 4.0);   // 3 single + 1 batch of 5
                expected.put("insert " + table + " error", 1.0);     // duplicate key
                expected.put("update " + table + " success", 3.0);   // 1 batch of 2 + 2 single
                expected.put("select " + table + " success", 6.0);   // 4 prepared + 2 plain
                expected.put("delete " + table + " success", 1.0);
                expected.put("select " + table + "_missing error", 1.0);
                expected.merge(db.equals("mariadb") ? "call " + table + "_count success" : "call abs success", 1.0, Double::sum);
            }
            if (db.equals("mariadb")) {
                expected.put("select unknown success", 1.0); // SELECT @@session.tx_isolation, at pool creation
            }
            String database = db.equals("h2") ? "shop" : "test";
            PrometheusScrape scrape = app.scrape();
            assertEquals(expected, counts(scrape, db, database), scrape::raw);
            assertEquals(Map.of(db + " " + database, counts(scrape, db, database).values().stream().mapToDouble(d -> d).sum()),
                    scrape.valuesBy("db_query_duration_seconds_count", "system", "database"),
                    "every execution is labelled with the database of its connection");
            for (PrometheusScrape.Sample sample : scrape.samples("db_query_duration_seconds_count")) {
                for (String secret : SECRETS) {
                    assertFalse(sample.labels().toString().contains(secret), sample.toString());
                }
            }
            assertEquals(0.0, scrape.value("monitoring_agent_errors_total"), scrape::raw);

            checkSpans(receiver, db, database, "orders_hikari");
        }
    }

    private void checkSpans(OtlpReceiver receiver, String db, String database, String table) {
        ReceivedSpan request = receiver.awaitSpans(s -> s.kind().equals("SERVER")
                && "/shop/workload".equals(s.attribute("http.route"))
                && String.valueOf(s.attribute("url.path")).endsWith("/workload"), 2, SPANS).stream()
                .filter(s -> receiver.spans().stream().anyMatch(c -> c.parentSpanId().equals(s.spanId())
                        && String.valueOf(c.name()).contains(table)))
                .findFirst().orElseThrow(() -> new AssertionError("no workload request span with " + table + " children"));
        int executions = db.equals("mariadb") ? 21 : 19;
        List<ReceivedSpan> children = receiver.awaitSpans(s -> s.parentSpanId().equals(request.spanId()), executions, SPANS);
        assertEquals(executions, children.size(), () -> children.stream().map(ReceivedSpan::name).collect(Collectors.joining("\n")));

        Map<String, Long> names = children.stream().collect(Collectors.groupingBy(ReceivedSpan::name, TreeMap::new, Collectors.counting()));
        Map<String, Long> expectedNames = new TreeMap<>(Map.of(
                "DROP", 1L, "CREATE", 1L,
                "INSERT " + table, 4L, "BATCH INSERT " + table, 1L,
                "BATCH UPDATE " + table, 1L, "UPDATE " + table, 2L,
                "SELECT " + table, 6L, "DELETE " + table, 1L,
                "SELECT " + table + "_missing", 1L,
                db.equals("mariadb") ? "CALL " + table + "_count" : "CALL abs", 1L));
        if (db.equals("mariadb")) {
            expectedNames.merge("DROP", 1L, Long::sum);
            expectedNames.merge("CREATE", 1L, Long::sum);
        }
        assertEquals(expectedNames, names);

        String semconvSystem = db.equals("h2") ? "h2database" : db;
        for (ReceivedSpan span : children) {
            assertEquals("CLIENT", span.kind(), span::toString);
            assertEquals(request.traceId(), span.traceId());
            assertEquals(semconvSystem, span.attribute("db.system.name"), span::toString);
            assertEquals(database, span.attribute("db.namespace"), span::toString);
            assertTrue(span.attribute("db.query.text") instanceof String, span::toString);
            if (db.equals("h2")) {
                assertNull(span.attribute("server.address"), span::toString);
            } else {
                assertEquals("127.0.0.1", span.attribute("server.address"), span::toString);
                assertEquals(db.equals("postgresql") ? 5432L : 3306L, span.attribute("server.port"), span::toString);
            }
            for (String secret : SECRETS) {
                assertFalse(span.attributes().toString().contains(secret), () -> "a literal reached the span: " + span);
            }
        }
        ReceivedSpan plainSelect = children.stream()
                .filter(s -> String.valueOf(s.attribute("db.query.text")).startsWith("SELECT count(*)")).findFirst().orElseThrow();
        assertEquals("SELECT count(*) FROM " + table + " WHERE customer = ? AND amount > ?", plainSelect.attribute("db.query.text"));
        assertEquals("SELECT", plainSelect.attribute("db.operation.name"));
        assertEquals(table, plainSelect.attribute("db.collection.name"));

        ReceivedSpan batch = children.stream().filter(s -> s.name().equals("BATCH INSERT " + table)).findFirst().orElseThrow();
        assertEquals(5L, batch.attribute("db.operation.batch.size"));
        assertEquals("INSERT INTO " + table + " (id, customer, amount, status) VALUES (?, ?, ?, ?)", batch.attribute("db.query.text"));

        ReceivedSpan missing = children.stream().filter(s -> s.name().equals("SELECT " + table + "_missing")).findFirst().orElseThrow();
        assertEquals("ERROR", missing.statusCode());
        assertTrue(String.valueOf(missing.attribute("error.type")).endsWith("Exception"), missing::toString);
        assertEquals(db.equals("postgresql") ? "42P01" : "42S02", missing.attribute("db.response.status_code"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql", "mariadb"})
    void reportsHikariPoolSizesAsConnectionsAreBorrowedAndReturned(String db) {
        requireServer(db);
        try (AgentApp app = AgentApp.start("jdbc-app", Jdks.current(), null, "--port", "")) {
            String pool = "shop-" + db;
            assertEquals(200, Http.get(app.url("/shop/pool/create?db=" + db)).status());
            PoolSizes.await(app, pool, 0, 4, 4, 0); // minimumIdle=4 fills in the background

            assertEquals(202, Http.get(app.url("/shop/pool/hold?db=" + db + "&connections=2")).status());
            PoolSizes.await(app, pool, 2, 2, 4, 0);
            assertEquals(200, Http.get(app.url("/shop/pool/release?db=" + db)).status());
            PoolSizes.await(app, pool, 0, 4, 4, 0);

            // maximumPoolSize=4: the fifth thread waits for a connection
            assertEquals(202, Http.get(app.url("/shop/pool/hold?db=" + db + "&connections=5")).status());
            PoolSizes.await(app, pool, 4, 0, 4, 1);
            assertEquals(200, Http.get(app.url("/shop/pool/release?db=" + db)).status());
            PoolSizes.await(app, pool, 0, 4, 4, 0);

            // seven borrowers in all, each wait observed once; the fifth waited at least until the scrape that saw it
            // pending had been answered, past the 1 ms bucket; none gave up
            PrometheusScrape scrape = app.scrape();
            assertEquals(7.0, scrape.value("db_connection_pool_wait_seconds_count", Map.of("pool", pool)), scrape::raw);
            Map<String, String> oneMs = Map.of("pool", pool, "le", "0.001");
            assertEquals(1, scrape.samples("db_connection_pool_wait_seconds_bucket").stream()
                    .filter(b -> b.labels().entrySet().containsAll(oneMs.entrySet())).count(), scrape::raw);
            assertTrue(scrape.value("db_connection_pool_wait_seconds_bucket", oneMs) <= 6.0, scrape::raw);
            assertEquals(0.0, scrape.value("db_connection_pool_timeouts_total", Map.of("pool", pool)), scrape::raw);
        }
    }

    /**
     * Tomcat JDBC's pool (2 connections, borrowers give up after 300 ms): sizes as connections are held and returned,
     * each borrower's wait, and the one that gave up counted once, its wait between 100 and 500 ms. The pool is
     * filled first: a borrower that opens a new connection waits for that too.
     */
    @Test
    void reportsTomcatJdbcPoolSizesWaitsAndTheBorrowerThatGaveUp() {
        try (AgentApp app = AgentApp.start("jdbc-app", Jdks.current(), null, "--port", "")) {
            String pool = "tomcat-h2";
            assertEquals(202, Http.get(app.url("/shop/tomcat-pool/hold?connections=2")).status());
            PoolSizes.await(app, pool, 2, 0, 2, 0);
            assertEquals(200, Http.get(app.url("/shop/tomcat-pool/release")).status());
            PoolSizes.await(app, pool, 0, 2, 2, 0);
            PrometheusScrape before = app.scrape();

            assertEquals(202, Http.get(app.url("/shop/tomcat-pool/hold?connections=2")).status());
            PoolSizes.await(app, pool, 2, 0, 2, 0);
            assertEquals(202, Http.get(app.url("/shop/tomcat-pool/hold?connections=1")).status());
            // the timeout and the wait are two series: one scrape can see the one before the other
            PrometheusScrape after = Poll.until(app::scrape,
                    m -> m.value("db_connection_pool_timeouts_total", Map.of("pool", pool)) >= 1.0
                            && PoolSizes.waits(m, pool, "+Inf") - PoolSizes.waits(before, pool, "+Inf") >= 3.0,
                    Duration.ofSeconds(10), "the third borrower to give up after 300 ms");
            assertEquals(1.0, after.value("db_connection_pool_timeouts_total", Map.of("pool", pool)), after::raw);
            assertEquals(3.0, PoolSizes.waits(after, pool, "+Inf") - PoolSizes.waits(before, pool, "+Inf"), after::raw);
            assertEquals(2.0, PoolSizes.waits(after, pool, "0.1") - PoolSizes.waits(before, pool, "0.1"), "two idle connections handed over at once");
            assertEquals(1.0, (PoolSizes.waits(after, pool, "0.5") - PoolSizes.waits(after, pool, "0.1")) - (PoolSizes.waits(before, pool, "0.5")
                    - PoolSizes.waits(before, pool, "0.1")), () -> "the borrower that gave up waited its 300 ms\n" + after.raw());
            assertEquals(200, Http.get(app.url("/shop/tomcat-pool/release")).status());
            PoolSizes.await(app, pool, 0, 2, 2, 0);
        }
    }

    @Test
    void measuresNothingWhenJdbcInstrumentationIsOff() {
        try (AgentApp app = AgentApp.start("jdbc-app", Jdks.current(), null, "--port",
                "instrumentation.jdbc.enabled=false,instrumentation.hikaricp.enabled=false")) {
            assertEquals(200, Http.get(app.url("/shop/workload?db=h2&via=hikari")).status());
            PrometheusScrape scrape = app.scrape();
            assertEquals(List.of(), scrape.samples("db_query_duration_seconds_count"), scrape::raw);
            assertEquals(List.of(), scrape.samples("db_connection_pool_size"), scrape::raw);
            assertEquals(1.0, scrape.value("http_requests_total", Map.of("route", "/shop/workload")), scrape::raw);
        }
    }

    @Test
    void theApplicationSeesTheSameResultsAndExceptions() {
        String withAgent;
        try (AgentApp app = AgentApp.start("jdbc-app", Jdks.current(), null, "--port", "")) {
            withAgent = Http.get(app.url("/shop/workload?db=h2&via=hikari")).body();
        }
        String without;
        try (ChildJvm jvm = ChildJvm.app("jdbc-app").env(AgentApp.withoutAgentEnvironment()).args("--port", "0").start()) {
            int port = AgentApp.awaitReady(jvm);
            without = Http.get("http://127.0.0.1:" + port + "/shop/workload?db=h2&via=hikari").body();
        }
        assertTrue(without.contains("s10=JdbcSQLSyntaxErrorException:42S02"), without);
        assertEquals(without, withAgent, "rows read, exception classes and SQL states are the application's own");
    }

    private static Map<String, Double> counts(PrometheusScrape scrape, String system, String database) {
        Map<String, Double> counts = new TreeMap<>();
        for (PrometheusScrape.Sample s : scrape.samples("db_query_duration_seconds_count")) {
            if (system.equals(s.labels().get("system")) && database.equals(s.labels().get("database")) && s.value() > 0) {
                counts.merge(s.labels().get("operation") + " " + s.labels().get("table") + " " + s.labels().get("status"),
                        s.value(), Double::sum);
            }
        }
        return counts;
    }

    private static void requireServer(String db) {
        if (db.equals("postgresql")) {
            Services.POSTGRESQL.requireOrSkip();
        } else if (db.equals("mariadb")) {
            Services.MARIADB.requireOrSkip();
        }
    }
}
