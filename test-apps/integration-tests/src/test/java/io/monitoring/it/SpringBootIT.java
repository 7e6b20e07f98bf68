package io.monitoring.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.monitoring.it.support.AgentApp;
import io.monitoring.it.support.Http;
import io.monitoring.it.support.Jdks;
import io.monitoring.it.support.OtlpReceiver;
import io.monitoring.it.support.OtlpReceiver.ReceivedSpan;
import io.monitoring.it.support.Poll;
import io.monitoring.it.support.PrometheusScrape;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A Spring Boot 4 web application: routes are Spring MVC's templates, a controller that throws and an
 * unknown path both go through Spring Boot's /error page without being counted as /error, and sampled
 * requests leave an exemplar pointing at their trace.
 */
class SpringBootIT {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"jdk17", "jdk25"})
    void routesAreSpringTemplatesAndErrorPagesBelongToTheRequestTheyServe(String jdkName) throws Exception {
        Jdks.Jdk jdk = jdkName.equals("jdk25") ? Jdks.requireJdk25OrSkip() : Jdks.current();
        try (OtlpReceiver receiver = OtlpReceiver.start();
             AgentApp app = AgentApp.start("spring-boot-app", jdk, receiver, "--server.port=", "service.name=petshop")) {

            for (int id = 1; id <= 3; id++) {
                assertEquals(200, Http.get(app.url("/orders/" + id)).status());
            }
            assertEquals(200, Http.get(app.url("/owners/7/pets/9")).status());
            assertEquals(200, Http.get(app.url("/owners/8/pets/10")).status());
            assertEquals(201, Http.request("POST", app.url("/orders")).status());
            assertEquals(500, Http.get(app.url("/boom")).status());
            assertEquals(500, Http.get(app.url("/boom")).status());
            assertEquals(404, Http.get(app.url("/nope/123")).status());
            assertEquals(404, Http.get(app.url("/nope/abc")).status());
            assertEquals(200, Http.get(app.url("/health")).status());
            // a matched path with a method no handler takes: the handler's template, as Spring spells it
            assertEquals(405, Http.request("DELETE", app.url("/owners/7/pets/9")).status());

            PrometheusScrape metrics = Poll.until(app::scrape, m -> m.value("http_requests_total") == 12.0,
                    Duration.ofSeconds(10), "12 requests counted");
            Map<String, Double> actual = metrics.valuesBy("http_requests_total", "method", "route", "status_code");
            Map<String, Double> expected = new HashMap<>();
            expected.put("GET /orders/{id} 200", 3.0);
            expected.put("GET /owners/{ownerId}/pets/{petId} 200", 2.0);
            expected.put("POST /orders 201", 1.0);
            expected.put("GET /boom 500", 2.0);
            expected.put("GET unmatched 404", 2.0);
            expected.put("GET /health 200", 1.0);
            expected.put("DELETE /owners/{ownerId}/pets/{petId} 405", 1.0);
            assertEquals(expected, actual, "no /error route: the error page is part of the request it serves");
            assertEquals(Set.of("petshop"), metrics.samples("http_requests_total").stream()
                    .map(s -> s.labels().get("service")).collect(Collectors.toSet()));
            assertEquals(2.0, metrics.value("http_request_errors_total", Map.of("route", "/boom", "error_type", "server_error")));
            assertEquals(2.0, metrics.value("http_request_errors_total", Map.of("route", "unmatched", "error_type", "client_error")));
            assertEquals(0.0, metrics.value("http_requests_in_flight"));
            assertTrue(metrics.value("jvm_memory_used_bytes", Map.of("service", "petshop")) > 0, "JVM metrics carry the service label");

            List<ReceivedSpan> spans = receiver.awaitSpans(s -> s.kind().equals("SERVER"), 12, Duration.ofSeconds(15));
            Map<String, Long> names = spans.stream().collect(Collectors.groupingBy(ReceivedSpan::name, Collectors.counting()));
            assertEquals(Map.of("GET /orders/{id}", 3L, "GET /owners/{ownerId}/pets/{petId}", 2L, "POST /orders", 1L,
                    "GET /boom", 2L, "GET", 2L, "GET /health", 1L, "DELETE /owners/{ownerId}/pets/{petId}", 1L), names);
            for (ReceivedSpan boom : spans.stream().filter(s -> s.name().equals("GET /boom")).toList()) {
                assertEquals("ERROR", boom.statusCode());
                assertEquals(500L, boom.attribute("http.response.status_code"));
                assertNotNull(boom.attribute("error.type"));
            }
            assertEquals("petshop", spans.get(0).resource().get("service.name"));
            assertEquals("production", spans.get(0).resource().get("deployment.environment.name"));

            // exemplars: the OpenMetrics exposition links a duration bucket to a trace that really arrived
            PrometheusScrape open = PrometheusScrape.fetch(app.metricsPort, PrometheusScrape.OPENMETRICS);
            List<PrometheusScrape.Sample> withExemplar = open.samples("http_request_duration_seconds_bucket").stream()
                    .filter(s -> s.exemplar() != null && s.labels().get("method").equals("GET")
                            && s.labels().get("route").equals("/owners/{ownerId}/pets/{petId}")).toList();
            assertFalse(withExemplar.isEmpty(), open.raw());
            Matcher m = Pattern.compile("trace_id=\"([0-9a-f]{32})\"").matcher(withExemplar.get(0).exemplar());
            assertTrue(m.find(), withExemplar.get(0).exemplar());
            String traceId = m.group(1);
            assertTrue(spans.stream().anyMatch(s -> s.traceId().equals(traceId) && s.name().equals("GET /owners/{ownerId}/pets/{petId}")),
                    "exemplar trace " + traceId + " among the received spans");
        }
    }

    /**
     * An application whose catch-all {@code @ExceptionHandler(Exception.class)} answers unknown paths with 500: a
     * request no handler of the application matched is {@code unmatched} whatever its status. (Before, Spring's
     * {@code /**} resource-handler pattern let each unknown path through as its own route.)
     */
    @org.junit.jupiter.api.Test
    void unknownPathsAnsweredByACatchAllExceptionHandlerAreUnmatched() throws Exception {
        try (AgentApp app = AgentApp.start("spring-boot-app", Jdks.current(), null, "--server.port=", "",
                "--errors.catch-all=true")) {
            for (String path : List.of("/nope/1", "/nope/abc", "/api/users/alice", "/favicon-missing.ico")) {
                assertEquals(500, Http.get(app.url(path)).status(), path);
            }
            assertEquals(200, Http.get(app.url("/orders/1")).status());
            assertEquals(500, Http.get(app.url("/boom")).status());

            PrometheusScrape metrics = Poll.until(app::scrape, m -> m.value("http_requests_total") == 6.0,
                    Duration.ofSeconds(10), "6 requests counted");
            assertEquals(Map.of("GET unmatched 500", 4.0, "GET /orders/{id} 200", 1.0, "GET /boom 500", 1.0),
                    metrics.valuesBy("http_requests_total", "method", "route", "status_code"));
        }
    }

    /**
     * Spring's own resource chain cache ({@code spring-resource-chain-cache}: one miss per unknown static path) stays
     * out of the application's cache metrics by default; {@code monitoring.cache.ignore=none} lets it in.
     */
    @ParameterizedTest(name = "cache.ignore {0}")
    @ValueSource(strings = {"by default", "none"})
    void springsResourceChainCacheIsIgnoredByDefault(String ignore) throws Exception {
        String agentArgs = ignore.equals("by default") ? "" : "cache.ignore=none";
        try (AgentApp app = AgentApp.start("spring-boot-app", Jdks.current(), null, "--server.port=", agentArgs,
                "--spring.web.resources.chain.enabled=true", "--spring.web.resources.chain.cache=true")) {
            for (String path : List.of("/nope/a.css", "/nope/b.css", "/nope/c.js")) {
                assertEquals(404, Http.get(app.url(path)).status(), path);
            }
            assertEquals(200, Http.get(app.url("/checkout/1")).status());
            PrometheusScrape metrics = Poll.until(app::scrape, m -> m.value("cache_operations_total",
                    Map.of("cache_name", "prices")) == 2.0, Duration.ofSeconds(10), "the application's cache counted");
            double chain = metrics.value("cache_operations_total", Map.of("cache_name", "spring-resource-chain-cache"));
            if (ignore.equals("by default")) {
                assertEquals(0.0, chain, metrics::raw);
            } else {
                assertEquals(3.0, chain, () -> "one miss per unknown static path\n" + metrics.raw());
            }
        }
    }

    /**
     * The application's version: by default the main jar's {@code Implementation-Version} (the app's build writes
     * 0.1.0-SNAPSHOT), as {@code service_version} on {@code monitoring_agent_info} and {@code service.version} on the
     * spans' resource; {@code monitoring.service.version} wins over it. The agent's own version stays {@code version}.
     */
    @Test
    void theServiceVersionIsTheJarsImplementationVersionUnlessConfigured() {
        try (OtlpReceiver receiver = OtlpReceiver.start();
             AgentApp app = AgentApp.start("spring-boot-app", Jdks.current(), receiver, "--server.port=", "")) {
            Map<String, String> info = app.scrape().labelSets("monitoring_agent_info").iterator().next();
            assertEquals("0.1.0-SNAPSHOT", info.get("service_version"), info::toString);
            assertEquals(200, Http.get(app.url("/health")).status());
            ReceivedSpan span = receiver.awaitSpans(s -> s.kind().equals("SERVER"), 1, Duration.ofSeconds(15)).get(0);
            assertEquals("0.1.0-SNAPSHOT", span.resource().get("service.version"));
        }
        try (AgentApp app = AgentApp.start("spring-boot-app", Jdks.current(), null, "--server.port=",
                "service.version=2.3.1")) {
            Map<String, String> info = app.scrape().labelSets("monitoring_agent_info").iterator().next();
            assertEquals("2.3.1", info.get("service_version"), info::toString);
            assertNotEquals("2.3.1", info.get("version"), "the agent's version is its own");
        }
    }
}
