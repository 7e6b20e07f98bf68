package io.monitoring.agent.db;

/**
 * What is known about one JDBC statement object: its connection's database, the SQL it was prepared
 * with (null for a plain Statement) and what its pending batch holds. JDBC statements are not shared
 * between threads while in use, so the batch fields need no locking.
 */
final class DbStatement {
  final Database connection;
  final SqlStatement prepared;
  private DbMetrics.OperationSeries preparedSeries;

  private SqlStatement batchStatement;
  private boolean batchMixed;
  private int batchSize;

  DbStatement(Database connection, SqlStatement prepared) {
    this.connection = connection;
    this.prepared = prepared;
  }

  /** The series of the prepared SQL, bound at the first execution. */
  DbMetrics.OperationSeries preparedSeries(SqlStatement unknown) {
    DbMetrics.OperationSeries s = preparedSeries;
    if (s == null) {
      s = connection.series(prepared != null ? prepared : unknown);
      preparedSeries = s;
    }
    return s;
  }

  void addBatch(SqlStatement added) {
    SqlStatement statement = added != null ? added : prepared;
    if (batchSize++ == 0) {
      batchStatement = statement;
    } else if (statement != batchStatement && (statement == null || batchStatement == null
        || statement.operation != batchStatement.operation || !statement.table.equals(batchStatement.table))) {
      batchMixed = true;
    }
  }

  int batchSize() {
    return batchSize;
  }

  /** The statement the batch amounts to: its one kind of statement, else null (mixed or empty). */
  SqlStatement batchStatement() {
    if (batchSize == 0) {
      return prepared;
    }
    return batchMixed ? null : batchStatement;
  }

  void clearBatch() {
    batchStatement = null;
    batchMixed = false;
    batchSize = 0;
  }
}
