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
import io.monitoring.it.support.Services;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Future;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.ArrayList;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Spring Boot WebFlux on Reactor Netty (test-apps/webflux-app): one observation per request from its arrival until
 * the response is complete, routed by WebFlux's best-matching pattern (annotated or functional), {@code unmatched}
 * when no handler matched; a request its client abandons is counted once as 499; the SERVER span is the parent of
 * the JDBC call the request offloads to {@code boundedElastic}.
 */
class WebFluxIT {
    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String PARENT_SPAN_ID = "00f067aa0ba902b7";
    private static final Duration SPANS = Duration.ofSeconds(20);

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"jdk17", "jdk25"})
    void everyRequestIsCountedOnceUnderItsWebFluxRoute(String jdkName) throws Exception {
        Jdks.Jdk jdk = jdkName.equals("jdk25") ? Jdks.requireJdk25OrSkip() : Jdks.current();
        try (OtlpReceiver receiver = OtlpReceiver.start();
             AgentApp app = AgentApp.start("webflux-app", jdk, receiver, "--server.port=", "service.name=reactive-shop")) {
            for (int id = 1; id <= 3; id++) {
                expect(200, "order " + id, Http.get(app.url("/orders/" + id)));
            }
            expect(200, "pet 9 of 7", Http.get(app.url("/owners/7/pets/9")));
            expect(201, "created", Http.request("POST", app.url("/orders")));
            assertEquals(500, Http.get(app.url("/boom")).status());
            assertEquals(500, Http.get(app.url("/boom")).status());
            assertEquals(404, Http.get(app.url("/missing/5")).status());
            assertEquals(404, Http.get(app.url("/nope/1")).status());
            assertEquals(404, Http.get(app.url("/nope/abc")).status());
            expect(200, "item 7", Http.get(app.url("/fn/items/7")));
            expect(200, "item abc", Http.get(app.url("/fn/items/abc")));
            expect(200, "lamp", Http.get(app.url("/db/1")));
            expect(200, "chair", Http.get(app.url("/db/2")));
            expect(200, "order 77", Http.get(app.url("/orders/77"),
                    Map.of("traceparent", "00-" + TRACE_ID + "-" + PARENT_SPAN_ID + "-01")));
            abandonSlowRequest(app);

            PrometheusScrape metrics = Poll.until(app::scrape, m -> m.value("http_requests_total") == 16.0,
                    Duration.ofSeconds(15), "16 requests counted");
            Map<String, Double> expected = new HashMap<>();
            expected.put("GET /orders/{id} 200", 4.0);
            expected.put("GET /owners/{ownerId}/pets/{petId} 200", 1.0);
            expected.put("POST /orders 201", 1.0);
            expected.put("GET /boom 500", 2.0);
            expected.put("GET /missing/{id} 404", 1.0);
            expected.put("GET unmatched 404", 2.0);
            expected.put("GET /fn/items/{itemId} 200", 2.0);
            expected.put("GET /db/{id} 200", 2.0);
            expected.put("GET /slow 499", 1.0);
            assertEquals(expected, metrics.valuesBy("http_requests_total", "method", "route", "status_code"), metrics::raw);
            assertEquals(2.0, metrics.value("http_request_errors_total", Map.of("route", "/boom", "error_type", "server_error")));
            assertEquals(0.0, metrics.value("http_requests_in_flight"), "back to 0 after every outcome, the abandoned one too");

            List<ReceivedSpan> servers = receiver.awaitSpans(s -> s.kind().equals("SERVER"), 16, SPANS);
            Map<String, Long> names = servers.stream().collect(Collectors.groupingBy(ReceivedSpan::name, Collectors.counting()));
            assertEquals(Map.of("GET /orders/{id}", 4L, "GET /owners/{ownerId}/pets/{petId}", 1L, "POST /orders", 1L,
                    "GET /boom", 2L, "GET /missing/{id}", 1L, "GET", 2L, "GET /fn/items/{itemId}", 2L, "GET /db/{id}", 2L,
                    "GET /slow", 1L), names);
            ReceivedSpan continued = servers.stream().filter(s -> s.traceId().equals(TRACE_ID)).findFirst().orElseThrow();
            assertEquals(PARENT_SPAN_ID, continued.parentSpanId(), "the incoming traceparent is the parent");
            assertEquals("reactive-shop", continued.resource().get("service.name"));

            // the query runs on boundedElastic, scheduled while the request's span was current
            for (ReceivedSpan db : servers.stream().filter(s -> s.name().equals("GET /db/{id}")).toList()) {
                List<ReceivedSpan> children = receiver.awaitSpans(s -> s.parentSpanId().equals(db.spanId()), 1, SPANS);
                assertEquals(1, children.size(), children::toString);
                assertEquals("SELECT items", children.get(0).name());
                assertEquals(db.traceId(), children.get(0).traceId());
            }
        }
    }

    /**
     * 40 {@code GET /db/{id}} requests, 8 at a time: each runs its one query on a boundedElastic thread, where the
     * request's context was carried, and counts exactly that one, never another request's; a request without
     * a query counts none.
     */
    @Test
    void eachReactiveRequestCountsItsOwnQueries() throws Exception {
        try (OtlpReceiver receiver = OtlpReceiver.start();
             AgentApp app = AgentApp.start("webflux-app", Jdks.current(), receiver, "--server.port=", "")) {
            ExecutorService clients = Executors.newFixedThreadPool(8);
            try {
                List<Future<Http.Response>> responses = new ArrayList<>();
                for (int i = 0; i < 40; i++) {
                    String path = i % 2 == 0 ? "/db/1" : "/db/2";
                    responses.add(clients.submit(() -> Http.get(app.url(path))));
                }
                for (Future<Http.Response> response : responses) {
                    assertEquals(200, response.get(60, TimeUnit.SECONDS).status());
                }
            } finally {
                clients.shutdown();
            }
            expect(200, "item 7", Http.get(app.url("/fn/items/7")));

            PrometheusScrape m = Poll.until(app::scrape, s -> s.value("db_queries_per_request_count") == 41.0,
                    Duration.ofSeconds(15), "41 requests observed");
            Map<String, String> db = Map.of("route", "/db/{id}");
            assertEquals(List.of(0.0, 40.0, 40.0, 40.0), List.of(
                    m.value("db_queries_per_request_bucket", Map.of("route", "/db/{id}", "le", "0.0")),
                    m.value("db_queries_per_request_bucket", Map.of("route", "/db/{id}", "le", "1.0")),
                    m.value("db_queries_per_request_count", db), m.value("db_queries_per_request_sum", db)), m::raw);
            assertEquals(0.0, m.value("db_queries_per_request_sum", Map.of("route", "/fn/items/{itemId}")), m::raw);
        }
    }

    /**
     * {@code GET /call?url=...} makes one WebClient call: to a second instance (200, 503), and to a refused port. Each
     * is one observation under its target and status ({@code 0} without a response), and one CLIENT span, child of
     * the request's SERVER span, whose {@code traceparent} the backend continues: one trace per request.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"jdk17", "jdk25"})
    void webClientCallsAreMeasuredAndCarryTheTraceToTheNextService(String jdkName) throws Exception {
        Jdks.Jdk jdk = jdkName.equals("jdk25") ? Jdks.requireJdk25OrSkip() : Jdks.current();
        try (OtlpReceiver receiver = OtlpReceiver.start();
             AgentApp backend = AgentApp.start("webflux-app", jdk, receiver, "--server.port=", "service.name=backend");
             AgentApp frontend = AgentApp.start("webflux-app", jdk, receiver, "--server.port=", "service.name=frontend")) {
            expect(200, "status=200", Http.get(frontend.url("/call?url=" + backend.url("/status/200"))));
            expect(200, "status=503", Http.get(frontend.url("/call?url=" + backend.url("/status/503"))));
            expect(200, "error=WebClientRequestException", Http.get(frontend.url("/call?url=http://127.0.0.1:1/status/200")));
            expect(200, "lamp", Http.get(frontend.url("/call-then-db/1?url=" + backend.url("/status/200"))));

            String target = "127.0.0.1:" + backend.port;
            PrometheusScrape front = Poll.until(frontend::scrape, m -> m.value("external_api_duration_seconds_count") == 4.0,
                    Duration.ofSeconds(10), "4 calls measured");
            assertEquals(Map.of(target + " GET 200", 2.0, target + " GET 503", 1.0, "127.0.0.1:1 GET 0", 1.0),
                    front.valuesBy("external_api_duration_seconds_count", "target", "method", "status_code"), front::raw);

            List<ReceivedSpan> calls = receiver.awaitSpans(s -> s.kind().equals("SERVER") && s.name().equals("GET /call")
                    && "frontend".equals(s.resource().get("service.name")), 3, SPANS);
            for (ReceivedSpan call : calls) {
                List<ReceivedSpan> clients = receiver.awaitSpans(s -> s.parentSpanId().equals(call.spanId()), 1, SPANS);
                assertEquals(1, clients.size(), clients::toString);
                ReceivedSpan client = clients.get(0);
                assertEquals("CLIENT", client.kind());
                assertEquals(call.traceId(), client.traceId());
                if (client.attribute("http.response.status_code") != null) {
                    ReceivedSpan downstream = receiver.awaitSpans(s -> s.parentSpanId().equals(client.spanId()), 1, SPANS).get(0);
                    assertEquals("GET /status/{code}", downstream.name());
                    assertEquals("backend", downstream.resource().get("service.name"));
                    assertEquals(call.traceId(), downstream.traceId(), "the backend continues the frontend's trace");
                }
            }
            assertEquals(2, calls.stream().filter(c -> receiver.spans().stream().anyMatch(s -> s.parentSpanId().equals(c.spanId())
                    && s.attribute("http.response.status_code") != null)).count(), "two calls got a response");

            // the query made after the call's response, past a publishOn hop, still belongs to the request
            ReceivedSpan chained = receiver.awaitSpans(s -> s.name().equals("GET /call-then-db/{id}"), 1, SPANS).get(0);
            List<ReceivedSpan> children = receiver.awaitSpans(s -> s.parentSpanId().equals(chained.spanId()), 2, SPANS);
            assertEquals(Map.of("CLIENT GET", 1L, "CLIENT SELECT items", 1L), children.stream()
                    .collect(Collectors.groupingBy(s -> s.kind() + " " + s.name(), Collectors.counting())), children::toString);
        }
    }

    /**
     * {@code @WithSpan} on methods returning a {@code Mono} or {@code Flux} (QuoteService): the method returns at once,
     * and its span ends when the publisher does, 100 ms (the quote) or 3 x 50 ms (the ticks) later, with the error
     * the publisher failed with, as a child of the request's SERVER span.
     */
    @Test
    void annotatedReactiveMethodsEndTheirSpansWhenTheirPublishersEnd() throws Exception {
        try (OtlpReceiver receiver = OtlpReceiver.start();
             AgentApp app = AgentApp.start("webflux-app", Jdks.current(), receiver, "--server.port=", "")) {
            expect(200, "quote ACME", Http.get(app.url("/quote/ACME")));
            expect(200, "error no quote for FAIL", Http.get(app.url("/quote/FAIL")));
            expect(200, "tick 0,tick 1,tick 2", Http.get(app.url("/ticks?count=3")));

            for (String symbol : List.of("ACME", "FAIL")) {
                ReceivedSpan quote = receiver.awaitSpans(s -> s.name().equals("QuoteService.quote")
                        && symbol.equals(s.attribute("symbol")), 1, SPANS).get(0);
                ReceivedSpan request = receiver.awaitSpans(s -> s.spanId().equals(quote.parentSpanId()), 1, SPANS).get(0);
                assertEquals(List.of("GET /quote/{symbol}", "SERVER", "INTERNAL"), List.of(request.name(), request.kind(), quote.kind()));
                assertTrue(quote.durationMillis() >= 100, () -> "ends with its Mono, 100 ms on: " + quote);
                assertEquals(symbol.equals("FAIL") ? List.of("ERROR", "java.lang.IllegalStateException")
                        : Arrays.asList("UNSET", null), Arrays.asList(quote.statusCode(), quote.attribute("error.type")));
            }
            ReceivedSpan ticks = receiver.awaitSpans(s -> s.name().equals("ticks"), 1, SPANS).get(0);
            assertEquals(List.of(3L, "UNSET"), List.of(ticks.attribute("count"), ticks.statusCode()));
            assertTrue(ticks.durationMillis() >= 150, () -> "ends with its Flux, 3 x 50 ms on: " + ticks);
        }
    }

    /**
     * Spring Cloud Gateway in front of the WebFlux app: a proxied request is routed by the gateway route's matched
     * {@code Path} predicate, its proxied call is one outgoing call, and the backend continues the gateway's trace.
     */
    @Test
    void aGatewayRequestIsRoutedByItsPathPredicateAndTracedToTheBackend() throws Exception {
        try (OtlpReceiver receiver = OtlpReceiver.start();
             AgentApp backend = AgentApp.start("webflux-app", Jdks.current(), receiver, "--server.port=", "service.name=backend");
             AgentApp gateway = AgentApp.start("gateway-app", Jdks.current(), receiver, "--server.port=", "service.name=gateway",
                     "--backend.url=http://127.0.0.1:" + backend.port)) {
            expect(200, "order 5", Http.get(gateway.url("/api/orders/5")));
            expect(200, "order 6", Http.get(gateway.url("/api/orders/6")));
            assertEquals(404, Http.get(gateway.url("/nope/1")).status());

            PrometheusScrape metrics = Poll.until(gateway::scrape, m -> m.value("http_requests_total") == 3.0,
                    Duration.ofSeconds(10), "3 gateway requests counted");
            assertEquals(Map.of("GET /api/orders/** 200", 2.0, "GET unmatched 404", 1.0),
                    metrics.valuesBy("http_requests_total", "method", "route", "status_code"), metrics::raw);
            assertEquals(Map.of("127.0.0.1:" + backend.port + " 200", 2.0),
                    metrics.valuesBy("external_api_duration_seconds_count", "target", "status_code"));

            for (ReceivedSpan proxied : receiver.awaitSpans(s -> s.name().equals("GET /api/orders/**"), 2, SPANS)) {
                ReceivedSpan call = receiver.awaitSpans(s -> s.parentSpanId().equals(proxied.spanId()), 1, SPANS).get(0);
                assertEquals("CLIENT", call.kind());
                ReceivedSpan served = receiver.awaitSpans(s -> s.parentSpanId().equals(call.spanId()), 1, SPANS).get(0);
                assertEquals("GET /orders/{id}", served.name());
                assertEquals("backend", served.resource().get("service.name"));
                assertEquals(proxied.traceId(), served.traceId());
            }
        }
    }

    /**
     * Reactive Redis (Spring Data Redis on Lettuce's reactive API): each command is one cache operation, a GET a hit
     * or a miss by its reply, and one CLIENT span, child of the request's SERVER span.
     */
    @Test
    void reactiveRedisCommandsAreCountedUnderTheRequest() throws Exception {
        Services.REDIS.requireOrSkip();
        String key = "webflux-it-" + System.nanoTime();
        try (OtlpReceiver receiver = OtlpReceiver.start();
             AgentApp app = AgentApp.start("webflux-app", Jdks.current(), receiver, "--server.port=", "")) {
            expect(200, "none", Http.get(app.url("/redis/" + key)));
            expect(200, "stored", Http.request("PUT", app.url("/redis/" + key)));
            expect(200, "v", Http.get(app.url("/redis/" + key)));
            expect(200, "v", Http.get(app.url("/redis/" + key)));
            expect(200, "v/lamp", Http.get(app.url("/redis-then-db/" + key)));

            PrometheusScrape metrics = Poll.until(app::scrape,
                    m -> m.value("cache_operations_total", Map.of("system", "redis")) == 5.0, Duration.ofSeconds(10),
                    "5 Redis commands counted");
            assertEquals(Map.of("get miss", 1.0, "get hit", 3.0, "set success", 1.0),
                    metrics.valuesBy("cache_operations_total", "operation", "status"), metrics::raw);
            assertEquals(Map.of("127.0.0.1:6379/0", 5.0), metrics.valuesBy("cache_operations_total", "cache_name"));

            // the query chained after the reply (flatMap, subscribeOn) still belongs to the request
            ReceivedSpan chained = receiver.awaitSpans(s -> s.name().equals("GET /redis-then-db/{key}"), 1, SPANS).get(0);
            List<ReceivedSpan> children = receiver.awaitSpans(s -> s.parentSpanId().equals(chained.spanId()), 2, SPANS);
            assertEquals(Map.of("GET", 1L, "SELECT items", 1L),
                    children.stream().collect(Collectors.groupingBy(ReceivedSpan::name, Collectors.counting())), children::toString);

            List<ReceivedSpan> requests = receiver.awaitSpans(s -> s.kind().equals("SERVER") && s.name().endsWith(" /redis/{key}"),
                    4, SPANS);
            for (ReceivedSpan request : requests) {
                List<ReceivedSpan> commands = receiver.awaitSpans(s -> s.parentSpanId().equals(request.spanId()), 1, SPANS);
                assertEquals(1, commands.size(), commands::toString);
                assertEquals(request.name().startsWith("PUT") ? "SET" : "GET", commands.get(0).name());
                assertEquals("CLIENT", commands.get(0).kind());
            }
        }
    }

    @Test
    void withReactorNettySwitchedOffNoRequestIsCounted() throws Exception {
        try (AgentApp app = AgentApp.start("webflux-app", Jdks.current(), null, "--server.port=",
                "instrumentation.reactor-netty.enabled=false")) {
            expect(200, "order 1", Http.get(app.url("/orders/1")));
            expect(200, "lamp", Http.get(app.url("/db/1")));
            PrometheusScrape metrics = Poll.until(app::scrape,
                    m -> m.value("db_query_duration_seconds_count", Map.of("table", "items", "operation", "select")) == 1.0,
                    Duration.ofSeconds(10), "the query counted");
            assertEquals(0.0, metrics.value("http_requests_total"), metrics::raw);
        }
    }

    @Test
    void withSpringWebFluxSwitchedOffRoutesAreNormalisedPaths() throws Exception {
        try (AgentApp app = AgentApp.start("webflux-app", Jdks.current(), null, "--server.port=",
                "instrumentation.spring-webflux.enabled=false")) {
            expect(200, "order 1", Http.get(app.url("/orders/1")));
            expect(200, "item abc", Http.get(app.url("/fn/items/abc")));
            PrometheusScrape metrics = Poll.until(app::scrape, m -> m.value("http_requests_total") == 2.0,
                    Duration.ofSeconds(10), "2 requests counted");
            assertEquals(Map.of("/orders/{id}", 1.0, "/fn/items/abc", 1.0), metrics.valuesBy("http_requests_total", "route"));
        }
    }

    /** {@code GET /slow?ms=5000}, its connection closed by the client once the request is in flight. */
    private static void abandonSlowRequest(AgentApp app) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", app.port)) {
            OutputStream out = socket.getOutputStream();
            out.write("GET /slow?ms=5000 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Poll.until(app::scrape, m -> m.value("http_requests_in_flight") == 1.0, Duration.ofSeconds(10),
                    "the slow request in flight");
        }
        Poll.until(app::scrape, m -> m.value("http_requests_total", Map.of("status_code", "499")) == 1.0,
                Duration.ofSeconds(10), "the abandoned request counted as 499");
    }

    private static void expect(int status, String body, Http.Response response) {
        assertEquals(status, response.status(), response::body);
        assertEquals(body, response.body());
    }
}
