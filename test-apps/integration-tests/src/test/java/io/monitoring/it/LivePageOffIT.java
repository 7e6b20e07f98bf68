package io.monitoring.it;

import static io.monitoring.it.AgentRuns.awaitMetricsEndpoint;
import static io.monitoring.it.AgentRuns.awaitReady;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.monitoring.it.support.AgentApp;
import io.monitoring.it.support.Artifacts;
import io.monitoring.it.support.ChildJvm;
import io.monitoring.it.support.Http;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code monitoring.ui.enabled}: on (the default), the metrics endpoint serves the live page at {@code /} and its data
 * at {@code /api/summary}; off, neither path is served and not one class of the page's package is loaded (the JVM's
 * class-loading log of a Tomcat 11 app with the agent).
 */
class LivePageOffIT {
    @ParameterizedTest(name = "ui.enabled={0}")
    @ValueSource(booleans = {true, false})
    void offMeansNeitherPathIsServedAndNoClassOfThePageIsLoaded(boolean on) {
        int metricsPort = ChildJvm.freePort();
        try (ChildJvm app = ChildJvm.app("tomcat11-app").env(AgentApp.withoutAgentEnvironment())
                .jvmFlags("-Xlog:class+load=info").agent(Artifacts.agentJar())
                .agentArgs("metrics.host=127.0.0.1,metrics.port=" + metricsPort + ",traces.exporter=none,ui.enabled=" + on)
                .args("--port", "0").start()) {
            awaitReady(app);
            awaitMetricsEndpoint(metricsPort);
            Http.Response page = Http.get("http://127.0.0.1:" + metricsPort + "/");
            Http.Response summary = Http.get("http://127.0.0.1:" + metricsPort + "/api/summary");
            List<String> pageClasses = app.stdout().lines().filter(l -> l.contains("io.monitoring.agent.ui.")).toList();
            if (on) {
                assertEquals(List.of(200, "text/html; charset=utf-8", 200), List.of(page.status(),
                        page.header("Content-Type").orElse(""), summary.status()));
                assertTrue(summary.body().startsWith("{\"schema\":1,"), summary.body());
                assertTrue(pageClasses.stream().anyMatch(l -> l.contains("io.monitoring.agent.ui.LiveSummary ")), app::stdout);
            } else {
                assertEquals(List.of(200, 404), List.of(page.status(), summary.status()));
                assertFalse(page.body().contains("/api/summary"), page.body());
                assertEquals(List.of(), pageClasses);
            }
        }
    }
}
