package io.monitoring.agent.db;

/**
 * The JDBC executions one request made: how many, how long in all, and how often each statement (one SQL string,
 * parsed once, so the same {@link SqlStatement}) ran, which is how an N+1 shows: one statement run once per row
 * of another. Held by the request from its first execution; nothing is allocated per execution. A request's
 * executions normally run one at a time; two on different threads at once (a reactive request's parallel
 * queries) may lose a count, never fail.
 */
public final class RequestQueries {
  /**
   * Statements followed per request for repetition: 32 slots, at most 24 distinct statements (a page of an ORM
   * rarely runs more kinds); later new ones still count in the total, not for repetition.
   */
  private static final int SLOTS = 32;
  private static final int MAX_DISTINCT = SLOTS * 3 / 4;

  int count;
  long nanos;
  private SqlStatement[] statements;
  private DbMetrics.OperationSeries[] series;
  private int[] executions;
  private int distinct;
  /** Set when the request ends: a slow statement's entry names its request by them. */
  volatile String method;
  volatile String route;

  public int count() {
    return count;
  }

  /** Time spent in JDBC executions, in nanoseconds. */
  public long nanos() {
    return nanos;
  }

  public void ended(String method, String route) {
    this.method = method;
    this.route = route;
  }

  void executed(SqlStatement sql, DbMetrics.OperationSeries operation, long elapsedNanos) {
    count++;
    nanos += elapsedNanos;
    if (sql.queryText.isEmpty()) {
      return; // not known: nothing to tell repeats by
    }
    SqlStatement[] seen = statements;
    if (seen == null) {
      statements = seen = new SqlStatement[SLOTS];
      series = new DbMetrics.OperationSeries[SLOTS];
      executions = new int[SLOTS];
    }
    int i = System.identityHashCode(sql) & (SLOTS - 1);
    while (seen[i] != null) { // at most 24 of 32 slots are taken: the probe always ends
      if (seen[i] == sql) {
        executions[i]++;
        return;
      }
      i = (i + 1) & (SLOTS - 1);
    }
    if (distinct < MAX_DISTINCT) {
      distinct++;
      series[i] = operation;
      executions[i] = 1;
      seen[i] = sql;
    }
  }

  /** A statement the request ran at least the threshold's number of times. */
  interface Repeated {
    void repeated(SqlStatement sql, DbMetrics.OperationSeries operation, int executions);
  }

  void forEachRepeated(int threshold, Repeated action) {
    SqlStatement[] seen = statements;
    if (seen == null) {
      return;
    }
    for (int i = 0; i < SLOTS; i++) {
      if (seen[i] != null && executions[i] >= threshold) {
        action.repeated(seen[i], series[i], executions[i]);
      }
    }
  }
}
