package io.monitoring.it;

import static io.monitoring.it.ServletContainersIT.expect;
import static io.monitoring.it.ServletContainersIT.only;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.monitoring.it.support.AgentApp;
import io.monitoring.it.support.ChildJvm;
import io.monitoring.it.support.Http;
import io.monitoring.it.support.Jdks;
import io.monitoring.it.support.OtlpReceiver;
import io.monitoring.it.support.OtlpReceiver.ReceivedSpan;
import io.monitoring.it.support.Poll;
import io.monitoring.it.support.PrometheusScrape;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * JAX-RS under a servlet container: Jersey 3 on Tomcat 11, Jersey 2 on Tomcat 9, RESTEasy 7 on Tomcat 11, each
 * serving the same resources behind its servlet on {@code /api/*} of the webapp {@code /shop}, on JDK 17 and 25. A
 * request's route is the context path, the servlet mapping and the full {@code @Path} template of the resource
 * method that answered it (class and method paths joined, a sub-resource locator followed, a variable's pattern
 * dropped); a request no resource matched is {@code unmatched}. With the runtime's instrumentation off the route
 * is what the servlet alone knows, names included: the reason the instrumentation exists. Either way the client gets
 * the answers it gets without the agent.
 */
class JaxRsRoutesIT {
    /** The app of each runtime and the name of its instrumentation. */
    private static final Map<String, String> INSTRUMENTATIONS =
            Map.of("jersey3-app", "jersey", "jersey2-app", "jersey", "resteasy-app", "resteasy");

    static Stream<Arguments> runtimesOnBothJdks() {
        return Stream.of("jersey3-app", "jersey2-app", "resteasy-app")
                .flatMap(app -> Stream.of(Arguments.of(app, "jdk17"), Arguments.of(app, "jdk25")));
    }

    static Stream<String> runtimes() {
        return Stream.of("jersey3-app", "jersey2-app", "resteasy-app");
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("runtimesOnBothJdks")
    void routesAreTheMatchedResourceMethodsTemplates(String app, String jdkName) throws Exception {
        Jdks.Jdk jdk = jdkName.equals("jdk25") ? Jdks.requireJdk25OrSkip() : Jdks.current();
        try (OtlpReceiver receiver = OtlpReceiver.start();
             AgentApp shop = AgentApp.start(app, jdk, receiver, "--port", "")) {
            sendTheWorkload(shop);

            Map<String, Double> expected = new HashMap<>();
            expected.put("GET /shop/api/users/{name} 200", 2.0);
            expected.put("GET /shop/api/users/{name}/pets/{petId} 200", 2.0);
            expected.put("GET /shop/api/orders/{id} 200", 2.0);
            expected.put("POST /shop/api/orders 201", 1.0);
            expected.put("GET /shop/api/orders/fail 500", 2.0);
            expected.put("GET unmatched 404", 3.0);
            PrometheusScrape metrics = awaitTheWorkloadCounted(shop);
            assertEquals(expected, metrics.valuesBy("http_requests_total", "method", "route", "status_code"));
            assertEquals(3.0, metrics.value("http_request_errors_total", Map.of("route", "unmatched", "error_type", "client_error")));
            assertEquals(2.0, metrics.value("http_request_errors_total", Map.of("route", "/shop/api/orders/fail", "error_type", "server_error")));
            assertEquals(0.0, metrics.value("http_requests_in_flight"));
            assertEquals(0.0, metrics.value("monitoring_agent_errors_total"), metrics::raw);

            List<ReceivedSpan> spans = receiver.awaitSpans(s -> s.kind().equals("SERVER"), 12, Duration.ofSeconds(15));
            Map<String, Long> names = spans.stream().collect(Collectors.groupingBy(ReceivedSpan::name, Collectors.counting()));
            assertEquals(Map.of("GET /shop/api/users/{name}", 2L, "GET /shop/api/users/{name}/pets/{petId}", 2L,
                    "GET /shop/api/orders/{id}", 2L, "POST /shop/api/orders", 1L, "GET /shop/api/orders/fail", 2L,
                    "GET", 3L), names);
            ReceivedSpan pet = only(spans, s -> "/shop/api/users/bob/pets/rex".equals(s.attribute("url.path")));
            assertEquals("/shop/api/users/{name}/pets/{petId}", pet.attribute("http.route"));
            ReceivedSpan regexMiss = only(spans, s -> "/shop/api/orders/abc".equals(s.attribute("url.path")));
            assertEquals("GET", regexMiss.name(), "no resource method's pattern takes abc");
            assertEquals(null, regexMiss.attribute("http.route"));
            for (ReceivedSpan failed : spans.stream().filter(s -> s.name().equals("GET /shop/api/orders/fail")).toList()) {
                assertEquals("ERROR", failed.statusCode());
                assertEquals(500L, failed.attribute("http.response.status_code"));
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("runtimes")
    void withItsInstrumentationOffTheRouteIsTheServletMappingAndTheNormalisedPath(String app) throws Exception {
        String off = "instrumentation." + INSTRUMENTATIONS.get(app) + ".enabled=false";
        try (AgentApp shop = AgentApp.start(app, Jdks.current(), null, "--port", off)) {
            sendTheWorkload(shop);

            Map<String, Double> expected = new HashMap<>();
            expected.put("GET /shop/api/users/alice 200", 1.0);
            expected.put("GET /shop/api/users/bob 200", 1.0);
            expected.put("GET /shop/api/users/alice/pets/{id} 200", 1.0);
            expected.put("GET /shop/api/users/bob/pets/rex 200", 1.0);
            expected.put("GET /shop/api/orders/{id} 200", 2.0);
            expected.put("POST /shop/api/orders 201", 1.0);
            expected.put("GET /shop/api/orders/fail 500", 2.0);
            expected.put("GET /shop/api/nope/alice 404", 1.0);
            expected.put("GET /shop/api/orders/abc 404", 1.0);
            expected.put("GET /shop/api/users/alice/pets/{id}/x 404", 1.0);
            assertEquals(expected, awaitTheWorkloadCounted(shop).valuesBy("http_requests_total", "method", "route", "status_code"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("runtimes")
    void everyAnswerIsTheSameWithAndWithoutTheAgent(String app) {
        List<Call> calls = new ArrayList<>(WORKLOAD);
        calls.add(new Call("DELETE", "/shop/api/users/alice", 405));
        try (ChildJvm plain = ChildJvm.app(app).jdk(Jdks.current()).args("--port", "0").start();
             AgentApp shop = AgentApp.start(app, Jdks.current(), null, "--port", "")) {
            int plainPort = AgentApp.awaitReady(plain);
            for (Call call : calls) {
                Answer without = Answer.of(Http.request(call.method(), "http://127.0.0.1:" + plainPort + call.path()));
                Answer with = Answer.of(Http.request(call.method(), shop.url(call.path())));
                assertEquals(without, with, call.toString());
                assertEquals(call.status(), with.status(), call::toString);
            }
            // the agent was there: it counted every call (fails without the agent)
            Poll.until(shop::scrape, m -> m.value("http_requests_total") == calls.size(), Duration.ofSeconds(10),
                    calls.size() + " requests counted");
        }
    }

    /** What the comparison looks at: the status, the body and the headers a JAX-RS runtime sets. */
    private record Answer(int status, String body, Optional<String> contentType, Optional<String> allow) {
        static Answer of(Http.Response response) {
            return new Answer(response.status(), response.body(), response.header("Content-Type"), response.header("Allow"));
        }
    }

    private record Call(String method, String path, int status) {
        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    /** 12 requests under {@code /shop/api}: names, a locator, a pattern, a POST, a resource that throws, three misses. */
    private static final List<Call> WORKLOAD = List.of(
            new Call("GET", "/shop/api/users/alice", 200),
            new Call("GET", "/shop/api/users/bob", 200),
            new Call("GET", "/shop/api/users/alice/pets/7", 200),
            new Call("GET", "/shop/api/users/bob/pets/rex", 200),
            new Call("GET", "/shop/api/orders/7", 200),
            new Call("GET", "/shop/api/orders/42", 200),
            new Call("POST", "/shop/api/orders", 201),
            new Call("GET", "/shop/api/orders/fail", 500),
            new Call("GET", "/shop/api/orders/fail", 500),
            // no resource, no method whose pattern (\d+) takes abc, nothing below a pet
            new Call("GET", "/shop/api/nope/alice", 404),
            new Call("GET", "/shop/api/orders/abc", 404),
            new Call("GET", "/shop/api/users/alice/pets/7/x", 404));

    private static void sendTheWorkload(AgentApp shop) {
        for (Call call : WORKLOAD) {
            expect(call.status(), Http.request(call.method(), shop.url(call.path())));
        }
    }

    private static PrometheusScrape awaitTheWorkloadCounted(AgentApp shop) {
        return Poll.until(shop::scrape, m -> m.value("http_requests_total") == 12.0, Duration.ofSeconds(10), "12 requests counted");
    }
}
