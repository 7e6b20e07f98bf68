package io.monitoring.agent.db;

import io.monitoring.agent.metrics.SeriesSlots;
import io.monitoring.agent.metrics.SeriesTable;

/**
 * What is known about the database behind a connection, learnt once per physical connection and
 * shared by every connection to the same database: labels, span attributes, the SQL cache of its
 * dialect and the bound metric series of its tables.
 */
final class Database {
  final String semconvSystem;
  final String database;
  /** null for embedded databases */
  final String host;
  final int port;
  final SqlStatementCache sql;
  final SeriesTable<SeriesSlots<DbMetrics.OperationSeries>> tables;

  Database(JdbcUrl url, String database, SqlStatementCache sql,
      SeriesTable<SeriesSlots<DbMetrics.OperationSeries>> tables) {
    this.semconvSystem = url.semconvSystem;
    this.database = database;
    this.host = url.host;
    this.port = url.port;
    this.sql = sql;
    this.tables = tables;
  }

  DbMetrics.OperationSeries series(SqlStatement statement) {
    return tables.get(statement.table).get(statement.operation);
  }
}
