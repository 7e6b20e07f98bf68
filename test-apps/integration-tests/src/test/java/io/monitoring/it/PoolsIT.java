package io.monitoring.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.monitoring.it.support.AgentApp;
import io.monitoring.it.support.Http;
import io.monitoring.it.support.Jdks;
import io.monitoring.it.support.Poll;
import io.monitoring.it.support.PoolSizes;
import io.monitoring.it.support.PrometheusScrape;
import io.monitoring.it.support.Services;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The connection pools besides HikariCP's and Tomcat JDBC's (JdbcIT): Apache Commons DBCP 2, c3p0, Agroal and Oracle
 * UCP, on H2
 * and on PostgreSQL, on JDK 17 and 25. The jdbc-app's {@code /shop/pools/<library>/<db>/...} holds and returns
 * connections of a pool of 2 (borrowers wait 30 s) and of a starved pool of 1 (borrowers give up after 250 ms;
 * HikariCP's too). After each step the scrape shows the pool's exact sizes; each borrower's wait lands in its bucket,
 * and the one borrower that gave up is one timeout.
 *
 * <p>Pool names: DBCP 2's is the {@code name} of its JMX name, c3p0's its {@code dataSourceName}, UCP's its
 * {@code connectionPoolName}, HikariCP's its {@code poolName} ({@code <library>-<db>}, {@code <library>-<db>-starved}); Agroal's pools have none and are
 * {@code agroal-1}, {@code agroal-2} in the order the app created them (here H2's first).
 */
class PoolsIT {
    private static final List<String> DATABASES = List.of("h2", "postgresql");

    static Stream<Arguments> librariesOnBothJdks() {
        return Stream.of("dbcp2", "c3p0", "agroal", "ucp")
                .flatMap(library -> Stream.of(Arguments.of(library, "jdk17"), Arguments.of(library, "jdk25")));
    }

    static Stream<Arguments> librariesAndHikariOnBothJdks() {
        return Stream.concat(librariesOnBothJdks(), Stream.of(Arguments.of("hikari", "jdk17"), Arguments.of("hikari", "jdk25")));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("librariesOnBothJdks")
    void sizesFollowTheConnectionsTheAppHoldsAndReturnsUntilThePoolIsClosed(String library, String jdkName) {
        Services.POSTGRESQL.requireOrSkip();
        try (AgentApp app = AgentApp.start("jdbc-app", jdk(jdkName), null, "--port", "")) {
            for (String db : DATABASES) {
                String base = "/shop/pools/" + library + "/" + db + "/pool/";
                String pool = poolName(library, db, "");
                hold(app, base, 2);
                PoolSizes.await(app, pool, 2, 0, 2, 0);
                release(app, base);
                PoolSizes.await(app, pool, 0, 2, 2, 0);

                // 2 connections at most: the third borrower waits until the others are returned
                hold(app, base, 3);
                PoolSizes.await(app, pool, 2, 0, 2, 1);
                release(app, base);
                PoolSizes.await(app, pool, 0, 2, 2, 0);

                PrometheusScrape scrape = app.scrape();
                assertEquals(5.0, PoolSizes.waits(scrape, pool, "+Inf"), () -> "five borrowers, each wait once\n" + scrape.raw());
                assertEquals(0.0, scrape.value("db_connection_pool_timeouts_total", Map.of("pool", pool)), scrape::raw);
                assertEquals(0.0, scrape.value("monitoring_agent_errors_total"), scrape::raw);

                // closed: no longer reported
                assertEquals(200, Http.get(app.url(base + "close")).status());
                Poll.until(() -> PoolSizes.of(app.scrape(), pool), Map::isEmpty, Duration.ofSeconds(10), pool + " to disappear");
            }
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("librariesAndHikariOnBothJdks")
    void aStarvedPoolTimesEachWaitAndCountsTheBorrowerThatGaveUpOnce(String library, String jdkName) {
        Services.POSTGRESQL.requireOrSkip();
        try (AgentApp app = AgentApp.start("jdbc-app", jdk(jdkName), null, "--port", "")) {
            for (String db : DATABASES) {
                String base = "/shop/pools/" + library + "/" + db + "/starved/";
                String pool = poolName(library, db, "-starved");
                // the pool's one connection opened first: a borrower that opens a new connection waits for that too
                hold(app, base, 1);
                PoolSizes.await(app, pool, 1, 0, 1, 0);
                release(app, base);
                PoolSizes.await(app, pool, 0, 1, 1, 0);
                PrometheusScrape before = app.scrape();

                hold(app, base, 1);
                PoolSizes.await(app, pool, 1, 0, 1, 0);
                hold(app, base, 1);
                // the timeout and the wait are two series: one scrape can see the one before the other
                PrometheusScrape after = Poll.until(app::scrape,
                        s -> s.value("db_connection_pool_timeouts_total", Map.of("pool", pool)) >= 1.0
                                && PoolSizes.waits(s, pool, "+Inf") - PoolSizes.waits(before, pool, "+Inf") >= 2.0,
                        Duration.ofSeconds(10), "the second borrower of " + pool + " to give up after 250 ms");
                assertEquals(1.0, after.value("db_connection_pool_timeouts_total", Map.of("pool", pool)), after::raw);
                assertEquals(2.0, PoolSizes.waits(after, pool, "+Inf") - PoolSizes.waits(before, pool, "+Inf"), after::raw);
                assertEquals(1.0, PoolSizes.waits(after, pool, "0.1") - PoolSizes.waits(before, pool, "0.1"),
                        () -> "the idle connection handed over at once\n" + after.raw());
                assertEquals(1.0, (PoolSizes.waits(after, pool, "0.5") - PoolSizes.waits(after, pool, "0.1"))
                        - (PoolSizes.waits(before, pool, "0.5") - PoolSizes.waits(before, pool, "0.1")),
                        () -> "the borrower that gave up waited its 250 ms\n" + after.raw());

                release(app, base);
                PoolSizes.await(app, pool, 0, 1, 1, 0);
                PrometheusScrape released = app.scrape();
                assertEquals(1.0, released.value("db_connection_pool_timeouts_total", Map.of("pool", pool)), released::raw);
                assertEquals(0.0, released.value("monitoring_agent_errors_total"), released::raw);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dbcp2", "c3p0", "agroal", "ucp"})
    void aPoolWhoseInstrumentationIsOffIsNotReported(String library) {
        String instrumentation = Map.of("dbcp2", "commons-dbcp2", "ucp", "oracle-ucp").getOrDefault(library, library);
        try (AgentApp app = AgentApp.start("jdbc-app", Jdks.current(), null, "--port",
                "instrumentation." + instrumentation + ".enabled=false")) {
            String base = "/shop/pools/" + library + "/h2/starved/";
            hold(app, base, 1);
            hold(app, base, 1);
            release(app, base);
            PrometheusScrape scrape = app.scrape();
            assertEquals(List.of(), scrape.samples("db_connection_pool_size"), scrape::raw);
            assertEquals(List.of(), scrape.samples("db_connection_pool_wait_seconds_count"), scrape::raw);
            assertEquals(List.of(), scrape.samples("db_connection_pool_timeouts_total"), scrape::raw);
            assertEquals(2.0, scrape.value("http_requests_total", Map.of("route", base + "hold")), scrape::raw);
        }
    }

    private static String poolName(String library, String db, String suffix) {
        return library.equals("agroal") ? "agroal-" + (DATABASES.indexOf(db) + 1) : library + "-" + db + suffix;
    }

    private static void hold(AgentApp app, String base, int connections) {
        assertEquals(202, Http.get(app.url(base + "hold?connections=" + connections)).status());
    }

    private static void release(AgentApp app, String base) {
        assertEquals(200, Http.get(app.url(base + "release")).status());
    }

    private static Jdks.Jdk jdk(String name) {
        return name.equals("jdk25") ? Jdks.requireJdk25OrSkip() : Jdks.current();
    }
}
