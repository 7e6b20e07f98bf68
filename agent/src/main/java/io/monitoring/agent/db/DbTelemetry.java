package io.monitoring.agent.db;

import static io.monitoring.agent.tracing.SemanticConventions.DB_COLLECTION_NAME;
import static io.monitoring.agent.tracing.SemanticConventions.DB_NAMESPACE;
import static io.monitoring.agent.tracing.SemanticConventions.DB_OPERATION_BATCH_SIZE;
import static io.monitoring.agent.tracing.SemanticConventions.DB_OPERATION_NAME;
import static io.monitoring.agent.tracing.SemanticConventions.DB_QUERY_TEXT;
import static io.monitoring.agent.tracing.SemanticConventions.DB_RESPONSE_STATUS_CODE;
import static io.monitoring.agent.tracing.SemanticConventions.DB_STORED_PROCEDURE_NAME;
import static io.monitoring.agent.tracing.SemanticConventions.DB_SYSTEM_NAME;
import static io.monitoring.agent.tracing.SemanticConventions.SERVER_ADDRESS;
import static io.monitoring.agent.tracing.SemanticConventions.SERVER_PORT;

import io.monitoring.agent.bootstrap.CallDepth;
import io.monitoring.agent.bootstrap.JdbcHooks;
import io.monitoring.agent.metrics.AgentMetrics;
import io.monitoring.agent.tracing.Spans;
import io.monitoring.agent.util.WeakIdentityMap;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Context;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The database client operation: what the JDBC advice reports becomes {@code db_query_duration_seconds}
 * and a CLIENT span per execution. Connections are described once (URL, catalog); statements are
 * remembered with their parsed SQL when created, so an execution costs a lookup, a clock read and an
 * observe. Spans are built at the end of the call with its start time, so nothing is allocated for
 * them when tracing is off, and they carry no literal from the SQL and no exception message (which
 * can quote the values that failed).
 */
public final class DbTelemetry implements JdbcHooks.Handler {
  private static final String UNKNOWN = "unknown";
  private static final int SQL_CACHE_GENERATION = 2048;

  private final DbMetrics metrics;
  private final int maxDatabases;
  private final SqlStatement unknownStatement = SqlStatement.parse("", false);
  private final SqlStatementCache standardSql = new SqlStatementCache(SQL_CACHE_GENERATION, false);
  private final SqlStatementCache mysqlSql = new SqlStatementCache(SQL_CACHE_GENERATION, true);
  private final WeakIdentityMap<Database> connections = new WeakIdentityMap<>();
  private final WeakIdentityMap<DbStatement> statements = new WeakIdentityMap<>();
  private final ConcurrentHashMap<String, Database> databases = new ConcurrentHashMap<>();
  private final Spans spans;
  private final Supplier<RequestQueries> currentRequest;
  private final SlowQueries slowQueries;

  /**
   * {@code currentRequest}: the executions of the request this thread serves (created at its first), or null
   * outside a request; {@code slowQueries}: where slow executions go.
   */
  public DbTelemetry(AgentMetrics agentMetrics, Spans spans, Supplier<RequestQueries> currentRequest,
      SlowQueries slowQueries) {
    this.metrics = new DbMetrics(agentMetrics);
    this.maxDatabases = agentMetrics.maxLabelValues();
    this.spans = spans;
    this.currentRequest = currentRequest;
    this.slowQueries = slowQueries;
  }

  @Override
  public void statementCreated(Object connection, String sql, Object statement) {
    Database db = connection(connection);
    statements.put(statement, new DbStatement(db, sql == null ? null : db.sql.get(sql)));
  }

  @Override
  public void executed(Object statement, String sql, long startNanos, Throwable error) {
    long end = System.nanoTime();
    DbStatement st = statement(statement);
    SqlStatement parsed;
    DbMetrics.OperationSeries series;
    if (sql != null) {
      parsed = st.connection.sql.get(sql);
      series = st.connection.series(parsed);
    } else {
      parsed = st.prepared != null ? st.prepared : unknownStatement;
      series = st.preparedSeries(unknownStatement);
    }
    record(st.connection, parsed, series, startNanos, end, error, 0);
  }

  @Override
  public void batchExecuted(Object statement, long startNanos, Throwable error) {
    long end = System.nanoTime();
    DbStatement st = statement(statement);
    SqlStatement parsed = st.batchStatement();
    int size = st.batchSize();
    st.clearBatch();
    if (parsed == null) {
      parsed = unknownStatement;
    }
    record(st.connection, parsed, st.connection.series(parsed), startNanos, end, error, Math.max(size, 1));
  }

  @Override
  public void batchAdded(Object statement, String sql) {
    DbStatement st = statement(statement);
    st.addBatch(sql == null ? null : st.connection.sql.get(sql));
  }

  @Override
  public void batchCleared(Object statement) {
    DbStatement st = statements.get(statement);
    if (st != null) {
      st.clearBatch();
    }
  }

  @Override
  public void statementClosed(Object statement) {
    statements.remove(statement);
  }

  /** {@code batchSize}: 0 for a single execution. */
  private void record(Database db, SqlStatement sql, DbMetrics.OperationSeries series, long start, long end,
      Throwable error, int batchSize) {
    long elapsed = end - start;
    RequestQueries request = currentRequest.get();
    if (request != null) {
      request.executed(sql, series, elapsed);
    }
    SpanContext traced = trace(db, sql, series.get(error != null), elapsed, end, error, batchSize);
    if (slowQueries.isSlow(elapsed)) {
      slowQueries.record(series, sql, elapsed, end, request, traced != null ? traced : Span.current().getSpanContext());
    }
  }

  /** Observes the execution, with its CLIENT span when traced; returns the span's context, or null. */
  private SpanContext trace(Database db, SqlStatement sql, DistributionDataPoint point, long elapsed, long end,
      Throwable error, int batchSize) {
    double seconds = elapsed / 1e9;
    if (!spans.tracing()) {
      point.observe(seconds);
      return null;
    }
    String operation = sql.operationName;
    if (batchSize > 0) {
      operation = operation == null ? "BATCH" : "BATCH " + operation;
    }
    Span span = spans.startedAgo(spanName(db, sql, operation), Context.current(), elapsed);
    if (span == null) {
      point.observe(seconds);
      return null;
    }
    metrics.exemplars.observe(point, seconds, span.getSpanContext(), end);
    if (span.isRecording()) {
      describe(span, db, sql, operation, batchSize, error);
    }
    Spans.end(span, error, null);
    return span.getSpanContext();
  }

  private static String spanName(Database db, SqlStatement sql, String operation) {
    if (operation == null) {
      return db.database != null && !UNKNOWN.equals(db.database) ? db.database : db.semconvSystem;
    }
    // a single execution's summary is the statement's own, built once; a batch's ("BATCH INSERT orders") per call
    return operation == sql.operationName ? sql.summary : SqlStatement.summary(operation, sql.table);
  }

  private static void describe(Span span, Database db, SqlStatement sql, String operation, int batchSize,
      Throwable error) {
    span.setAttribute(DB_SYSTEM_NAME, db.semconvSystem);
    if (!UNKNOWN.equals(db.database)) {
      span.setAttribute(DB_NAMESPACE, db.database);
    }
    if (operation != null) {
      span.setAttribute(DB_OPERATION_NAME, operation);
    }
    if (!SqlStatement.UNKNOWN.equals(sql.table)) {
      span.setAttribute(sql.operation == SqlStatement.CALL ? DB_STORED_PROCEDURE_NAME : DB_COLLECTION_NAME, sql.table);
    }
    if (!sql.queryText.isEmpty()) {
      span.setAttribute(DB_QUERY_TEXT, sql.queryText);
    }
    if (batchSize > 1) {
      span.setAttribute(DB_OPERATION_BATCH_SIZE, (long) batchSize);
    }
    if (db.host != null) {
      span.setAttribute(SERVER_ADDRESS, db.host);
      if (db.port > 0) {
        span.setAttribute(SERVER_PORT, (long) db.port);
      }
    }
    if (error instanceof SQLException && ((SQLException) error).getSQLState() != null) {
      span.setAttribute(DB_RESPONSE_STATUS_CODE, ((SQLException) error).getSQLState());
    }
  }

  /** A statement created before the agent was ready, or by a nested (pool-internal) call: described from its connection. */
  private DbStatement statement(Object statement) {
    DbStatement st = statements.get(statement);
    if (st == null) {
      Object connection = null;
      enterDriverCalls();
      try {
        connection = ((Statement) statement).getConnection();
      } catch (Throwable ignored) {
        // closed, or a wrapper that cannot tell: the database is unknown
      } finally {
        exitDriverCalls();
      }
      st = new DbStatement(connection == null ? unknownDatabase() : connection(connection), null);
      statements.put(statement, st);
    }
    return st;
  }

  /**
   * The database behind a connection. A pool hands out a new proxy per borrow (HikariCP does), so the
   * proxy is unwrapped to the physical connection, which is described once and remembered.
   */
  private Database connection(Object connection) {
    Database db = connections.get(connection);
    if (db != null) {
      return db;
    }
    enterDriverCalls();
    try {
      Object physical = unwrap(connection);
      if (physical != connection) {
        db = connections.get(physical);
        if (db != null) {
          return db;
        }
      }
      db = describe((Connection) physical);
      connections.put(physical, db);
      return db;
    } finally {
      exitDriverCalls();
    }
  }

  private static Object unwrap(Object connection) {
    try {
      Connection physical = ((Connection) connection).unwrap(Connection.class);
      return physical != null ? physical : connection;
    } catch (Throwable notAWrapper) {
      return connection;
    }
  }

  /** Driver calls made by the agent itself (which could run SQL, as some drivers' getCatalog does) are not measured. */
  private static void enterDriverCalls() {
    CallDepth.enter(CallDepth.DB);
    CallDepth.enter(CallDepth.DB_PREPARE);
  }

  private static void exitDriverCalls() {
    CallDepth.exit(CallDepth.DB_PREPARE);
    CallDepth.exit(CallDepth.DB);
  }

  private Database describe(Connection connection) {
    String url = null;
    try {
      url = connection.getMetaData().getURL();
    } catch (Throwable ignored) {
      // left unknown
    }
    JdbcUrl parsed = JdbcUrl.parse(url);
    String database = parsed.database;
    if (database == null) {
      try {
        database = connection.getCatalog();
      } catch (Throwable ignored) {
        // left unknown
      }
    }
    return intern(parsed, database == null || database.isEmpty() ? UNKNOWN : database);
  }

  private Database unknownDatabase() {
    return intern(JdbcUrl.parse(null), UNKNOWN);
  }

  /** One Database (and one set of bound series) per database; beyond the label cap, databases fold into _other. */
  private Database intern(JdbcUrl url, String database) {
    String key = url.system + '\u0000' + database + '\u0000' + url.host + '\u0000' + url.port;
    Database db = databases.get(key);
    if (db != null) {
      return db;
    }
    synchronized (databases) {
      db = databases.get(key);
      if (db == null) {
        String label = databases.size() < maxDatabases ? database : AgentMetrics.OTHER;
        boolean mysql = "mysql".equals(url.system) || "mariadb".equals(url.system);
        db = new Database(url, label, mysql ? mysqlSql : standardSql, metrics.tables(url.system, label));
        databases.put(key, db);
      }
      return db;
    }
  }
}
