package io.monitoring.agent.db;

import io.monitoring.agent.metrics.AgentMetrics;
import io.monitoring.agent.metrics.Exemplars;
import io.monitoring.agent.metrics.LabelValueLimit;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.snapshots.Unit;

/**
 * {@code db_query_duration_seconds} with its label children bound once per (system, database, table,
 * operation, status). Tables are capped per database by {@code monitoring.metrics.max-label-values};
 * recording an execution is one map lookup (skipped for prepared statements) and one observe.
 */
final class DbMetrics {
  private static final double[] BUCKETS = {0.0005, 0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5};
  static final String[] OPERATIONS = {"select", "insert", "update", "delete", "merge", "call", "other"};

  final Exemplars exemplars;
  private final AgentMetrics agentMetrics;
  private final Histogram duration;

  DbMetrics(AgentMetrics agentMetrics) {
    this.agentMetrics = agentMetrics;
    this.exemplars = agentMetrics.exemplars();
    duration = Histogram.builder().name("db_query_duration_seconds").unit(Unit.SECONDS)
        .help("Time of JDBC statement executions, from the call to its return or exception; a batch is one execution")
        .labelNames("system", "database", "operation", "table", "status").classicUpperBounds(BUCKETS)
        .constLabels(agentMetrics.constLabels()).register(agentMetrics.registry());
  }

  /** The series of one database; tables are bound lazily and capped. */
  LabelValueLimit.Bound<TableSeries> tables(String system, String database) {
    return agentMetrics.labelValueLimit("db_query_duration_seconds").bind(table -> new TableSeries(system, database, table));
  }

  static int operationIndex(String operation) {
    for (int i = 0; i < OPERATIONS.length - 1; i++) {
      if (OPERATIONS[i].equals(operation)) {
        return i;
      }
    }
    return OPERATIONS.length - 1;
  }

  final class TableSeries {
    private final String system;
    private final String database;
    private final String table;
    private final OperationSeries[] byOperation = new OperationSeries[OPERATIONS.length];

    TableSeries(String system, String database, String table) {
      this.system = system;
      this.database = database;
      this.table = table;
    }

    OperationSeries operation(int index) {
      OperationSeries s = byOperation[index];
      return s != null ? s : create(index);
    }

    private synchronized OperationSeries create(int index) {
      if (byOperation[index] == null) {
        byOperation[index] = new OperationSeries(system, database, OPERATIONS[index], table);
      }
      return byOperation[index];
    }
  }

  /** Each status is bound at its first use: a statement that never fails exports no empty error series. */
  final class OperationSeries {
    private final String system;
    private final String database;
    private final String operation;
    private final String table;
    private volatile DistributionDataPoint success;
    private volatile DistributionDataPoint error;

    OperationSeries(String system, String database, String operation, String table) {
      this.system = system;
      this.database = database;
      this.operation = operation;
      this.table = table;
    }

    DistributionDataPoint get(boolean failed) {
      DistributionDataPoint s = failed ? error : success;
      if (s == null) {
        // labelValues returns the same data point for the same values, so a racing second binding is harmless
        s = duration.labelValues(system, database, operation, table, failed ? "error" : "success");
        if (failed) {
          error = s;
        } else {
          success = s;
        }
      }
      return s;
    }
  }
}
