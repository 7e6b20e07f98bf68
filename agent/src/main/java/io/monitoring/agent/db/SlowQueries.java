package io.monitoring.agent.db;

import static io.monitoring.agent.util.Json.field;

import io.monitoring.agent.AgentLog;
import io.opentelemetry.api.trace.SpanContext;
import java.time.Instant;

/**
 * JDBC executions slower than {@code monitoring.db.slow-query.threshold}: each counted in
 * {@code db_slow_queries_total}, the last 100 kept (sanitised text only: the lexer's, with literals replaced as
 * in spans) and served as JSON at {@code /slow-queries}; with {@code monitoring.db.slow-query.log=true} each is one
 * line on stderr, at most one a second (the rest counted in the next line). Only slow executions get here, so the
 * lock is never on the fast path.
 */
public final class SlowQueries {
  /** Entries kept: the last 100, about 40 KB with their texts; older ones are only counted. */
  private static final int CAPACITY = 100;
  private static final long LOG_INTERVAL_NANOS = 1_000_000_000L;

  private final long thresholdNanos;
  private final boolean log;
  private final Entry[] ring = new Entry[CAPACITY];
  private long recorded;
  private long lastLogNanos;
  private long unlogged;

  public SlowQueries(long thresholdNanos, boolean log) {
    this.thresholdNanos = thresholdNanos;
    this.log = log;
  }

  boolean isSlow(long elapsedNanos) {
    return elapsedNanos >= thresholdNanos;
  }

  private static final class Entry {
    final long epochMillis;
    final long elapsedNanos;
    final DbMetrics.OperationSeries operation;
    final String text;
    /** The request that ran it, whose method and route are known once it ends; null outside a request. */
    final RequestQueries request;
    final String traceId;

    Entry(long epochMillis, long elapsedNanos, DbMetrics.OperationSeries operation, String text, RequestQueries request,
        String traceId) {
      this.epochMillis = epochMillis;
      this.elapsedNanos = elapsedNanos;
      this.operation = operation;
      this.text = text;
      this.request = request;
      this.traceId = traceId;
    }
  }

  void record(DbMetrics.OperationSeries operation, SqlStatement sql, long elapsedNanos, long nowNanos,
      RequestQueries request, SpanContext span) {
    operation.slow().inc();
    String traceId = span != null && span.isValid() ? span.getTraceId() : null;
    Entry entry = new Entry(System.currentTimeMillis(), elapsedNanos, operation, sql.queryText, request, traceId);
    String line = null;
    synchronized (this) {
      ring[(int) (recorded++ % CAPACITY)] = entry;
      if (log) {
        if (lastLogNanos == 0 || nowNanos - lastLogNanos >= LOG_INTERVAL_NANOS) {
          line = line(entry, unlogged);
          lastLogNanos = nowNanos;
          unlogged = 0;
        } else {
          unlogged++;
        }
      }
    }
    if (line != null) {
      AgentLog.warn(line);
    }
  }

  private static String line(Entry e, long unlogged) {
    StringBuilder out = new StringBuilder("slow statement: ").append(e.elapsedNanos / 1_000_000).append(" ms, ")
        .append(e.operation.system).append(' ').append(e.operation.database).append(' ')
        .append(e.operation.operation).append(' ').append(e.operation.table);
    if (e.traceId != null) {
      out.append(", trace ").append(e.traceId);
    }
    out.append(": ").append(e.text.isEmpty() ? "(text not known)" : e.text);
    if (unlogged > 0) {
      out.append(" (").append(unlogged).append(" more since the last line, not logged)");
    }
    return out.toString();
  }

  /**
   * {@code {"thresholdSeconds": .., "total": .., "slowQueries": [newest first]}}; an entry's method and route are
   * null while its request runs, and outside a request.
   */
  public String json() {
    long total;
    synchronized (this) {
      total = recorded;
    }
    StringBuilder out = new StringBuilder(256).append("{\"thresholdSeconds\":").append(thresholdNanos / 1e9)
        .append(",\"total\":").append(total).append(",\"slowQueries\":");
    return appendEntries(out).append('}').toString();
  }

  /** The kept statements as a JSON array, newest first (the live page's list too). */
  public StringBuilder appendEntries(StringBuilder out) {
    Entry[] entries = new Entry[CAPACITY];
    synchronized (this) {
      long total = recorded;
      for (int i = 0; i < CAPACITY && i < total; i++) {
        entries[i] = ring[(int) ((total - 1 - i) % CAPACITY)];
      }
    }
    out.append('[');
    for (int i = 0; i < CAPACITY && entries[i] != null; i++) {
      Entry e = entries[i];
      out.append(i == 0 ? "{" : ",{");
      field(out, "time", Instant.ofEpochMilli(e.epochMillis).toString()).append(',');
      out.append("\"durationSeconds\":").append(e.elapsedNanos / 1e9).append(',');
      field(out, "system", e.operation.system).append(',');
      field(out, "database", e.operation.database).append(',');
      field(out, "operation", e.operation.operation).append(',');
      field(out, "table", e.operation.table).append(',');
      field(out, "text", e.text).append(',');
      field(out, "method", e.request == null ? null : e.request.method).append(',');
      field(out, "route", e.request == null ? null : e.request.route).append(',');
      field(out, "traceId", e.traceId).append('}');
    }
    return out.append(']');
  }
}
