package io.monitoring.agent;

import io.monitoring.agent.bootstrap.AgentErrors;
import io.monitoring.agent.bootstrap.HttpServerHooks;
import io.monitoring.agent.config.AgentConfig;
import io.monitoring.agent.config.AgentSettings;
import io.monitoring.agent.httpserver.HttpServerTelemetry;
import io.monitoring.agent.instrumentation.Instrumentations;
import io.monitoring.agent.metrics.AgentMetrics;
import io.monitoring.agent.metrics.MetricsEndpoint;
import io.monitoring.agent.tracing.Tracing;
import java.lang.instrument.Instrumentation;

/**
 * Start-up, inside the agent's own class loader. The main thread does only what must happen before
 * the application's classes load (configuration, metrics objects, the transformer); the JVM
 * metrics, the HTTP endpoint and the OpenTelemetry SDK are built on a daemon thread.
 */
public final class AgentMain {
  private AgentMain() {}

  public static void start(String args, Instrumentation inst, boolean attached, long startNanos, String bootstrapMode) {
    AgentConfig config = AgentConfig.load(args);
    AgentSettings settings = new AgentSettings(config);
    AgentLog.setLevel(settings.logLevel);
    config.reportProblems();
    String version = version();

    AgentMetrics metrics = new AgentMetrics(settings.serviceName, settings.environment, settings.maxLabelValues, version);
    AgentErrors.install(metrics);
    HttpServerTelemetry httpServer = new HttpServerTelemetry(metrics, settings.ignorePaths, settings.enabled("spring-webmvc"));
    HttpServerHooks.install(httpServer);
    Instrumentations.install(inst, settings, attached);
    AgentLog.debug("bootstrap classes " + bootstrapMode + "; transformer installed in "
        + (System.nanoTime() - startNanos) / 1_000_000 + " ms");

    Thread init = new Thread(() -> initialiseExporters(settings, metrics, httpServer, version), "monitoring-agent-init");
    init.setDaemon(true);
    init.start();
  }

  private static void initialiseExporters(AgentSettings settings, AgentMetrics metrics, HttpServerTelemetry httpServer,
      String version) {
    try {
      Tracing tracing = Tracing.create(settings, metrics, version);
      if (tracing != null) {
        httpServer.useTracer(tracing.tracer());
        Runtime.getRuntime().addShutdownHook(new Thread(tracing::shutdown, "monitoring-agent-shutdown"));
      }
    } catch (Throwable t) {
      AgentLog.warn("tracing could not start (" + t + "); metrics only");
    }
    try {
      metrics.registerJvmMetrics();
    } catch (Throwable t) {
      AgentLog.warn("JVM metrics unavailable: " + t);
    }
    if (settings.metricsEnabled) {
      MetricsEndpoint.start(settings, metrics);
    }
  }

  static String version() {
    Package p = AgentMain.class.getPackage();
    String v = p == null ? null : p.getImplementationVersion();
    if (v == null) {
      try (java.io.InputStream in = AgentMain.class.getResourceAsStream("/io/monitoring/agent/version.properties")) {
        if (in != null) {
          java.util.Properties props = new java.util.Properties();
          props.load(in);
          v = props.getProperty("version");
        }
      } catch (java.io.IOException ignored) {
        // fall through
      }
    }
    return v == null ? "unknown" : v;
  }
}
