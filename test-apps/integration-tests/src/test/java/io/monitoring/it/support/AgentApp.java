package io.monitoring.it.support;

import java.time.Duration;

/** A test app running in a child JVM with the agent, exporting spans to an in-process receiver. */
public final class AgentApp implements AutoCloseable {
    public final ChildJvm jvm;
    public final int port;
    public final int metricsPort;

    private AgentApp(ChildJvm jvm, int port, int metricsPort) {
        this.jvm = jvm;
        this.port = port;
        this.metricsPort = metricsPort;
    }

    /**
     * Starts {@code app} on {@code jdk} with the agent, metrics on a free port and spans to {@code receiver}
     * (null: traces off), passing its port as {@code --port N} or, for a flag ending in '=', {@code --flag=N}; waits for its {@code READY} line.
     */
    public static AgentApp start(String app, Jdks.Jdk jdk, OtlpReceiver receiver, String portFlag, String extraAgentArgs) {
        int port = ChildJvm.freePort();
        int metricsPort = ChildJvm.freePort();
        String args = "metrics.host=127.0.0.1,metrics.port=" + metricsPort
                + (receiver == null ? ",traces.exporter=none" : ",otlp.endpoint=" + receiver.endpoint())
                + (extraAgentArgs.isEmpty() ? "" : "," + extraAgentArgs);
        ChildJvm jvm = ChildJvm.app(app).jdk(jdk).agent(Artifacts.agentJar()).agentArgs(args)
                .args(portFlag.endsWith("=") ? new String[] {portFlag + port} : new String[] {portFlag, Integer.toString(port)})
                .start();
        try {
            jvm.awaitLine("READY port=", Duration.ofSeconds(60));
            Poll.until(() -> Http.get("http://127.0.0.1:" + metricsPort + "/-/healthy").status(), s -> s == 200,
                    Duration.ofSeconds(20), "the agent's metrics endpoint to answer");
        } catch (RuntimeException | AssertionError e) {
            jvm.close();
            throw e;
        }
        return new AgentApp(jvm, port, metricsPort);
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
