package io.monitoring.agent.bootstrap;

/**
 * What advice woven into JDBC drivers, pools and wrappers calls. Statements are passed as plain
 * objects; the agent keeps what it learnt about each (connection, parsed SQL) and measures the
 * outermost execution. Every method swallows failures, so a bug in the agent never reaches the
 * application's thread.
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

  private static final String NAME = "jdbc";
  private static volatile Handler handler;

  private JdbcHooks() {}

  public static void install(Handler newHandler) {
    handler = newHandler;
  }

  public static void statementCreated(Object connection, String sql, Object statement) {
    Handler h = handler;
    if (h != null && statement != null) {
      try {
        h.statementCreated(connection, sql, statement);
      } catch (Throwable t) {
        AgentErrors.record(t, NAME);
      }
    }
  }

  public static void executed(Object statement, String sql, long startNanos, Throwable error) {
    Handler h = handler;
    if (h != null) {
      try {
        h.executed(statement, sql, startNanos, error);
      } catch (Throwable t) {
        AgentErrors.record(t, NAME);
      }
    }
  }

  public static void batchExecuted(Object statement, long startNanos, Throwable error) {
    Handler h = handler;
    if (h != null) {
      try {
        h.batchExecuted(statement, startNanos, error);
      } catch (Throwable t) {
        AgentErrors.record(t, NAME);
      }
    }
  }

  public static void batchAdded(Object statement, String sql) {
    Handler h = handler;
    if (h != null) {
      try {
        h.batchAdded(statement, sql);
      } catch (Throwable t) {
        AgentErrors.record(t, NAME);
      }
    }
  }

  public static void batchCleared(Object statement) {
    Handler h = handler;
    if (h != null) {
      try {
        h.batchCleared(statement);
      } catch (Throwable t) {
        AgentErrors.record(t, NAME);
      }
    }
  }

  public static void statementClosed(Object statement) {
    Handler h = handler;
    if (h != null) {
      try {
        h.statementClosed(statement);
      } catch (Throwable t) {
        AgentErrors.record(t, NAME);
      }
    }
  }
}
