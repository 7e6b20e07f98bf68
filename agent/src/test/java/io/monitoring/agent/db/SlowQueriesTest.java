package io.monitoring.agent.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.monitoring.agent.metrics.AgentMetrics;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import org.junit.jupiter.api.Test;

/** Slow executions: counted, the last 100 kept newest first as JSON, texts escaped. */
class SlowQueriesTest {
  private final AgentMetrics agentMetrics = new AgentMetrics("svc", "test", 100, "1");
  private final DbMetrics metrics = new DbMetrics(agentMetrics);
  private final SqlStatementCache sql = new SqlStatementCache(64, false);

  @Test
  void theThresholdIsInclusive() {
    SlowQueries slow = new SlowQueries(500_000_000L, false);
    assertFalse(slow.isSlow(499_999_999L));
    assertTrue(slow.isSlow(500_000_000L));
  }

  @Test
  void keepsTheLast100NewestFirstAndCountsEveryOne() {
    SlowQueries slow = new SlowQueries(1, false);
    SqlStatement statement = sql.get("SELECT * FROM orders WHERE id = 42");
    DbMetrics.OperationSeries series = metrics.tables("h2", "shop").get("orders").get(statement.operation);
    RequestQueries request = new RequestQueries();
    request.ended("GET", "/orders/{id}");
    for (int i = 1; i <= 130; i++) {
      slow.record(series, statement, i * 1_000_000L, i, i % 2 == 0 ? request : null, null);
    }
    String json = slow.json();
    assertTrue(json.startsWith("{\"thresholdSeconds\":1.0E-9,\"total\":130,\"slowQueries\":[{\"time\":\""), json);
    assertTrue(json.contains("\"durationSeconds\":0.13,\"system\":\"h2\",\"database\":\"shop\",\"operation\":\"select\","
        + "\"table\":\"orders\",\"text\":\"SELECT * FROM orders WHERE id = ?\",\"method\":\"GET\","
        + "\"route\":\"/orders/{id}\",\"traceId\":null}"), json);
    assertEquals(100, json.split("\"durationSeconds\"", -1).length - 1);
    assertTrue(json.indexOf("\"durationSeconds\":0.13,") < json.indexOf("\"durationSeconds\":0.129,"), "newest first");
    assertFalse(json.contains("\"durationSeconds\":0.03,"), "the 30th is gone");
    assertTrue(json.contains("\"method\":null,\"route\":null"), "outside a request");
    assertEquals(130.0, ((CounterSnapshot) agentMetrics.registry().scrape().stream()
        .filter(m -> m.getMetadata().getName().equals("db_slow_queries")).findFirst().orElseThrow())
        .getDataPoints().get(0).getValue());
  }

  @Test
  void textsAreEscapedForJson() {
    SlowQueries slow = new SlowQueries(1, false);
    SqlStatement statement = sql.get("SELECT \"weird\\name\" FROM t");
    DbMetrics.OperationSeries series = metrics.tables("h2", "shop").get(statement.table).get(statement.operation);
    slow.record(series, statement, 5, 5, null, null);
    assertTrue(slow.json().contains("\"text\":\"SELECT \\\"weird\\\\name\\\" FROM t\""), slow.json());
  }
}
