package io.monitoring.agent.ui;

import io.monitoring.agent.db.SlowQueries;
import io.monitoring.agent.metrics.EndpointPage;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The live page on the metrics endpoint ({@code monitoring.ui.enabled}): {@code /} serves {@code page.html} (HTML, CSS
 * and script in one file, nothing fetched from elsewhere) and {@code /api/summary} its data, read from the agent's
 * registry on the endpoint's thread. Nothing of this package is loaded with the page off.
 */
public final class LivePage {
  private LivePage() {}

  /** Starts the snapshot thread and returns the two paths to serve. */
  public static Map<String, EndpointPage> start(PrometheusRegistry registry, SlowQueries slowQueries,
      LiveSummary.Identity identity, boolean tracing) {
    LiveSummary summary = new LiveSummary(registry, slowQueries, identity, tracing, System::currentTimeMillis);
    ScheduledExecutorService snapshots = Executors.newSingleThreadScheduledExecutor(task -> {
      Thread t = new Thread(task, "monitoring-agent-live-page");
      t.setDaemon(true);
      return t;
    });
    snapshots.scheduleAtFixedRate(LivePage.safely(summary), 0, LiveSummary.STEP_SECONDS, TimeUnit.SECONDS);
    return Map.of("/", EndpointPage.html(page()), "/api/summary", EndpointPage.json(summary::json));
  }

  /** A failing snapshot is skipped, never the end of the schedule. */
  private static Runnable safely(LiveSummary summary) {
    return () -> {
      try {
        summary.takeSnapshot();
      } catch (Throwable t) {
        io.monitoring.agent.bootstrap.AgentErrors.record(t, "live-page");
      }
    };
  }

  private static byte[] page() {
    try (InputStream in = LivePage.class.getResourceAsStream("page.html")) {
      if (in != null) {
        return in.readAllBytes();
      }
    } catch (IOException e) {
      // served as the fallback below
    }
    return "<!doctype html><title>monitoring-agent</title><p>The live page is missing from this build; its data is at <a href=\"api/summary\">api/summary</a>."
        .getBytes(StandardCharsets.UTF_8);
  }
}
