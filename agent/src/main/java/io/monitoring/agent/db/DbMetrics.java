package io.monitoring.agent.db;

import io.monitoring.agent.metrics.AgentMetrics;
import io.monitoring.agent.metrics.Exemplars;
import io.monitoring.agent.metrics.SeriesSlots;
import io.monitoring.agent.metrics.SeriesTable;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.snapshots.Unit;

/**
 * {@code db_query_duration_seconds} with its label children bound once per (system, database, table,
 * operation, status). Tables are capped per database by {@code monitoring.metrics.max-label-values};
 * recording an execution is one map lookup (skipped for prepared statements), short array scans and one
 * observe.
 */
final class DbMetrics {
  private static final double[] BUCKETS = {0.0005, 0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5};
  private static final String[] STATUSES = {"success", "error"};

  final Exemplars exemplars;
  private final AgentMetrics agentMetrics;
  private final Histogram duration;
  private final Counter slow;

  DbMetrics(AgentMetrics agentMetrics) {
    this.agentMetrics = agentMetrics;
    this.exemplars = agentMetrics.exemplars();
    duration = Histogram.builder().name("db_query_duration_seconds").unit(Unit.SECONDS)
        .help("Time of JDBC statement executions, from the call to its return or exception; a batch is one execution")
        .labelNames("system", "database", "operation", "table", "status").classicUpperBounds(BUCKETS)
        .constLabels(agentMetrics.constLabels()).register(agentMetrics.registry());
    slow = Counter.builder().name("db_slow_queries_total")
        .help("JDBC executions slower than monitoring.db.slow-query.threshold; the last ones are listed at /slow-queries")
        .labelNames("system", "database", "operation", "table")
        .constLabels(agentMetrics.constLabels()).register(agentMetrics.registry());
  }

  /** The series of one database: table (bound lazily and capped), then operation index. */
  SeriesTable<SeriesSlots<OperationSeries>> tables(String system, String database) {
    return agentMetrics.seriesTable("db_query_duration_seconds", table ->
        new SeriesSlots<>(operation -> new OperationSeries(system, database, SqlStatement.OPERATIONS[operation], table)));
  }

  /**
   * One (system, database, operation, table) and its statuses, each bound at its first use: a statement that
   * never fails exports no empty error series.
   */
  final class OperationSeries {
    final String system;
    final String database;
    final String operation;
    /** The table's label: the statement's table, or {@code _other} beyond the cap. */
    final String table;
    private final SeriesSlots<DistributionDataPoint> byStatus;
    private volatile CounterDataPoint slowExecutions;

    OperationSeries(String system, String database, String operation, String table) {
      this.system = system;
      this.database = database;
      this.operation = operation;
      this.table = table;
      byStatus = new SeriesSlots<>(failed -> duration.labelValues(system, database, operation, table, STATUSES[failed]));
    }

    /** Bound at the first slow execution: a statement that is never slow exports no series. */
    CounterDataPoint slow() {
      CounterDataPoint point = slowExecutions;
      if (point == null) {
        slowExecutions = point = slow.labelValues(system, database, operation, table);
      }
      return point;
    }

    DistributionDataPoint get(boolean failed) {
      return byStatus.get(failed ? 1 : 0);
    }
  }
}
