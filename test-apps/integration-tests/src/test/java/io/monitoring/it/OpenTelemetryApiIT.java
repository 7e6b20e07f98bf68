package io.monitoring.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.monitoring.it.support.AgentApp;
import io.monitoring.it.support.ChildJvm;
import io.monitoring.it.support.Http;
import io.monitoring.it.support.Jdks;
import io.monitoring.it.support.OtlpReceiver;
import io.monitoring.it.support.OtlpReceiver.ReceivedSpan;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * An application's own OpenTelemetry API (opentelemetry-api-app: API 1.68, the newest supported; the same code on
 * 1.0.0, the oldest, in opentelemetry-api-legacy-app) gets the agent's SDK behind it. One {@code GET
 * /checkout?items=2} is this trace:
 * <pre>
 * GET /checkout        SERVER    (agent)  shop.customer=c-42 and event cart.loaded, set through Span.current()
 * ├─ price-item        INTERNAL  (app)    shop.item=1, shop.currency=EUR; scope shop-checkout 1.0.0
 * ├─ price-item        INTERNAL  (app)    shop.item=2
 * ├─ reserve-stock     INTERNAL  (app)    made current, with baggage shop.tenant=acme
 * │  └─ GET            CLIENT    (agent)  HttpURLConnection to /inventory, sending the baggage
 * │     └─ GET /inventory SERVER (agent)  shop.tenant=acme, read from Baggage.current() and set through Span.current()
 * └─ charge            CLIENT    (app)    ERROR, an exception event
 * </pre>
 * and the response names the request's SERVER span as the application saw it through {@code Span.current()}.
 */
class OpenTelemetryApiIT {
    private static final Duration SPANS = Duration.ofSeconds(20);
    private static final Pattern ANSWER = Pattern.compile("trace=([0-9a-f]{32}) span=([0-9a-f]{16}) tenant=(\\w+)");

    @ParameterizedTest(name = "{0} on {1}")
    @CsvSource({"opentelemetry-api-app, jdk17", "opentelemetry-api-legacy-app, jdk17", "opentelemetry-api-app, jdk25"})
    void theApplicationsSpansAreChildrenOfTheAgentsAndExportedWithThem(String app, String jdkName) {
        Jdks.Jdk jdk = jdkName.equals("jdk25") ? Jdks.requireJdk25OrSkip() : Jdks.current();
        try (OtlpReceiver receiver = OtlpReceiver.start();
             AgentApp started = AgentApp.start(app, jdk, receiver, "--port", "")) {
            Matcher answer = checkout(started.port);
            assertEquals("acme", answer.group(3), "the baggage reached /inventory through the agent's HTTP client and server");

            ReceivedSpan checkout = receiver.awaitSpans(s -> s.name().equals("GET /checkout"), 1, SPANS).get(0);
            assertEquals(List.of(answer.group(1), answer.group(2)), List.of(checkout.traceId(), checkout.spanId()),
                    "Span.current() in the request is its SERVER span");
            assertEquals("c-42", checkout.attribute("shop.customer"));
            assertEquals(List.of("cart.loaded"), checkout.events().stream().map(OtlpReceiver.Event::name).toList());

            List<ReceivedSpan> children = receiver.awaitSpans(s -> s.parentSpanId().equals(checkout.spanId()), 4, SPANS);
            assertEquals(List.of("charge CLIENT", "price-item INTERNAL", "price-item INTERNAL", "reserve-stock INTERNAL"),
                    children.stream().map(s -> s.name() + " " + s.kind()).sorted().toList());
            children.forEach(s -> assertEquals(List.of(checkout.traceId(), "shop-checkout", "1.0.0", app),
                    List.of(s.traceId(), s.scopeName(), s.scopeVersion(), s.resource().get("service.name")), s::toString));
            assertEquals(List.of(Map.of("shop.currency", "EUR", "shop.item", 1L), Map.of("shop.currency", "EUR", "shop.item", 2L)),
                    children.stream().filter(s -> s.name().equals("price-item")).map(ReceivedSpan::attributes)
                            .map(Map::copyOf).sorted((a, b) -> Long.compare((Long) a.get("shop.item"), (Long) b.get("shop.item"))).toList());

            ReceivedSpan charge = children.stream().filter(s -> s.name().equals("charge")).findFirst().orElseThrow();
            assertEquals("ERROR", charge.statusCode());
            assertEquals(List.of("exception"), charge.events().stream().map(OtlpReceiver.Event::name).toList());
            assertEquals(List.of("java.lang.IllegalStateException", "card declined", "test"),
                    List.of(charge.events().get(0).attributes().get("exception.type"),
                            charge.events().get(0).attributes().get("exception.message"),
                            charge.events().get(0).attributes().get("shop.gateway")));

            ReceivedSpan reserve = children.stream().filter(s -> s.name().equals("reserve-stock")).findFirst().orElseThrow();
            ReceivedSpan call = receiver.awaitSpans(s -> s.parentSpanId().equals(reserve.spanId()), 1, SPANS).get(0);
            assertEquals(List.of("GET", "CLIENT", "http://127.0.0.1:" + started.port + "/inventory"),
                    List.of(call.name(), call.kind(), call.attribute("url.full")));
            ReceivedSpan inventory = receiver.awaitSpans(s -> s.parentSpanId().equals(call.spanId()), 1, SPANS).get(0);
            assertEquals(List.of("GET /inventory", "SERVER", "acme"),
                    List.of(inventory.name(), inventory.kind(), inventory.attribute("shop.tenant")));

            // concurrent requests: each sees its own SERVER span, and its spans are its own children
            receiver.clear();
            List<Matcher> answers = concurrentCheckouts(started.port, 20);
            List<ReceivedSpan> servers = receiver.awaitSpans(s -> s.name().equals("GET /checkout"), 20, SPANS);
            Set<String> serverIds = new HashSet<>();
            servers.forEach(s -> serverIds.add(s.traceId() + "/" + s.spanId()));
            Set<String> seen = new HashSet<>();
            answers.forEach(m -> seen.add(m.group(1) + "/" + m.group(2)));
            assertEquals(serverIds, seen);
            List<ReceivedSpan> items = receiver.awaitSpans(s -> s.name().equals("price-item"), 40, SPANS);
            for (ReceivedSpan item : items) {
                assertTrue(serverIds.contains(item.traceId() + "/" + item.parentSpanId()), item::toString);
            }
        }
    }

    @Test
    void withoutTheAgentTheApiIsANoOp() {
        try (ChildJvm plain = ChildJvm.app("opentelemetry-api-legacy-app").env(AgentApp.withoutAgentEnvironment())
                .args("--port", "0").start()) {
            assertEquals("trace=00000000000000000000000000000000 span=0000000000000000 tenant=none",
                    checkout(AgentApp.awaitReady(plain)).group());
        }
    }

    @Test
    void withTheInstrumentationOffTheApplicationsSpansGoNowhere() {
        try (OtlpReceiver receiver = OtlpReceiver.start();
             AgentApp app = AgentApp.start("opentelemetry-api-app", Jdks.current(), receiver, "--port",
                     "instrumentation.opentelemetry-api.enabled=false")) {
            assertEquals("trace=00000000000000000000000000000000 span=0000000000000000 tenant=none", checkout(app.port).group());
            // the agent's own spans only: the request, the call, the called request
            receiver.awaitSpans(s -> s.name().equals("GET /checkout"), 1, SPANS);
            assertEquals(List.of("GET", "GET /checkout", "GET /inventory"),
                    receiver.awaitSpans(s -> true, 3, SPANS).stream().map(ReceivedSpan::name).sorted().toList());
        }
    }

    private static Matcher checkout(int port) {
        Http.Response response = Http.get("http://127.0.0.1:" + port + "/checkout?items=2");
        assertEquals(200, response.status(), response::body);
        Matcher m = ANSWER.matcher(response.body());
        assertTrue(m.matches(), response.body());
        return m;
    }

    private static List<Matcher> concurrentCheckouts(int port, int requests) {
        ExecutorService pool = Executors.newFixedThreadPool(requests);
        try {
            List<Future<Matcher>> futures = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                futures.add(pool.submit(() -> checkout(port)));
            }
            List<Matcher> answers = new ArrayList<>();
            for (Future<Matcher> f : futures) {
                answers.add(f.get());
            }
            return answers;
        } catch (Exception e) {
            throw new AssertionError(e);
        } finally {
            pool.shutdownNow();
        }
    }
}
