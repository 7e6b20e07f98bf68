package io.monitoring.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.monitoring.it.support.AgentApp;
import io.monitoring.it.support.Artifacts;
import io.monitoring.it.support.ChildJvm;
import io.monitoring.it.support.Http;
import io.monitoring.it.support.Jdks;
import io.monitoring.it.support.NativeProcess;
import io.monitoring.it.support.OtlpReceiver;
import io.monitoring.it.support.OtlpReceiver.Event;
import io.monitoring.it.support.OtlpReceiver.ReceivedSpan;
import io.monitoring.it.support.Poll;
import io.monitoring.it.support.PrometheusScrape;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What each request did with the database, on the Spring Boot app (H2): {@code GET /owners} is an N+1 (1 SELECT on
 * owners, then 1 on pets per each of the 10 owners: 11 statements, the pets one 10 times), {@code GET
 * /owners/with-pets} its fix (1 statement), {@code GET /owners/x/pets/1} runs none; {@code GET /db/slow?ms=N} is one
 * statement that sleeps N ms. Start-up's statements (schema, seed data, H2's SLEEP_MS function) belong to no request.
 */
class DatabaseInsightIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"jdk17", "jdk25"})
    void queriesPerRequestAndRepeatedQueriesAreCountedByRoute(String jdkName) {
        Jdks.Jdk jdk = jdkName.equals("jdk25") ? Jdks.requireJdk25OrSkip() : Jdks.current();
        try (OtlpReceiver receiver = OtlpReceiver.start();
             AgentApp app = AgentApp.start("spring-boot-app", jdk, receiver, "--server.port=", "")) {
            for (int i = 0; i < 5; i++) {
                assertEquals(200, Http.get(app.url("/owners")).status());
                assertEquals(200, Http.get(app.url("/owners/with-pets")).status());
            }
            assertEquals(200, Http.get(app.url("/owners/x/pets/1")).status());
            assertEquals(200, Http.get(app.url("/owners/x/pets/2")).status());

            PrometheusScrape m = Poll.until(app::scrape, s -> s.value("db_queries_per_request_count") == 12.0,
                    Duration.ofSeconds(10), "12 requests observed");
            // the N+1: 11 statements each, all in the (10, 20] bucket
            assertEquals(List.of(0.0, 5.0, 5.0, 55.0), buckets(m, "/owners", "10.0", "20.0"), m::raw);
            // its fix: 1 statement each
            assertEquals(List.of(0.0, 5.0, 5.0, 5.0), buckets(m, "/owners/with-pets", "0.0", "1.0"), m::raw);
            // no statement: the 0 bucket, and no time series
            assertEquals(List.of(2.0, 2.0, 2.0, 0.0), buckets(m, "/owners/{ownerId}/pets/{petId}", "0.0", "1.0"), m::raw);
            assertEquals(Map.of("GET /owners", 5.0, "GET /owners/with-pets", 5.0),
                    m.valuesBy("db_time_per_request_seconds_count", "method", "route"), m::raw);
            // counted once per request, for the pets statement only
            assertEquals(Map.of("GET /owners select pets", 5.0),
                    m.valuesBy("db_repeated_queries_total", "method", "route", "operation", "table"), m::raw);

            List<ReceivedSpan> servers = receiver.awaitSpans(s -> s.kind().equals("SERVER"), 12, Duration.ofSeconds(15));
            Map<String, List<Object>> counts = servers.stream().collect(Collectors.groupingBy(ReceivedSpan::name,
                    Collectors.mapping(s -> s.attribute("db.query.count"), Collectors.toList())));
            assertEquals(Map.of("GET /owners", List.of(11L, 11L, 11L, 11L, 11L),
                    "GET /owners/with-pets", List.of(1L, 1L, 1L, 1L, 1L),
                    "GET /owners/{ownerId}/pets/{petId}", List.of(0L, 0L)), counts);
            for (ReceivedSpan span : servers) {
                List<Event> events = span.events();
                if (!span.name().equals("GET /owners")) {
                    assertEquals(List.of(), events, span.name());
                    continue;
                }
                assertTrue(((Double) span.attribute("db.query.duration")) > 0, span.toString());
                assertEquals(1, events.size(), events::toString);
                Event repeated = events.get(0);
                assertEquals("db.repeated_query", repeated.name());
                assertEquals(10L, repeated.attributes().get("db.query.count"));
                assertEquals("pets", repeated.attributes().get("db.collection.name"));
                String text = (String) repeated.attributes().get("db.query.text");
                assertTrue(text.startsWith("select ") && text.contains("owner_id=?"), text);
                // Hibernate's aliases (p1_0) have digits; a literal would stand after '=', ',', '(' or a space
                assertFalse(text.matches("(?s).*[=,(\\s]\\d.*"), "no literal: " + text);
            }
        }
    }

    @Test
    void aSlowStatementIsCountedListedWithItsRouteAndTraceAndLoggedOnce() throws Exception {
        try (OtlpReceiver receiver = OtlpReceiver.start();
             AgentApp app = AgentApp.start("spring-boot-app", Jdks.current(), receiver, "--server.port=",
                     "db.slow-query.threshold=200ms,db.slow-query.log=true")) {
            assertEquals("shipped", Http.get(app.url("/db/slow?ms=300")).body());
            assertEquals("shipped", Http.get(app.url("/db/slow?ms=1")).body());
            assertEquals("shipped", Http.get(app.url("/db/slow?ms=250")).body());

            PrometheusScrape m = app.scrape();
            assertEquals(Map.of("h2 petshop select orders", 2.0),
                    m.valuesBy("db_slow_queries_total", "system", "database", "operation", "table"), m::raw);

            JsonNode page = JSON.readTree(Http.get("http://127.0.0.1:" + app.metricsPort + "/slow-queries").body());
            assertEquals(0.2, page.get("thresholdSeconds").asDouble());
            assertEquals(2, page.get("total").asInt());
            JsonNode entries = page.get("slowQueries");
            assertEquals(2, entries.size(), page::toString);
            List<ReceivedSpan> requests = receiver.awaitSpans(s -> s.name().equals("GET /db/slow"), 3, Duration.ofSeconds(15));
            // newest first: the 250 ms one, then the 300 ms one
            assertTrue(entries.get(0).get("durationSeconds").asDouble() >= 0.25, page::toString);
            assertTrue(entries.get(1).get("durationSeconds").asDouble() >= 0.3, page::toString);
            for (JsonNode entry : entries) {
                assertEquals("SELECT status, SLEEP_MS(?) FROM orders WHERE id = ?", entry.get("text").asText(), "no literal");
                assertEquals("GET", entry.get("method").asText());
                assertEquals("/db/slow", entry.get("route").asText());
                assertEquals(List.of("h2", "petshop", "select", "orders"), List.of(entry.get("system").asText(),
                        entry.get("database").asText(), entry.get("operation").asText(), entry.get("table").asText()));
                String traceId = entry.get("traceId").asText();
                assertTrue(requests.stream().anyMatch(s -> s.traceId().equals(traceId)), traceId + " is a request's trace");
            }
            // the second came within a second of the first: one line, not two
            String line = app.jvm.awaitLine("slow statement: ", Duration.ofSeconds(10));
            assertTrue(line.endsWith("h2 petshop select orders, trace " + entries.get(1).get("traceId").asText()
                    + ": SELECT status, SLEEP_MS(?) FROM orders WHERE id = ?"), line);
            assertEquals(1, app.jvm.stderr().lines().filter(l -> l.contains("slow statement: ")).count(), app.jvm::stderr);
        }
    }

    @Test
    void theSlowQueriesPageAsksForTheMetricsCredentials(@TempDir Path dir) throws Exception {
        String curl = NativeProcess.require("curl");
        Path password = Files.writeString(dir.resolve("metrics-password"), "s3cret\n");
        int metricsPort = ChildJvm.freePort();
        try (ChildJvm app = ChildJvm.app("spring-boot-app").env(AgentApp.withoutAgentEnvironment())
                .agent(Artifacts.agentJar()).agentArgs("metrics.host=127.0.0.1,traces.exporter=none,metrics.port="
                        + metricsPort + ",db.slow-query.threshold=1ms,metrics.username=prometheus,metrics.password-file=" + password)
                .args("--server.port=0").start()) {
            int port = AgentApp.awaitReady(app);
            assertEquals("shipped", Http.get("http://127.0.0.1:" + port + "/db/slow?ms=5").body());
            String url = "http://127.0.0.1:" + metricsPort + "/slow-queries";
            assertEquals("401", curl(curl, "-s", "-o", "/dev/null", "-w", "%{http_code}", url));
            assertEquals("401", curl(curl, "-s", "-o", "/dev/null", "-w", "%{http_code}", "-u", "prometheus:wrong", url));
            JsonNode page = JSON.readTree(curl(curl, "-s", "-u", "prometheus:s3cret", url));
            assertEquals("/db/slow", page.get("slowQueries").get(0).get("route").asText(), page::toString);
        }
    }

    @Test
    void nothingIsReportedPerRequestWhenJdbcIsNotMeasured() {
        try (AgentApp app = AgentApp.start("spring-boot-app", Jdks.current(), null, "--server.port=",
                "instrumentation.jdbc.enabled=false,db.slow-query.threshold=1ms")) {
            assertEquals(200, Http.get(app.url("/owners")).status());
            assertEquals("shipped", Http.get(app.url("/db/slow?ms=5")).body());
            PrometheusScrape m = Poll.until(app::scrape, s -> s.value("http_requests_total") == 2.0,
                    Duration.ofSeconds(10), "2 requests counted");
            for (String family : List.of("db_queries_per_request_count", "db_time_per_request_seconds_count",
                    "db_repeated_queries_total", "db_slow_queries_total")) {
                assertEquals(List.of(), m.samples(family), family);
            }
        }
    }

    /** {@code db_queries_per_request} of GET {@code route}: the two buckets' counts, then count and sum. */
    private static List<Double> buckets(PrometheusScrape m, String route, String le1, String le2) {
        Map<String, String> r = Map.of("method", "GET", "route", route);
        return List.of(m.value("db_queries_per_request_bucket", with(r, le1)),
                m.value("db_queries_per_request_bucket", with(r, le2)),
                m.value("db_queries_per_request_count", r), m.value("db_queries_per_request_sum", r));
    }

    private static Map<String, String> with(Map<String, String> labels, String le) {
        Map<String, String> all = new java.util.HashMap<>(labels);
        all.put("le", le);
        return all;
    }

    private static String curl(String curl, String... args) {
        String[] command = new String[args.length + 1];
        command[0] = curl;
        System.arraycopy(args, 0, command, 1, args.length);
        return NativeProcess.run(Path.of("."), Duration.ofSeconds(20), command).output().trim();
    }
}
