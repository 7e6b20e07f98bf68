package io.monitoring.agent.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.monitoring.agent.metrics.AgentMetrics;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The database operation on a real H2 connection, the hooks called as the woven advice calls them. */
class DbTelemetryTest {
  private final AgentMetrics metrics = new AgentMetrics("svc", "test", 3, "1");
  private final DbTelemetry telemetry = new DbTelemetry(metrics, new io.monitoring.agent.tracing.Spans(), () -> null,
      new SlowQueries(Long.MAX_VALUE, false));
  private Connection connection;

  @BeforeEach
  void open() throws SQLException {
    connection = DriverManager.getConnection("jdbc:h2:mem:unit;DB_CLOSE_DELAY=-1", "sa", "");
  }

  @AfterEach
  void close() throws SQLException {
    connection.close();
  }

  @Test
  void aPreparedStatementIsLabelledFromTheSqlItWasPreparedWith() throws SQLException {
    String sql = "SELECT 1 FROM information_schema.tables WHERE table_name = ?";
    try (PreparedStatement ps = connection.prepareStatement(sql)) {
      telemetry.statementCreated(connection, sql, ps);
      telemetry.executed(ps, null, System.nanoTime(), null);
      telemetry.executed(ps, null, System.nanoTime(), null);
    }
    assertEquals(Map.of("h2 unit select information_schema.tables success", 2L), counts());
  }

  @Test
  void aStatementCreatedBeforeTheAgentWasReadyIsDescribedFromItsConnection() throws SQLException {
    try (Statement st = connection.createStatement()) {
      telemetry.executed(st, "DELETE FROM orders WHERE id = 5", System.nanoTime(), new SQLException("no table", "42S02"));
      telemetry.executed(st, "/* the id */ delete from ORDERS where id = 6", System.nanoTime(), null);
    }
    assertEquals(Map.of("h2 unit delete orders error", 1L, "h2 unit delete orders success", 1L), counts());
  }

  @Test
  void aBatchIsOneObservationOfWhatItHolds() throws SQLException {
    try (Statement st = connection.createStatement()) {
      telemetry.statementCreated(connection, null, st);
      telemetry.batchAdded(st, "UPDATE orders SET status = 'a' WHERE id = 1");
      telemetry.batchAdded(st, "UPDATE orders SET status = 'b' WHERE id = 2");
      telemetry.batchExecuted(st, System.nanoTime(), null);
      telemetry.batchAdded(st, "UPDATE orders SET status = 'a' WHERE id = 1");
      telemetry.batchAdded(st, "DELETE FROM payments");
      telemetry.batchExecuted(st, System.nanoTime(), null);
      telemetry.batchAdded(st, "DELETE FROM payments");
      telemetry.batchCleared(st);
      telemetry.batchAdded(st, "INSERT INTO payments VALUES (1)");
      telemetry.batchExecuted(st, System.nanoTime(), null);
    }
    assertEquals(Map.of("h2 unit update orders success", 1L, "h2 unit other unknown success", 1L,
        "h2 unit insert payments success", 1L), counts());
  }

  @Test
  void tablesBeyondTheLabelCapFoldIntoOther() throws SQLException {
    try (Statement st = connection.createStatement()) {
      for (String table : new String[] {"a", "b", "c", "d", "e"}) {
        telemetry.executed(st, "SELECT * FROM " + table, System.nanoTime(), null);
      }
    }
    assertEquals(Map.of("h2 unit select a success", 1L, "h2 unit select b success", 1L, "h2 unit select c success", 1L,
        "h2 unit select _other success", 2L), counts());
    CounterSnapshot overflow = (CounterSnapshot) scrape("monitoring_agent_label_overflow").get(0);
    assertEquals(2.0, overflow.getDataPoints().get(0).getValue());
  }

  @Test
  void aClosedStatementStillCountsWithAnUnknownDatabase() throws SQLException {
    Statement st = connection.createStatement();
    st.close();
    telemetry.executed(st, "SELECT * FROM t", System.nanoTime(), new SQLException("closed"));
    assertNull(st.getConnection(), "the premise: a closed H2 statement no longer names its connection");
    assertEquals(Map.of("other unknown select t error", 1L), counts());
  }

  private Map<String, Long> counts() {
    Map<String, Long> counts = new TreeMap<>();
    for (HistogramSnapshot.HistogramDataPointSnapshot p
        : ((HistogramSnapshot) scrape("db_query_duration_seconds").get(0)).getDataPoints()) {
      if (p.getCount() > 0) {
        counts.put(String.join(" ", p.getLabels().get("system"), p.getLabels().get("database"),
            p.getLabels().get("operation"), p.getLabels().get("table"), p.getLabels().get("status")), p.getCount());
      }
    }
    return counts;
  }

  private MetricSnapshots scrape(String name) {
    return metrics.registry().scrape(name::equals);
  }
}
