package io.monitoring.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.monitoring.it.support.AgentApp;
import io.monitoring.it.support.ChildJvm;
import io.monitoring.it.support.Http;
import io.monitoring.it.support.Jdks;
import io.monitoring.it.support.OtlpReceiver;
import io.monitoring.it.support.OtlpReceiver.ReceivedSpan;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The application's own {@code @WithSpan} methods (withspan-app's OrderService, opentelemetry-instrumentation-annotations
 * 2.31): each call is a span under the request's SERVER span, named by the annotation or {@code Class.method}, of the
 * annotation's kind, with its {@code @SpanAttribute}s; one that throws is an error; a returned stage ends its span
 * when it completes, failed or not. The app answers the same without the agent (the annotations are no-ops there).
 */
class WithSpanIT {
    private static final Duration SPANS = Duration.ofSeconds(15);

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"jdk17", "jdk25"})
    void annotatedMethodsAreSpansUnderTheRequest(String jdkName) {
        Jdks.Jdk jdk = jdkName.equals("jdk25") ? Jdks.requireJdk25OrSkip() : Jdks.current();
        try (OtlpReceiver receiver = OtlpReceiver.start();
             AgentApp app = AgentApp.start("withspan-app", jdk, receiver, "--port", "")) {
            assertEquals(responses(app.port), expectedResponses());

            ReceivedSpan place = child(receiver, server(receiver, "GET /place", 200));
            assertEquals(List.of("OrderService.place", "INTERNAL", 7L, "alice", "io.monitoring.testapp.withspan.OrderService.place"),
                    List.of(place.name(), place.kind(), place.attribute("order.id"), place.attribute("customer"),
                            place.attribute("code.function.name")));
            List<ReceivedSpan> inner = receiver.awaitSpans(s -> s.parentSpanId().equals(place.spanId()), 2, SPANS);
            assertEquals(Map.of("validate order", "INTERNAL", "OrderService.publish", "PRODUCER"), kinds(inner));

            ReceivedSpan refused = child(receiver, server(receiver, "GET /place", 422));
            assertEquals("ERROR", refused.statusCode());
            assertEquals(-1L, refused.attribute("order.id"));
            ReceivedSpan validate = receiver.awaitSpans(s -> s.parentSpanId().equals(refused.spanId()), 1, SPANS).get(0);
            assertEquals(List.of("validate order", "ERROR", "java.lang.IllegalArgumentException"),
                    List.of(validate.name(), validate.statusCode(), validate.attribute("error.type")));

            // the stage completed (or failed) 50 ms after the method returned: only then is the outcome known
            ReceivedSpan confirmed = child(receiver, server(receiver, "GET /confirm", 200));
            assertEquals(List.of("OrderService.confirm", "UNSET", 3L),
                    List.of(confirmed.name(), confirmed.statusCode(), confirmed.attribute("order.id")));
            ReceivedSpan failed = child(receiver, server(receiver, "GET /confirm", 422));
            assertEquals(List.of("ERROR", "java.lang.IllegalStateException"),
                    List.of(failed.statusCode(), failed.attribute("error.type")));
        }
    }

    @Test
    void withoutTheAgentTheAnnotationsChangeNothing() {
        try (ChildJvm plain = ChildJvm.app("withspan-app").env(AgentApp.withoutAgentEnvironment()).args("--port", "0").start()) {
            assertEquals(expectedResponses(), responses(AgentApp.awaitReady(plain)));
        }
    }

    @Test
    void noSpanWhenTheInstrumentationIsOff() {
        try (OtlpReceiver receiver = OtlpReceiver.start();
             AgentApp app = AgentApp.start("withspan-app", Jdks.current(), receiver, "--port",
                     "instrumentation.with-span.enabled=false")) {
            assertEquals(expectedResponses(), responses(app.port));
            receiver.awaitSpans(s -> s.kind().equals("SERVER"), 4, SPANS);
            assertEquals(List.of(), receiver.spans().stream().filter(s -> !s.kind().equals("SERVER")).toList());
        }
    }

    private static Map<String, String> responses(int port) {
        Map<String, String> answers = new LinkedHashMap<>();
        for (String path : List.of("/place?id=7&customer=alice", "/place?id=-1&customer=bob", "/confirm?id=3", "/confirm?id=-2")) {
            Http.Response r = Http.get("http://127.0.0.1:" + port + path);
            answers.put(path, r.status() + " " + r.body());
        }
        return answers;
    }

    private static Map<String, String> expectedResponses() {
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("/place?id=7&customer=alice", "200 placed 7 for alice");
        expected.put("/place?id=-1&customer=bob", "422 no order -1");
        expected.put("/confirm?id=3", "200 confirmed 3");
        expected.put("/confirm?id=-2", "422 cannot confirm -2");
        return expected;
    }

    private static ReceivedSpan server(OtlpReceiver receiver, String name, long status) {
        return receiver.awaitSpans(s -> s.name().equals(name) && Long.valueOf(status).equals(s.attribute("http.response.status_code")),
                1, SPANS).get(0);
    }

    private static ReceivedSpan child(OtlpReceiver receiver, ReceivedSpan parent) {
        List<ReceivedSpan> children = receiver.awaitSpans(s -> s.parentSpanId().equals(parent.spanId()), 1, SPANS);
        assertEquals(1, children.size(), children::toString);
        return children.get(0);
    }

    private static Map<String, String> kinds(List<ReceivedSpan> spans) {
        Map<String, String> kinds = new LinkedHashMap<>();
        spans.stream().sorted((a, b) -> b.name().compareTo(a.name())).forEach(s -> kinds.put(s.name(), s.kind()));
        return kinds;
    }
}
