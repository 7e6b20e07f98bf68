package io.monitoring.it;

import static io.monitoring.it.AgentRuns.agentLines;
import static io.monitoring.it.AgentRuns.awaitMetricsEndpoint;
import static io.monitoring.it.AgentRuns.awaitReady;
import static io.monitoring.it.AgentRuns.lines;
import static io.monitoring.it.AgentRuns.linesContaining;
import static io.monitoring.it.AgentRuns.tomcat11;
import static io.monitoring.it.AgentRuns.url;
import static io.monitoring.it.support.AgentApp.withoutAgentEnvironment;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.monitoring.it.support.Artifacts;
import io.monitoring.it.support.ChildJvm;
import io.monitoring.it.support.Http;
import io.monitoring.it.support.Jdks;
import io.monitoring.it.support.OtlpReceiver;
import io.monitoring.it.support.PrometheusScrape;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The agent's footprint on the JVM it runs in: it never keeps the JVM alive, keeps class-data sharing for the
 * application's classes, prints no warnings in a healthy run, and serves its endpoint in every format a scraper asks
 * for.
 */
class AgentLifecycleIT {

    private static final String HELLO = "io.monitoring.testapp.tomcat11.Hello";
    /** Printed synchronously in premain at log.level=debug: proof that the agent ran, and how it set itself up. */
    private static final String AGENT_STARTED = "[monitoring-agent] DEBUG bootstrap classes defined;";

    /**
     * The current JDK (17) and JDK 25. JDK 25 is resolved inside the test with {@link Jdks#requireJdk25OrSkip()}, so
     * that its absence shows as a skipped test (a failure with CI=true), not as a silently missing run — which is what
     * {@link Jdks#forIntegrationTests()} would give.
     */
    static Stream<String> jdks() {
        Jdks.Jdk current = Jdks.current();
        return current.featureVersion() == 25 ? Stream.of(current.name()) : Stream.of(current.name(), "jdk25");
    }

    private static Jdks.Jdk jdk(String name) {
        return name.equals(Jdks.current().name()) ? Jdks.current() : Jdks.requireJdk25OrSkip();
    }

    private static ChildJvm.Builder hello(String name, Jdks.Jdk jdk) {
        return ChildJvm.builder(name).jdk(jdk).env(withoutAgentEnvironment())
                .mainClass(List.of(Artifacts.appJar("tomcat11-app")), HELLO)
                .agent(Artifacts.agentJar())
                .agentArgs("metrics.port=" + ChildJvm.freePort() + ",log.level=debug");
    }

    // ---- (a) ----

    /**
     * A program that ends its main method ends its JVM: none of the agent's threads is a non-daemon thread and its
     * shutdown hook does not hang. (Hello returns within milliseconds, typically before the agent's background start-up
     * has built the exporters; the endpoint's threads are covered by every other test's clean {@code close()}.)
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void helloWorldExitsByItself(String which) {
        Jdks.Jdk jdk = jdk(which);
        try (ChildJvm app = hello("hello-" + jdk.name(), jdk).start()) {
            assertEquals(0, app.awaitExit(Duration.ofSeconds(15)), app::output);
            assertEquals(List.of("hello"), lines(app.stdout()), app::output);
            // fails without the agent
            assertEquals(1, linesContaining(app.stderr(), AGENT_STARTED).size(), app::stderr);
        }
    }

    // ---- (b) ----

    /**
     * The agent defines its boot-loader hooks class by class instead of appending its jar to the bootstrap class path,
     * because appending makes HotSpot give up class-data sharing for every class outside the boot loader. HotSpot says
     * so on stderr whenever it happens, with or without -Xlog: checked by hand on 17.0.15 and 25.0.3 with a throwaway
     * agent whose premain only calls {@code inst.appendToBootstrapClassLoaderSearch(jar)} (and this Hello); both print
     * exactly one line, "OpenJDK 64-Bit Server VM warning: Sharing is only supported for boot loader classes because
     * bootstrap classpath has been appended". So this assertion does fail for an agent that appends.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void classDataSharingIsKeptForApplicationClasses(String which) {
        Jdks.Jdk jdk = jdk(which);
        try (ChildJvm app = hello("cds-" + jdk.name(), jdk).jvmFlags("-Xshare:auto", "-Xlog:cds=warning").start()) {
            assertEquals(0, app.awaitExit(Duration.ofSeconds(15)), app::output);
            assertEquals(List.of("hello"), lines(app.stdout()), app::output);
            // the agent ran and took the CDS-friendly path ("appended (...)" otherwise); fails without the agent
            assertEquals(1, linesContaining(app.stderr(), AGENT_STARTED).size(), app::stderr);
            assertEquals(List.of(), linesContaining(app.stderr(), "bootstrap classpath has been appended"));
        }
    }

    // ---- (c) ----

    @Test
    void aHealthyRunOnJdk25PrintsNoWarnings() {
        Jdks.Jdk jdk25 = Jdks.requireJdk25OrSkip();
        int metricsPort = ChildJvm.freePort();
        ChildJvm app;
        try (OtlpReceiver receiver = OtlpReceiver.start()) {
            app = tomcat11("quiet-jdk25").jdk(jdk25).agent(Artifacts.agentJar())
                    .agentArgs("metrics.port=" + metricsPort + ",otlp.endpoint=" + receiver.endpoint())
                    .start();
            try {
                int port = awaitReady(app);
                awaitMetricsEndpoint(metricsPort);
                Http.Response response = Http.get(url(port, "/shop/orders/1"));
                assertEquals(200, response.status());
                // the span got exported: the exporter, too, ran without complaint
                receiver.awaitSpans(span -> span.name().equals("GET /shop/orders/{id}"), 1, Duration.ofSeconds(30));
            } finally {
                app.close(); // stderr complete, shutdown included
            }
        }
        String stderr = app.stderr();
        // the agent did run (fails without it), and said nothing above INFO
        assertEquals(1, linesContaining(stderr, "[monitoring-agent] INFO serving metrics on").size(), stderr);
        assertEquals(List.of(), agentLines(stderr).stream()
                .filter(line -> !line.startsWith("[monitoring-agent] INFO ")).toList(), stderr);
        // nor did the JVM on the agent's behalf (e.g. "WARNING: A terminally deprecated method in sun.misc.Unsafe")
        assertEquals(List.of(), lines(stderr).stream().filter(line -> line.startsWith("WARNING:")).toList(), stderr);
    }

    // ---- (d) ----

    @Test
    void theMetricsEndpointServesEveryFormatAScraperAsksFor() {
        int metricsPort = ChildJvm.freePort();
        try (ChildJvm app = tomcat11("endpoint-formats").agent(Artifacts.agentJar())
                .agentArgs("metrics.port=" + metricsPort + ",traces.exporter=none")
                .start()) {
            awaitReady(app);
            awaitMetricsEndpoint(metricsPort); // fails without the agent

            assertEquals(200, Http.get(url(metricsPort, "/-/healthy")).status());

            Http.Response text = Http.get(url(metricsPort, "/metrics"));
            assertEquals(200, text.status());
            assertTrue(contentType(text).startsWith("text/plain; version=0.0.4"), contentType(text));
            assertEquals(1.0, PrometheusScrape.parse(text.body()).value("monitoring_agent_info"), text.body());
            assertFalse(text.body().contains("# EOF"), text.body());

            Http.Response openMetrics = Http.get(url(metricsPort, "/metrics"),
                    Map.of("Accept", "application/openmetrics-text; version=1.0.0"));
            assertEquals(200, openMetrics.status());
            assertTrue(contentType(openMetrics).startsWith("application/openmetrics-text"), contentType(openMetrics));
            assertTrue(openMetrics.body().endsWith("# EOF\n"), () -> "ends with: "
                    + openMetrics.body().substring(Math.max(0, openMetrics.body().length() - 200)));
            assertEquals(1.0, PrometheusScrape.parse(openMetrics.body()).value("monitoring_agent_info"));

            Http.Response protobuf = Http.get(url(metricsPort, "/metrics"), Map.of("Accept",
                    "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited"));
            assertEquals(200, protobuf.status());
            assertTrue(contentType(protobuf).contains("application/vnd.google.protobuf"), contentType(protobuf));
            // metric names are plain UTF-8 strings inside the delimited MetricFamily messages
            assertTrue(protobuf.body().contains("monitoring_agent_info"));
        }
    }

    private static String contentType(Http.Response response) {
        return response.header("Content-Type").orElse("(none)");
    }
}
