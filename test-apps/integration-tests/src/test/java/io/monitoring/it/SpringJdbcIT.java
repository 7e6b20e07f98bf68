package io.monitoring.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.monitoring.it.support.AgentApp;
import io.monitoring.it.support.Http;
import io.monitoring.it.support.Jdks;
import io.monitoring.it.support.OtlpReceiver;
import io.monitoring.it.support.OtlpReceiver.ReceivedSpan;
import io.monitoring.it.support.Poll;
import io.monitoring.it.support.PrometheusScrape;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Spring's JdbcTemplate and Spring Data JPA on Hibernate, behind HikariCP, on H2: every repository call
 * reaches the driver through Hikari's proxies and is counted once, with the table Hibernate's SQL names,
 * and its span sits under the request's SERVER span. On JDK 17 and JDK 25.
 */
class SpringJdbcIT {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"jdk17", "jdk25"})
    void countsEachRepositoryCallOnceUnderItsRequest(String jdkName) {
        Jdks.Jdk jdk = jdkName.equals("jdk25") ? Jdks.requireJdk25OrSkip() : Jdks.current();
        try (OtlpReceiver receiver = OtlpReceiver.start();
             AgentApp app = AgentApp.start("spring-boot-app", jdk, receiver, "--server.port=", "service.name=petshop")) {
            assertEquals(200, Http.get(app.url("/orders/1")).status());          // JdbcTemplate: one SELECT each
            assertEquals(200, Http.get(app.url("/orders/2")).status());
            assertEquals(200, Http.get(app.url("/orders/999")).status());
            assertEquals(200, Http.get(app.url("/orders/abc")).status());        // not a number: no SQL
            assertEquals(200, Http.get(app.url("/owners/7/pets/9")).status());   // JPA findById: one SELECT each
            assertEquals(200, Http.get(app.url("/owners/8/pets/10")).status());
            assertEquals(201, Http.request("POST", app.url("/orders")).status()); // JPA save: one INSERT each
            assertEquals(201, Http.request("POST", app.url("/orders")).status());
            assertEquals(500, Http.get(app.url("/db/fail")).status());           // JdbcTemplate on a missing table

            Map<String, Double> expected = new TreeMap<>(Map.of(
                    "other unknown success", 3.0 + 1.0,    // schema.sql: 3 CREATE TABLE; H2's CREATE ALIAS SLEEP_MS
                    "insert orders success", 1.0 + 2.0,    // data.sql + 2 POST
                    "insert owners success", 1.0,
                    "insert pets success", 1.0,
                    "select orders success", 3.0,
                    "select pets success", 2.0,
                    "select no_such_table error", 1.0));
            PrometheusScrape scrape = Poll.until(app::scrape,
                    s -> s.value("db_query_duration_seconds_count", Map.of("table", "no_such_table")) == 1.0,
                    Duration.ofSeconds(10), "the failed query counted");
            assertEquals(expected, scrape.valuesBy("db_query_duration_seconds_count", "operation", "table", "status"), scrape::raw);
            assertEquals(Map.of("h2 petshop", 15.0), scrape.valuesBy("db_query_duration_seconds_count", "system", "database"));
            Poll.until(() -> app.scrape().value("db_connection_pool_size", Map.of("pool", "petshop", "state", "total")),
                    total -> total == 4.0, Duration.ofSeconds(20), "Hikari pool petshop to report 4 connections");

            ReceivedSpan pets = serverSpan(receiver, "GET /owners/{ownerId}/pets/{petId}");
            ReceivedSpan select = onlyChild(receiver, pets);
            assertEquals("SELECT pets", select.name());
            assertEquals("select pe1_0.id,pe1_0.name,pe1_0.owner_id from pets pe1_0 where pe1_0.id=?", select.attribute("db.query.text"));
            assertEquals("h2database", select.attribute("db.system.name"));
            assertEquals("petshop", select.attribute("db.namespace"));

            assertEquals("INSERT orders", onlyChild(receiver, serverSpan(receiver, "POST /orders")).name());
            assertEquals("SELECT orders", onlyChild(receiver, serverSpan(receiver, "GET /orders/{id}")).name());
            ReceivedSpan failed = onlyChild(receiver, serverSpan(receiver, "GET /db/fail"));
            assertEquals("SELECT no_such_table", failed.name());
            assertEquals("ERROR", failed.statusCode());
        }
    }

    private static ReceivedSpan serverSpan(OtlpReceiver receiver, String name) {
        return receiver.awaitSpans(s -> s.kind().equals("SERVER") && s.name().equals(name), 1, Duration.ofSeconds(15)).get(0);
    }

    private static ReceivedSpan onlyChild(OtlpReceiver receiver, ReceivedSpan parent) {
        List<ReceivedSpan> children = receiver.awaitSpans(s -> s.parentSpanId().equals(parent.spanId()), 1, Duration.ofSeconds(15));
        assertEquals(1, children.size(), children::toString);
        assertEquals(parent.traceId(), children.get(0).traceId());
        assertEquals("CLIENT", children.get(0).kind());
        return children.get(0);
    }
}
