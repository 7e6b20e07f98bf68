package io.monitoring.agent.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.monitoring.agent.metrics.AgentMetrics;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class RedisTelemetryTest {
  private static final int COMMANDS = 300;
  private static final int MAX_COMMANDS = 256;

  /** The value of each data point of {@code name}, keyed by the label {@code by}, summed over the other labels. */
  private static Map<String, Double> values(AgentMetrics metrics, String name, String by) {
    CounterSnapshot counter = (CounterSnapshot) metrics.registry().scrape(name::equals).get(0);
    Map<String, Double> values = new TreeMap<>();
    counter.getDataPoints().forEach(p -> values.merge(p.getLabels().get(by), p.getValue(), Double::sum));
    return values;
  }

  @Test
  void commandsBeyondTheCapFoldIntoOtherAndAreCountedAsOverflow() {
    AgentMetrics metrics = new AgentMetrics("svc", "test", 1000, "1");
    RedisTelemetry redis = new RedisTelemetry(new CacheTelemetry(metrics, java.util.List.of()), new io.monitoring.agent.tracing.Spans());
    Object connection = new Object();
    Object server = new Object(); // no getHostAndPort: described as unknown:6379
    for (int i = 0; i < COMMANDS; i++) {
      redis.end(connection, server, "CMD" + i, null, System.nanoTime(), null);
    }
    redis.end(connection, server, "CMD0", null, System.nanoTime(), null); // admitted: not folded

    Map<String, Double> byCommand = values(metrics, "cache_operations_total", "operation");
    assertEquals(MAX_COMMANDS + 1, byCommand.size());
    assertEquals(2.0, byCommand.get("cmd0"));
    assertEquals(COMMANDS - MAX_COMMANDS, byCommand.get(AgentMetrics.OTHER));
    assertEquals(Map.of("cache_operations_total", (double) (COMMANDS - MAX_COMMANDS)),
        values(metrics, "monitoring_agent_label_overflow_total", "metric"));
  }
}
