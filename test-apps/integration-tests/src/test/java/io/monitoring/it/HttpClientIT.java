package io.monitoring.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.monitoring.it.support.AgentApp;
import io.monitoring.it.support.ChildJvm;
import io.monitoring.it.support.Http;
import io.monitoring.it.support.Jdks;
import io.monitoring.it.support.OtlpReceiver;
import io.monitoring.it.support.OtlpReceiver.ReceivedSpan;
import io.monitoring.it.support.Poll;
import io.monitoring.it.support.PrometheusScrape;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Two services, both with the agent: for one incoming request the frontend calls the backend once through
 * one client (each client its own endpoint). One trace per request: frontend SERVER → CLIENT → backend
 * SERVER; exact {@code external_api_duration_seconds} counts on the frontend, matching
 * {@code http_requests_total} on the backend; failures (503, read timeout, connection refused) counted
 * with their status or 0, the application seeing the same outcome as without the agent.
 */
class HttpClientIT {
    /**
     * Every client the frontend can call through; Spring's RestTemplate (on Apache 5) and RestClient (on HttpURLConnection)
     * included, and the Apache 5 async client handed a request three ways (callback, future, core producer/consumer).
     */
    static final List<String> CLIENTS = List.of("url-connection", "java-http-client", "java-http-client-async",
            "apache5", "apache4", "okhttp", "okhttp-async", "rest-template", "rest-client",
            "apache5-async-callback", "apache5-async-future", "apache5-async-producer");
    /**
     * The clients whose default retry strategy sends a GET answered 503 once more, after a second, inside the one call:
     * Apache HttpClient 5, classic (also under rest-template) and async (measured without the agent).
     */
    static final List<String> RESENDING_A_503 = List.of("apache5", "rest-template",
            "apache5-async-callback", "apache5-async-future", "apache5-async-producer");
    private static final Duration SPANS = Duration.ofSeconds(20);

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"jdk17", "jdk25"})
    void oneTracePerRequestAcrossBothServicesAndExactCountsPerClient(String jdkName) {
        Jdks.Jdk jdk = jdkName.equals("jdk25") ? Jdks.requireJdk25OrSkip() : Jdks.current();
        try (OtlpReceiver receiver = OtlpReceiver.start();
             AgentApp backend = AgentApp.start("http-client-app", jdk, receiver, "--port", "service.name=backend");
             AgentApp frontend = AgentApp.start("http-client-app", jdk, receiver, "--port", "service.name=frontend")) {
            String target = "127.0.0.1:" + backend.port;
            for (String client : CLIENTS) {
                assertEquals("status=200", call(frontend, client, backend.url("/svc/items/1"), 5000), client);
                assertEquals("status=503", call(frontend, client, backend.url("/svc/unavailable"), 5000), client);
                assertTrue(call(frontend, client, backend.url("/svc/slow?ms=1500"), 300).startsWith("error="), client);
                assertTrue(call(frontend, client, "http://127.0.0.1:1/svc/items/1", 5000).startsWith("error="), client);
            }

            int n = CLIENTS.size();
            Map<String, Double> expected = new TreeMap<>(Map.of(
                    target + " GET 200", (double) n,
                    target + " GET 503", (double) n,
                    target + " GET 0", (double) n,          // read timeouts: no response
                    "127.0.0.1:1 GET 0", (double) n));      // connection refused
            PrometheusScrape front = frontend.scrape();
            assertEquals(expected, front.valuesBy("external_api_duration_seconds_count", "target", "method", "status_code"),
                    () -> "one observation per client call, none for the agent's own OTLP traffic\n" + front.raw());

            // Apache HttpClient 5's default retry strategy sends a GET answered 503 once more, after a second: the
            // frontend counts one call (the retry is inside it), the backend serves two (RESENDING_A_503)
            Map<String, Double> backendExpected = new TreeMap<>(Map.of("/svc/items/{id} 200", (double) n,
                    "/svc/unavailable 503", (double) n + RESENDING_A_503.size(), "/svc/slow 200", (double) n));
            Poll.until(() -> backend.scrape().valuesBy("http_requests_total", "route", "status_code"), backendExpected::equals,
                    Duration.ofSeconds(20), "the backend to have served each call once: " + backendExpected);

            for (String client : CLIENTS) {
                ReceivedSpan server = receiver.awaitSpans(s -> s.kind().equals("SERVER")
                        && ("GET /svc/call/" + client).equals(s.name())
                        && String.valueOf(s.resource().get("service.name")).equals("frontend"), 4, SPANS).get(0);
                List<ReceivedSpan> clientSpans = receiver.awaitSpans(s -> s.parentSpanId().equals(server.spanId()), 1, SPANS);
                assertEquals(1, clientSpans.size(), () -> client + ": " + clientSpans);
                ReceivedSpan clientSpan = clientSpans.get(0);
                assertEquals("CLIENT", clientSpan.kind(), client);
                assertEquals(server.traceId(), clientSpan.traceId(), client);
                ReceivedSpan downstream = receiver.awaitSpans(s -> s.parentSpanId().equals(clientSpan.spanId()), 1, SPANS).get(0);
                assertEquals("SERVER", downstream.kind(), client);
                assertEquals("backend", downstream.resource().get("service.name"), client);
                assertEquals(server.traceId(), downstream.traceId(), client + ": the backend continues the frontend's trace");
            }
            // a GET answered 503 and resent is one call: one CLIENT span, and both requests the backend served carry
            // its traceparent, so they are its children
            for (String client : RESENDING_A_503) {
                Set<String> callsOfClient = receiver.awaitSpans(s -> s.kind().equals("SERVER")
                        && ("GET /svc/call/" + client).equals(s.name())
                        && String.valueOf(s.resource().get("service.name")).equals("frontend"), 4, SPANS)
                        .stream().map(ReceivedSpan::spanId).collect(Collectors.toSet());
                List<ReceivedSpan> unavailableCall = receiver.awaitSpans(s -> s.kind().equals("CLIENT")
                        && callsOfClient.contains(s.parentSpanId())
                        && Long.valueOf(503).equals(s.attribute("http.response.status_code")), 1, SPANS);
                assertEquals(1, unavailableCall.size(), () -> client + ": " + unavailableCall);
                List<ReceivedSpan> served = receiver.awaitSpans(
                        s -> s.parentSpanId().equals(unavailableCall.get(0).spanId()), 2, SPANS);
                assertEquals(2, served.size(), () -> client + ": " + served);
                assertTrue(served.stream().allMatch(s -> s.kind().equals("SERVER")
                        && "backend".equals(s.resource().get("service.name"))), () -> client + ": " + served);
            }
            ReceivedSpan anyClient = receiver.awaitSpans(s -> s.kind().equals("CLIENT")
                    && Long.valueOf(503).equals(s.attribute("http.response.status_code")), n, SPANS).get(0);
            assertEquals("ERROR", anyClient.statusCode());
            assertEquals("127.0.0.1", anyClient.attribute("server.address"));
            assertEquals((long) backend.port, anyClient.attribute("server.port"));
            assertEquals("http://" + target + "/svc/unavailable", anyClient.attribute("url.full"));
        }
    }

    @Test
    void theApplicationSeesTheSameOutcomeWithAndWithoutTheAgent() {
        Map<String, String> withAgent = new LinkedHashMap<>();
        Map<String, String> without = new LinkedHashMap<>();
        try (AgentApp backend = AgentApp.start("http-client-app", Jdks.current(), null, "--port", "")) {
            try (AgentApp frontend = AgentApp.start("http-client-app", Jdks.current(), null, "--port", "")) {
                outcomes(frontend.port, backend, withAgent);
            }
            try (ChildJvm plain = ChildJvm.app("http-client-app").env(AgentApp.withoutAgentEnvironment()).args("--port", "0").start()) {
                outcomes(AgentApp.awaitReady(plain), backend, without);
            }
        }
        assertEquals(without, withAgent);
    }

    private static void outcomes(int frontendPort, AgentApp backend, Map<String, String> into) {
        for (String client : CLIENTS) {
            String base = "http://127.0.0.1:" + frontendPort;
            into.put(client + " 201", Http.get(base + "/svc/call/" + client + "?method=POST&url="
                    + encode(backend.url("/svc/items"))).body().trim());
            into.put(client + " 503", Http.get(base + "/svc/call/" + client + "?url=" + encode(backend.url("/svc/unavailable"))).body().trim());
            // the message of a refused connection names the port, the same with and without the agent
            into.put(client + " refused", Http.get(base + "/svc/call/" + client + "?url=" + encode("http://127.0.0.1:1/x")).body().trim());
        }
    }

    private static String call(AgentApp frontend, String client, String url, int timeoutMs) {
        return Http.get(frontend.url("/svc/call/" + client + "?timeoutMs=" + timeoutMs + "&url=" + encode(url))).body().trim()
                .lines().findFirst().orElse("");
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
