package io.monitoring.it;

import static io.monitoring.it.AgentRuns.awaitMetricsEndpoint;
import static io.monitoring.it.AgentRuns.awaitReady;
import static io.monitoring.it.AgentRuns.linesContaining;
import static io.monitoring.it.AgentRuns.url;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.monitoring.it.support.AgentApp;
import io.monitoring.it.support.Artifacts;
import io.monitoring.it.support.ChildJvm;
import io.monitoring.it.support.Http;
import io.monitoring.it.support.PrometheusScrape;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A server the agent does not measure (Vert.x's, which Quarkus serves on) is not silently unmeasured: when it
 * starts listening the agent says so, in one line, once.
 */
class UnmeasuredServersIT {
    private static final String NOTICE = "[monitoring-agent] INFO Vert.x's HTTP server started: the requests it serves are"
            + " not measured (no http_requests_total, no SERVER spans); the agent measures servlet containers and"
            + " Reactor Netty (README, Known limits)";

    @Test
    void aVertxServerStartingIsSaidOnceAndItsRequestsAreNotCounted() {
        int metricsPort = ChildJvm.freePort();
        try (ChildJvm app = vertx(metricsPort, "").start()) {
            int port = awaitReady(app);
            awaitMetricsEndpoint(metricsPort);
            for (int i = 0; i < 3; i++) {
                assertEquals("vertx", Http.get(url(port, "/orders/" + i)).body());
            }
            PrometheusScrape scrape = PrometheusScrape.fetch(metricsPort);
            assertEquals(0.0, scrape.value("http_requests_total"), scrape::raw);
            assertEquals(List.of(NOTICE), linesContaining(app.stderr(), "[monitoring-agent] INFO Vert.x"), app::stderr);
        }
    }

    @Test
    void switchedOffTheNoticeIsNotGiven() {
        try (ChildJvm app = vertx(ChildJvm.freePort(), ",instrumentation.unmeasured-servers.enabled=false").start()) {
            awaitReady(app);
            assertEquals(List.of(), linesContaining(app.stderr(), "[monitoring-agent] INFO Vert.x"), app::stderr);
        }
    }

    private static ChildJvm.Builder vertx(int metricsPort, String extraAgentArgs) {
        return ChildJvm.app("vertx-app").env(AgentApp.withoutAgentEnvironment()).args("--port", "0")
                .agent(Artifacts.agentJar())
                .agentArgs("metrics.host=127.0.0.1,metrics.port=" + metricsPort + ",traces.exporter=none" + extraAgentArgs);
    }
}
