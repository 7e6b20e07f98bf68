package io.monitoring.it;

import static io.monitoring.it.AgentRuns.awaitMetricsEndpoint;
import static io.monitoring.it.AgentRuns.awaitReady;
import static io.monitoring.it.AgentRuns.linesContaining;
import static io.monitoring.it.AgentRuns.url;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.monitoring.it.support.AgentApp;
import io.monitoring.it.support.Artifacts;
import io.monitoring.it.support.ChildJvm;
import io.monitoring.it.support.Http;
import io.monitoring.it.support.OtlpReceiver;
import io.monitoring.it.support.OtlpReceiver.ReceivedSpan;
import io.monitoring.it.support.PrometheusScrape;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The agent beside another vendor's agent, before it and after it on the command line: the OpenTelemetry Java
 * agent and the Elastic APM agent, each pinned from Maven Central. The application answers exactly as it does
 * alone, and this agent counts every request, statement, cache read and outgoing call exactly once.
 *
 * <p>The other agent weaves the same classes. The OpenTelemetry agent, when it comes first, adds to every JDBC
 * connection and statement an interface it defines at run time, with no class file: Byte Buddy's hierarchy
 * matcher and method graph could not read those classes, and H2's and HikariCP's six JDBC classes went
 * unwoven (12 errors under {@code instrumentation="transformer"}, no statement counted). Each class the agent
 * cannot weave gets one debug line naming it and the reason; here there are none.
 */
class BesideOtherAgentsIT {
    private static final int REQUESTS = 7;

    @ParameterizedTest(name = "{0} {1} this agent")
    @CsvSource({
        "opentelemetry-javaagent.jar, before",
        "opentelemetry-javaagent.jar, after",
        "elastic-apm-agent.jar, before",
        "elastic-apm-agent.jar, after",
    })
    void everyRequestStatementCacheReadAndOutgoingCallIsCountedOnce(String otherAgent, String position) throws Exception {
        List<String> traceparentsReceived = Collections.synchronizedList(new ArrayList<>());
        HttpServer backend = backend(traceparentsReceived);
        int metricsPort = ChildJvm.freePort();
        String ours = "-javaagent:" + Artifacts.agentJar() + "=metrics.host=127.0.0.1,metrics.port=" + metricsPort
                + ",log.level=debug,otlp.endpoint=";
        String theirs = "-javaagent:" + Artifacts.otherAgent(otherAgent);
        try (OtlpReceiver receiver = OtlpReceiver.start();
             ChildJvm app = ChildJvm.app("spring-boot-app").env(AgentApp.withoutAgentEnvironment())
                     .jvmFlags(position.equals("before")
                             ? new String[] {theirs, ours + receiver.endpoint()}
                             : new String[] {ours + receiver.endpoint(), theirs})
                     .systemProperties(QUIET_OTHER_AGENTS)
                     .args("--server.port=0", "--checkout.backend-url=http://127.0.0.1:" + backend.getAddress().getPort())
                     .start()) {
            int port = awaitReady(app);
            awaitMetricsEndpoint(metricsPort);

            for (int id = 1; id <= REQUESTS; id++) {
                Http.Response response = Http.get(url(port, "/checkout/" + id));
                assertEquals(200, response.status(), response::body);
                assertEquals(checkoutBody(id), response.body(), "the application's answer, as without any agent");
            }

            PrometheusScrape scrape = AgentRuns.awaitScrape(metricsPort,
                    s -> s.value("http_requests_total", Map.of("route", "/checkout/{id}")) == REQUESTS,
                    REQUESTS + " checkout requests counted");
            assertEquals(REQUESTS, scrape.value("http_requests_total", Map.of("route", "/checkout/{id}", "status_code", "200")));
            assertEquals(REQUESTS, scrape.value("db_query_duration_seconds_count",
                    Map.of("operation", "select", "table", "orders", "status", "success")), scrape::raw);
            assertEquals(REQUESTS, scrape.value("cache_operations_total", Map.of("cache_name", "prices", "operation", "get")));
            assertEquals(REQUESTS, scrape.value("external_api_duration_seconds_count",
                    Map.of("target", "127.0.0.1:" + backend.getAddress().getPort(), "status_code", "200")), scrape::raw);
            assertEquals(0, scrape.value("monitoring_agent_errors_total"), scrape::raw);
            assertEquals(List.of(), linesContaining(app.stderr(), "could not instrument"), "every class was woven");

            List<ReceivedSpan> servers = receiver.awaitSpans(
                    s -> s.kind().equals("SERVER") && s.name().equals("GET /checkout/{id}"), REQUESTS, Duration.ofSeconds(30));
            assertEquals(REQUESTS, servers.size(), servers::toString);
            Set<String> serverSpanIds = servers.stream().map(ReceivedSpan::spanId).collect(Collectors.toSet());
            List<ReceivedSpan> clients = receiver.awaitSpans(s -> s.kind().equals("CLIENT") && s.name().equals("GET"),
                    REQUESTS, Duration.ofSeconds(30));
            assertTrue(clients.stream().allMatch(c -> serverSpanIds.contains(c.parentSpanId())), clients::toString);

            assertEquals(REQUESTS, traceparentsReceived.size(), "one traceparent header per outgoing call, never two: "
                    + traceparentsReceived);
        } finally {
            backend.stop(0);
        }
    }

    /**
     * The Elastic agent, given first, loads the JDK's HttpURLConnection in its premain, before this agent's
     * transformer exists; it is woven when this agent starts all the same. Its own calls, to the cloud metadata
     * endpoints from its {@code elastic-apm-*} threads, are not the application's: neither counted nor traced.
     */
    @Test
    void everyHttpClientIsMeasuredOnceAndTheOtherAgentsOwnCallsNotAtAll() throws Exception {
        List<String> traceparentsReceived = Collections.synchronizedList(new ArrayList<>());
        HttpServer backend = backend(traceparentsReceived);
        String target = "127.0.0.1:" + backend.getAddress().getPort();
        int metricsPort = ChildJvm.freePort();
        try (OtlpReceiver receiver = OtlpReceiver.start();
             ChildJvm app = ChildJvm.app("http-client-app").env(AgentApp.withoutAgentEnvironment())
                     .jvmFlags("-javaagent:" + Artifacts.otherAgent("elastic-apm-agent.jar"),
                             "-javaagent:" + Artifacts.agentJar() + "=metrics.host=127.0.0.1,metrics.port=" + metricsPort
                                     + ",otlp.endpoint=" + receiver.endpoint())
                     .systemProperties(QUIET_OTHER_AGENTS)
                     .args("--port", "0")
                     .start()) {
            int port = awaitReady(app);
            awaitMetricsEndpoint(metricsPort);
            for (String client : HttpClientIT.CLIENTS) {
                String url = "http://" + target + "/svc/items/1";
                Http.Response response = Http.get(url(port, "/svc/call/" + client + "?timeoutMs=5000&url="
                        + URLEncoder.encode(url, StandardCharsets.UTF_8)));
                assertEquals("status=200", response.body().trim().lines().findFirst().orElse(""), client);
            }

            int n = HttpClientIT.CLIENTS.size();
            PrometheusScrape scrape = AgentRuns.awaitScrape(metricsPort,
                    s -> s.value("http_requests_total") == n, n + " calls served");
            assertEquals(Map.of(target + " GET 200", (double) n),
                    scrape.valuesBy("external_api_duration_seconds_count", "target", "method", "status_code"), scrape::raw);
            List<ReceivedSpan> clients = receiver.awaitSpans(s -> s.kind().equals("CLIENT"), n, Duration.ofSeconds(30));
            assertTrue(clients.stream().noneMatch(ReceivedSpan::isRoot), () -> "only the application's calls: " + clients);
            assertEquals(n, traceparentsReceived.size(), () -> "one traceparent per call: " + traceparentsReceived);
        } finally {
            backend.stop(0);
        }
    }

    /** The other agents run with their own exporters off: they weave and trace, but send nothing anywhere. */
    private static final Map<String, String> QUIET_OTHER_AGENTS = Map.of(
            "otel.traces.exporter", "none",
            "otel.metrics.exporter", "none",
            "otel.logs.exporter", "none",
            "elastic.apm.disable_send", "true",
            "elastic.apm.central_config", "false",
            "elastic.apm.log_level", "warn");

    /** CheckoutController's JSON: orders 1..5 are shipped, price from sku id % 8, the backend's 200. */
    private static String checkoutBody(int id) {
        String status = id <= 5 ? "shipped" : "unknown";
        return "{\"id\":" + id + ",\"status\":\"" + status + "\",\"price\":\"price-" + ("sku-" + id % 8).hashCode()
                + "\",\"backendStatus\":200}";
    }

    /** {@code GET /svc/items/{id}}: 200, recording each traceparent header the request carried (all of them). */
    private static HttpServer backend(List<String> traceparents) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/svc/items/", exchange -> {
            List<String> received = exchange.getRequestHeaders().get("traceparent");
            if (received != null) {
                traceparents.addAll(received);
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        return server;
    }
}
