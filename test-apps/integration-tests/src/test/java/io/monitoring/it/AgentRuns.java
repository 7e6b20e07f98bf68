package io.monitoring.it;

import io.monitoring.it.support.AgentApp;
import io.monitoring.it.support.Artifacts;
import io.monitoring.it.support.ChildJvm;
import io.monitoring.it.support.Poll;
import io.monitoring.it.support.PrometheusScrape;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Small helpers shared by ConfigurationIT, IsolationIT, ResponsesUnchangedIT and AgentLifecycleIT: the test apps'
 * {@code READY port=N} line, polling the agent's /metrics, and picking lines out of a child's stderr.
 */
final class AgentRuns {

    static final Duration STARTUP = AgentApp.STARTUP;
    static final Duration METRICS_TIMEOUT = Duration.ofSeconds(30);
    static final String AGENT_PREFIX = "[monitoring-agent] ";

    private AgentRuns() {
    }

    /**
     * A builder for tomcat11-app ({@code --port 0}: the app prints the port it got) without the agent, and without
     * any {@code MONITORING_*} / {@code OTEL_*} variable the test's own environment might pass on.
     */
    static ChildJvm.Builder tomcat11(String name) {
        return ChildJvm.builder(name).jar(Artifacts.appJar("tomcat11-app")).env(AgentApp.withoutAgentEnvironment())
                .args("--port", "0");
    }

    /** {@code http://127.0.0.1:<port><path>}. */
    static String url(int port, String path) {
        return "http://127.0.0.1:" + port + path;
    }

    static int awaitReady(ChildJvm app) {
        return AgentApp.awaitReady(app);
    }

    /** Scrapes {@code 127.0.0.1:metricsPort/metrics} until {@code condition} holds (or 30 s pass). */
    static PrometheusScrape awaitScrape(int metricsPort, Predicate<PrometheusScrape> condition, String description) {
        return Poll.until(() -> PrometheusScrape.fetch(metricsPort), condition, METRICS_TIMEOUT, description);
    }

    /** The first successful scrape, once the agent's metrics endpoint is up. */
    static PrometheusScrape awaitMetricsEndpoint(int metricsPort) {
        return awaitScrape(metricsPort, scrape -> scrape.value("monitoring_agent_info") == 1.0,
                "the agent's metrics endpoint on port " + metricsPort + " to serve monitoring_agent_info");
    }

    /** The agent's own lines ({@code [monitoring-agent] ...}) of a captured stderr. */
    static List<String> agentLines(String stderr) {
        return lines(stderr).stream().filter(line -> line.startsWith(AGENT_PREFIX)).toList();
    }

    /** The lines of a captured stream that contain {@code substring}. */
    static List<String> linesContaining(String text, String substring) {
        return lines(text).stream().filter(line -> line.contains(substring)).toList();
    }

    static List<String> lines(String text) {
        return text.lines().toList();
    }

    /** {@code http_requests_total} summed over every series with these labels. */
    static double requests(PrometheusScrape scrape, Map<String, String> labels) {
        return scrape.value("http_requests_total", labels);
    }
}
