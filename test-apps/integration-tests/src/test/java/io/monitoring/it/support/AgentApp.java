package io.monitoring.it.support;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * A test app running in a child JVM with the agent, exporting spans to an in-process receiver. Both the app
 * and the agent's metrics endpoint bind port 0 and the test reads the ports they got from their output, so
 * parallel runs never race for a port.
 */
public final class AgentApp implements AutoCloseable {
    public static final Duration STARTUP = Duration.ofSeconds(60);
    private static final String READY = "READY port=";
    private static final String METRICS_SERVED = "serving metrics on http://127.0.0.1:";

    public final ChildJvm jvm;
    public final int port;
    public final int metricsPort;

    private AgentApp(ChildJvm jvm, int port, int metricsPort) {
        this.jvm = jvm;
        this.port = port;
        this.metricsPort = metricsPort;
    }

    /**
     * Starts {@code app} on {@code jdk} with the agent, spans to {@code receiver} (null: traces off), and
     * {@code portFlag} set to 0 ({@code --port 0}, or {@code --flag=0} for a flag ending in '='); waits until
     * the app serves and the agent's metrics endpoint answers. {@code appArgs} follow the port flag.
     */
    public static AgentApp start(String app, Jdks.Jdk jdk, OtlpReceiver receiver, String portFlag, String extraAgentArgs,
            String... appArgs) {
        String args = "metrics.host=127.0.0.1,metrics.port=0"
                + (receiver == null ? ",traces.exporter=none" : ",otlp.endpoint=" + receiver.endpoint())
                + (extraAgentArgs.isEmpty() ? "" : "," + extraAgentArgs);
        ChildJvm jvm = ChildJvm.app(app).jdk(jdk).env(withoutAgentEnvironment()).agent(Artifacts.agentJar())
                .agentArgs(args)
                .args(portFlag.endsWith("=") ? new String[] {portFlag + "0"} : new String[] {portFlag, "0"})
                .args(appArgs)
                .start();
        try {
            int port = awaitReady(jvm);
            String served = jvm.awaitLine(METRICS_SERVED, STARTUP);
            int metricsPort = Integer.parseInt(served.substring(served.indexOf(METRICS_SERVED) + METRICS_SERVED.length(),
                    served.indexOf("/metrics")));
            Poll.until(() -> Http.get("http://127.0.0.1:" + metricsPort + "/-/healthy").status(), s -> s == 200,
                    Duration.ofSeconds(20), "the agent's metrics endpoint to answer");
            return new AgentApp(jvm, port, metricsPort);
        } catch (RuntimeException | AssertionError e) {
            jvm.close();
            throw e;
        }
    }

    /** Waits for a test app's {@code READY port=N} line and returns N. */
    public static int awaitReady(ChildJvm app) {
        String line = app.awaitLine(READY, STARTUP);
        return Integer.parseInt(line.substring(line.indexOf(READY) + READY.length()).trim());
    }

    /** Removes (null value) every inherited variable the agent reads, so only what a test sets reaches it. */
    public static Map<String, String> withoutAgentEnvironment() {
        Map<String, String> removed = new HashMap<>();
        System.getenv().keySet().stream()
                .filter(name -> name.startsWith("MONITORING_") || name.startsWith("OTEL_"))
                .forEach(name -> removed.put(name, null));
        return removed;
    }

    public String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    public PrometheusScrape scrape() {
        return PrometheusScrape.fetch(metricsPort);
    }

    @Override
    public void close() {
        jvm.close();
    }
}
