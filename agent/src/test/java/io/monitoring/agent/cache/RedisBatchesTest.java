package io.monitoring.agent.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.monitoring.agent.metrics.AgentMetrics;
import io.monitoring.agent.tracing.Spans;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.BuilderFactory;
import redis.clients.jedis.Response;

/** Jedis pipelines as the agent sees them: commands queued with their Response, replies set, the sync. */
class RedisBatchesTest {
  private final AgentMetrics metrics = new AgentMetrics("svc", "test", 1000, "1");
  private final RedisTelemetry redis = new RedisTelemetry(new CacheTelemetry(metrics, List.of()), new Spans());
  private final Object connection = new Object();

  @Test
  void eachCommandCountsAtItsReplyAndWhatASyncThatFailedLeftWithoutOneIsAnError() {
    Response<String> set = queued("SET");
    Response<String> hit = queued("GET");
    Response<String> miss = queued("GET");
    Response<String> lost = queued("GET");
    assertEquals(Map.of(), counts(), "nothing counted before the replies");

    redis.completed(set, "OK".getBytes(StandardCharsets.UTF_8), null);
    redis.completed(hit, "v".getBytes(StandardCharsets.UTF_8), null);
    redis.completed(miss, null, null);
    redis.batchEnded(connection, null, System.nanoTime(), new IllegalStateException("connection lost"));
    redis.batchEnded(connection, null, System.nanoTime(), null); // closing the pipeline syncs again: nothing queued

    assertEquals(Map.of("set success", 1.0, "get hit", 1.0, "get miss", 1.0, "get error", 1.0), counts());
    redis.completed(lost, "late".getBytes(StandardCharsets.UTF_8), null);
    assertEquals(1.0, counts().get("get error"), "a reply after the batch ended is not counted again");
  }

  private Response<String> queued(String command) {
    Response<String> response = new Response<>(BuilderFactory.STRING);
    redis.endWhenComplete(connection, command, response, System.nanoTime(), null);
    return response;
  }

  private Map<String, Double> counts() {
    Map<String, Double> counts = new TreeMap<>();
    metrics.registry().scrape("cache_operations_total"::equals).stream().map(CounterSnapshot.class::cast)
        .flatMap(c -> c.getDataPoints().stream())
        .forEach(p -> counts.merge(p.getLabels().get("operation") + " " + p.getLabels().get("status"), p.getValue(),
            Double::sum));
    return counts;
  }
}
