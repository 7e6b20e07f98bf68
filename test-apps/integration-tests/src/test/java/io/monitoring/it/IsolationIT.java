package io.monitoring.it;

import static io.monitoring.it.AgentRuns.awaitMetricsEndpoint;
import static io.monitoring.it.AgentRuns.awaitReady;
import static io.monitoring.it.AgentRuns.awaitScrape;
import static io.monitoring.it.AgentRuns.url;
import static io.monitoring.it.support.AgentApp.withoutAgentEnvironment;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.monitoring.it.support.Artifacts;
import io.monitoring.it.support.ChildJvm;
import io.monitoring.it.support.Http;
import io.monitoring.it.support.OtlpReceiver;
import io.monitoring.it.support.OtlpReceiver.ReceivedSpan;
import io.monitoring.it.support.PrometheusScrape;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * isolation-app bundles its own Byte Buddy 1.14.18, OpenTelemetry SDK 1.40.0 (registered as GlobalOpenTelemetry) and
 * Prometheus client 1.3.1 (default registry, own HTTP server). With the agent (which bundles relocated, newer copies
 * of all three) the app must still see exactly its own libraries, and neither side's telemetry may leak into the
 * other's. Runs on the current JDK (17) only.
 */
class IsolationIT {

    private static final String SERVER_SPAN = "GET /hello";

    @Test
    void theAppKeepsItsOwnLibrariesAndTelemetryStaysApart() {
        int metricsPort = ChildJvm.freePort();
        int appMetricsPort = ChildJvm.freePort();
        try (OtlpReceiver receiver = OtlpReceiver.start();
             ChildJvm app = ChildJvm.app("isolation-app").env(withoutAgentEnvironment())
                     .agent(Artifacts.agentJar())
                     .agentArgs("metrics.port=" + metricsPort + ",otlp.endpoint=" + receiver.endpoint())
                     .args("--port", "0", "--app-metrics-port", Integer.toString(appMetricsPort))
                     .start()) {
            int port = awaitReady(app);
            // the agent's endpoint starts after its tracer: from now on every request gets a span
            awaitMetricsEndpoint(metricsPort);

            for (int k = 1; k <= 3; k++) {
                Http.Response response = Http.get(url(port, "/hello"));
                assertEquals(200, response.status());
                // the app's generated class, the app's Byte Buddy version, the app's ASM (not the agent's), the app's
                // in-memory exporter counting its own spans only, and the app's SDK as GlobalOpenTelemetry
                assertEquals("hello bytebuddy=bytebuddy-ok bytebuddyVersion=1.14.18"
                        + " asm=io/monitoring/testapp/isolation/HelloServlet asmKnowsUpTo=Java 21 spans=" + k
                        + " otelTracerProvider=io.opentelemetry.sdk.OpenTelemetrySdk$ObfuscatedTracerProvider",
                        response.body(), "response " + k);
            }

            // The agent's endpoint: fails without the agent (nothing listens on metricsPort).
            PrometheusScrape agent = awaitScrape(metricsPort,
                    s -> s.value("http_requests_total", Map.of("route", "/hello")) >= 3, "3 requests to /hello");
            assertEquals(3.0, agent.value("http_requests_total",
                    Map.of("method", "GET", "route", "/hello", "status_code", "200", "service", "isolation-app")),
                    agent::raw);
            assertEquals(3.0, agent.value("http_requests_total"), agent::raw);
            assertEquals(List.of(), agent.samples().stream()
                    .filter(sample -> sample.name().startsWith("isolation_hello")).toList(), agent::raw);
            assertFalse(agent.raw().contains("isolation_hello"), agent::raw);

            // The app's own endpoint: its counter only, none of the agent's metrics.
            PrometheusScrape own = PrometheusScrape.fetch(appMetricsPort);
            assertEquals(3.0, own.value("isolation_hello_total"), own::raw);
            assertEquals(List.of(), own.samples("http_requests_total"), own::raw);
            assertEquals(List.of(), own.samples("monitoring_agent_info"), own::raw);
            assertFalse(own.raw().contains("http_requests_total") || own.raw().contains("monitoring_agent"), own::raw);

            // The agent's spans reach the collector; the app's "hello-work" span (ended inside each request, so before
            // the request's SERVER span) stays in the app's own SDK.
            List<ReceivedSpan> server = receiver.awaitSpans(span -> span.name().equals(SERVER_SPAN), 3,
                    Duration.ofSeconds(30));
            assertEquals(3, server.size(), () -> "spans: " + receiver.spans());
            server.forEach(span -> {
                assertEquals("SERVER", span.kind(), span::toString);
                assertEquals("isolation-app", span.resource().get("service.name"), span::toString);
            });
            assertEquals(List.of(), receiver.spans().stream().filter(span -> span.name().equals("hello-work")).toList());
            assertEquals(3, receiver.spans().size(), () -> "spans: " + receiver.spans());
        }
    }
}
