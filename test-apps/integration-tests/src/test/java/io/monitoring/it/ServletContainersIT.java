package io.monitoring.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The servlet instrumentation in real containers, each serving the same {@code /shop} endpoints: a known set of
 * requests, then the exact metrics and spans expected. Each container's filter chain is woven, so
 * {@code /shop/filtered}, which a filter answers without any servlet, is counted like every other request, and
 * exactly once (the chain calling the next link and the servlet is one request).
 *
 * <p>Tomcat 9 (javax), Tomcat 11 (jakarta) and Jetty 12 ee10 run on JDK 17 and JDK 25; Jetty 9.4, 10 (javax), 11
 * (jakarta), Jetty 12 ee8 (javax) and ee9 (jakarta), Undertow 2.2 (javax) and 2.3 (jakarta) on the current JDK only:
 * what they add is which chain class is woven, the same on any JDK, and their JDK 25 runs would add about 20 s
 * (3 s each) to every build.
 */
class ServletContainersIT {
    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String PARENT_SPAN_ID = "00f067aa0ba902b7";
    private static final List<String> ON_BOTH_JDKS = List.of("tomcat9-app", "tomcat11-app", "jetty12-app");
    private static final List<String> ON_CURRENT_JDK = List.of("jetty94-app", "jetty10-app", "jetty11-app",
            "jetty12-ee8-app", "jetty12-ee9-app", "undertow22-app", "undertow23-app");

    static Stream<Arguments> containers() {
        return Stream.concat(
                ON_BOTH_JDKS.stream().flatMap(app -> Stream.of(Arguments.of(app, "jdk17"), Arguments.of(app, "jdk25"))),
                ON_CURRENT_JDK.stream().map(app -> Arguments.of(app, "jdk17")));
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("containers")
    void countsEachRequestOnceByRouteAndSendsOneServerSpanPerRequest(String app, String jdkName) throws Exception {
        Jdks.Jdk jdk = jdkName.equals("jdk25") ? Jdks.requireJdk25OrSkip() : Jdks.current();
        try (OtlpReceiver receiver = OtlpReceiver.start();
             AgentApp shop = AgentApp.start(app, jdk, receiver, "--port", "")) {

            // the workload: 21 requests
            for (int id = 1; id <= 4; id++) {
                expect(200, Http.get(shop.url("/shop/orders/" + id)));
            }
            expect(200, Http.get(shop.url("/shop/orders/550e8400-e29b-41d4-a716-446655440000")));
            expect(200, Http.get(shop.url("/shop/orders/77"), Map.of("traceparent", "00-" + TRACE_ID + "-" + PARENT_SPAN_ID + "-01")));
            expect(201, Http.request("POST", shop.url("/shop/orders")));
            expect(201, Http.request("POST", shop.url("/shop/orders")));
            for (int i = 0; i < 3; i++) {
                expect(200, Http.get(shop.url("/shop/health")));
            }
            expect(500, Http.get(shop.url("/shop/fail")));
            expect(500, Http.get(shop.url("/shop/fail")));
            expect(400, Http.get(shop.url("/shop/client-error")));
            expect(200, Http.get(shop.url("/shop/forward")));
            expect(200, Http.get(shop.url("/shop/async")));
            expect(200, Http.get(shop.url("/shop/async")));
            expect(200, Http.get(shop.url("/shop/filtered")));
            expect(404, Http.get(shop.url("/shop/nope/123")));
            expect(404, Http.get(shop.url("/shop/nope/abc/7")));
            expect(405, Http.request("DELETE", shop.url("/shop/orders/9")));

            Map<String, Double> expected = new HashMap<>();
            expected.put("GET /shop/orders/{id} 200", 6.0);
            expected.put("POST /shop/orders 201", 2.0);
            expected.put("GET /shop/health 200", 3.0);
            expected.put("GET /shop/fail 500", 2.0);
            expected.put("GET /shop/client-error 400", 1.0);
            expected.put("GET /shop/forward 200", 1.0);
            expected.put("GET /shop/async 200", 2.0);
            expected.put("GET /shop/filtered 200", 1.0);
            expected.put("GET unmatched 404", 2.0);
            expected.put("DELETE /shop/orders/{id} 405", 1.0);

            // async requests are recorded when they complete, on another thread: poll until all 21 are in
            PrometheusScrape metrics = Poll.until(shop::scrape, m -> m.value("http_requests_total") == 21.0,
                    Duration.ofSeconds(10), "21 requests counted");
            Map<String, Double> actual = metrics.valuesBy("http_requests_total", "method", "route", "status_code");
            assertEquals(expected, actual);
            for (PrometheusScrape.Sample s : metrics.samples("http_requests_total")) {
                assertEquals(app, s.labels().get("service"));
                assertEquals("production", s.labels().get("environment"));
                assertFalse(s.labels().get("route").matches(".*/\\d+.*"), "a raw id in a route: " + s.labels());
            }

            assertEquals(2.0, metrics.value("http_request_errors_total", Map.of("route", "/shop/fail", "error_type", "server_error")));
            assertEquals(1.0, metrics.value("http_request_errors_total", Map.of("route", "/shop/client-error", "error_type", "client_error")));
            assertEquals(2.0, metrics.value("http_request_errors_total", Map.of("route", "unmatched", "error_type", "client_error")));
            assertEquals(1.0, metrics.value("http_request_errors_total", Map.of("route", "/shop/orders/{id}", "method", "DELETE")));
            assertEquals(6.0, metrics.value("http_request_errors_total"));

            // the async servlet answers after 60 ms: measured to completion, never to the servlet's return
            assertEquals(2.0, metrics.value("http_request_duration_seconds_count", Map.of("route", "/shop/async")));
            assertEquals(0.0, metrics.value("http_request_duration_seconds_bucket", Map.of("route", "/shop/async", "le", "0.05")));
            assertEquals(6.0, metrics.value("http_request_duration_seconds_count", Map.of("route", "/shop/orders/{id}", "method", "GET")));
            assertEquals(0.0, metrics.value("http_requests_in_flight"));

            List<ReceivedSpan> spans = receiver.awaitSpans(s -> s.kind().equals("SERVER"), 21, Duration.ofSeconds(15));
            Map<String, Long> names = spans.stream().collect(Collectors.groupingBy(ReceivedSpan::name, Collectors.counting()));
            assertEquals(Map.of("GET /shop/orders/{id}", 6L, "POST /shop/orders", 2L, "GET /shop/health", 3L,
                    "GET /shop/fail", 2L, "GET /shop/client-error", 1L, "GET /shop/forward", 1L, "GET /shop/async", 2L,
                    "GET /shop/filtered", 1L, "GET", 2L, "DELETE /shop/orders/{id}", 1L), names);

            ReceivedSpan continued = only(spans, s -> "/shop/orders/77".equals(s.attribute("url.path")));
            assertEquals(TRACE_ID, continued.traceId());
            assertEquals(PARENT_SPAN_ID, continued.parentSpanId());
            assertEquals("GET", continued.attribute("http.request.method"));
            assertEquals("/shop/orders/{id}", continued.attribute("http.route"));
            assertEquals(200L, continued.attribute("http.response.status_code"));
            assertEquals("http", continued.attribute("url.scheme"));
            assertEquals((long) shop.port, continued.attribute("server.port"));
            assertEquals("127.0.0.1", continued.attribute("client.address"));
            assertEquals("1.1", continued.attribute("network.protocol.version"));
            assertEquals("UNSET", continued.statusCode());
            assertEquals(app, continued.resource().get("service.name"));

            long independentTraces = spans.stream().filter(s -> !s.traceId().equals(TRACE_ID)).map(ReceivedSpan::traceId).distinct().count();
            assertEquals(20, independentTraces, "every other request starts its own trace");
            for (ReceivedSpan failed : spans.stream().filter(s -> s.name().equals("GET /shop/fail")).toList()) {
                assertEquals("ERROR", failed.statusCode());
                assertEquals(500L, failed.attribute("http.response.status_code"));
            }
            ReceivedSpan unmatched = spans.stream().filter(s -> s.name().equals("GET")).findFirst().orElseThrow();
            assertEquals(null, unmatched.attribute("http.route"));
            assertEquals(404L, unmatched.attribute("http.response.status_code"));
            assertEquals("UNSET", unmatched.statusCode(), "a 4xx is not a server span error");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("containersOnCurrentJdk")
    void inFlightCountsRequestsBeingServedAndReturnsToZero(String app) throws Exception {
        try (AgentApp shop = AgentApp.start(app, Jdks.current(), null, "--port", "")) {
            CompletableFuture<Http.Response> slow = CompletableFuture.supplyAsync(() -> Http.get(shop.url("/shop/slow?ms=3000")));
            Poll.until(() -> shop.scrape().value("http_requests_in_flight", Map.of("method", "GET")), v -> v == 1.0,
                    Duration.ofSeconds(3), "one GET in flight");
            assertEquals(200, slow.get().status());
            PrometheusScrape after = Poll.until(shop::scrape, m -> m.value("http_requests_total") == 1.0,
                    Duration.ofSeconds(5), "the slow request counted");
            assertEquals(0.0, after.value("http_requests_in_flight"));
            assertEquals(1.0, after.value("http_request_duration_seconds_bucket", Map.of("route", "/shop/slow", "le", "5.0")));
            assertEquals(0.0, after.value("http_request_duration_seconds_bucket", Map.of("route", "/shop/slow", "le", "2.5")));
        }
    }

    static Stream<String> containersOnCurrentJdk() {
        return Stream.concat(ON_BOTH_JDKS.stream(), ON_CURRENT_JDK.stream());
    }

    static void expect(int status, Http.Response response) {
        assertEquals(status, response.status(), response.body());
    }

    static ReceivedSpan only(List<ReceivedSpan> spans, java.util.function.Predicate<ReceivedSpan> filter) {
        List<ReceivedSpan> matching = spans.stream().filter(filter).toList();
        assertEquals(1, matching.size(), matching.toString());
        assertTrue(matching.get(0).kind().equals("SERVER"));
        return matching.get(0);
    }
}
