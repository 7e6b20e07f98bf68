package io.monitoring.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The application's own methods timed by configuration alone ({@code monitoring.methods}): the Spring Boot app's
 * {@code OrderProcessor.place} validates the id ({@code validate} throws for a negative one) and runs one SELECT.
 * {@code GET /process/1} three times and {@code GET /process/-1} twice (422).
 */
class ConfiguredMethodsIT {
    private static final String PROCESSOR = "io.monitoring.testapp.spring.OrderProcessor";

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"jdk17", "jdk25"})
    void everyMethodOfAClassIsTimedByStatusAndTracedAroundWhatItCalls(String jdkName) {
        Jdks.Jdk jdk = jdkName.equals("jdk25") ? Jdks.requireJdk25OrSkip() : Jdks.current();
        try (OtlpReceiver receiver = OtlpReceiver.start();
             AgentApp app = AgentApp.start("spring-boot-app", jdk, receiver, "--server.port=",
                     "methods=" + PROCESSOR + "#*")) {
            traffic(app);
            PrometheusScrape m = Poll.until(app::scrape, s -> s.value("http_requests_total") == 5.0,
                    Duration.ofSeconds(10), "5 requests counted");
            assertEquals(Map.of(PROCESSOR + " place success", 3.0, PROCESSOR + " place error", 2.0,
                            PROCESSOR + " validate success", 3.0, PROCESSOR + " validate error", 2.0),
                    m.valuesBy("method_duration_seconds_count", "class", "method", "status"), m::raw);

            List<ReceivedSpan> requests = receiver.awaitSpans(s -> s.name().equals("GET /process/{id}"), 5, Duration.ofSeconds(15));
            for (ReceivedSpan request : requests) {
                ReceivedSpan place = receiver.awaitSpans(s -> s.parentSpanId().equals(request.spanId()), 1,
                        Duration.ofSeconds(15)).get(0);
                assertEquals("OrderProcessor.place", place.name());
                assertEquals("INTERNAL", place.kind());
                assertEquals(PROCESSOR + ".place", place.attribute("code.function.name"));
                boolean failed = request.attribute("http.response.status_code").equals(422L);
                List<String> children = receiver.awaitSpans(s -> s.parentSpanId().equals(place.spanId()),
                        failed ? 1 : 2, Duration.ofSeconds(15)).stream().map(ReceivedSpan::name).sorted().toList();
                // what the method calls is its child: its own validate, and the query when the id is valid
                assertEquals(failed ? List.of("OrderProcessor.validate") : List.of("OrderProcessor.validate", "SELECT orders"),
                        children);
                assertEquals(failed ? "ERROR" : "UNSET", place.statusCode());
                if (failed) {
                    assertEquals("java.lang.IllegalArgumentException", place.attribute("error.type"));
                }
            }
        }
    }

    @Test
    void oneNamedMethodIsTimedAndBadEntriesAreOneLineEach() {
        try (AgentApp app = AgentApp.start("spring-boot-app", Jdks.current(), null, "--server.port=",
                "methods=" + PROCESSOR + "#place;com.example.NeverLoaded#*;no-method-here;" + PROCESSOR + "#")) {
            traffic(app);
            PrometheusScrape m = Poll.until(app::scrape, s -> s.value("http_requests_total") == 5.0,
                    Duration.ofSeconds(10), "5 requests counted");
            assertEquals(Map.of("place success", 3.0, "place error", 2.0),
                    m.valuesBy("method_duration_seconds_count", "method", "status"), m::raw);
            String stderr = app.jvm.stderr();
            for (String bad : List.of("no-method-here", PROCESSOR + "#")) {
                assertEquals(1, stderr.lines().filter(l -> l.contains("monitoring.methods: '" + bad + "' is not a class"
                        + " and method")).count(), stderr);
            }
            assertEquals(0.0, m.value("monitoring_agent_errors_total"), m::raw);
        }
    }

    @Test
    void nothingIsTimedWhenTheMethodsInstrumentationIsOff() {
        try (AgentApp app = AgentApp.start("spring-boot-app", Jdks.current(), null, "--server.port=",
                "methods=" + PROCESSOR + "#*,instrumentation.methods.enabled=false")) {
            traffic(app);
            PrometheusScrape m = Poll.until(app::scrape, s -> s.value("http_requests_total") == 5.0,
                    Duration.ofSeconds(10), "5 requests counted");
            assertEquals(List.of(), m.samples("method_duration_seconds_count"), m::raw);
        }
    }

    private static void traffic(AgentApp app) {
        for (int i = 0; i < 3; i++) {
            Http.Response ok = Http.get(app.url("/process/1"));
            assertEquals(200, ok.status());
            assertEquals("shipped", ok.body());
        }
        for (int i = 0; i < 2; i++) {
            Http.Response refused = Http.get(app.url("/process/-1"));
            assertEquals(422, refused.status());
            assertTrue(refused.body().contains("no order -1"), refused.body());
        }
    }
}
