package io.monitoring.agent.bootstrap;

/**
 * What advice woven into JDBC drivers, pools and wrappers calls. Statements are passed as plain objects; the
 * agent keeps what it learnt about each (its database, its parsed SQL) and measures the outermost execution.
 */
public final class JdbcHooks {
  public interface Handler {
    /** A statement was created by {@code connection}; {@code sql} is null for createStatement. */
    void statementCreated(Object connection, String sql, Object statement);

    /** An outermost execute* returned or threw; {@code sql} is null for a prepared statement's own SQL. */
    void executed(Object statement, String sql, long startNanos, Throwable error);

    /** An outermost executeBatch / executeLargeBatch returned or threw. */
    void batchExecuted(Object statement, long startNanos, Throwable error);

    /** addBatch(): {@code sql} for Statement.addBatch(String), null for PreparedStatement.addBatch(). */
    void batchAdded(Object statement, String sql);

    void batchCleared(Object statement);

    /** close(): what was remembered about the statement can go now rather than at the next GC. */
    void statementClosed(Object statement);
  }

  private static volatile Handler handler;

  private JdbcHooks() {}

  public static void install(Handler newHandler) {
    handler = newHandler;
  }

  public static void statementCreated(Object connection, String sql, Object statement) {
    handler.statementCreated(connection, sql, statement);
  }

  public static void executed(Object statement, String sql, long startNanos, Throwable error) {
    handler.executed(statement, sql, startNanos, error);
  }

  public static void batchExecuted(Object statement, long startNanos, Throwable error) {
    handler.batchExecuted(statement, startNanos, error);
  }

  public static void batchAdded(Object statement, String sql) {
    handler.batchAdded(statement, sql);
  }

  public static void batchCleared(Object statement) {
    handler.batchCleared(statement);
  }

  public static void statementClosed(Object statement) {
    handler.statementClosed(statement);
  }
}
