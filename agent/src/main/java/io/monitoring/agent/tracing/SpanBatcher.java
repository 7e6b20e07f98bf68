package io.monitoring.agent.tracing;

import io.monitoring.agent.AgentLog;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.LockSupport;

/**
 * Hands ended, sampled spans to one daemon thread that exports them in batches. The request thread
 * only offers to a bounded queue: when the collector is slow or gone, the queue fills, spans are
 * dropped and counted, memory stays flat and nothing waits. A dead collector is one line on stderr
 * (and one more when it comes back), not one per batch, and is retried once a second.
 */
final class SpanBatcher implements SpanProcessor {
  private static final int QUEUE_SIZE = 2048; // a power of two
  private static final int BATCH_SIZE = 512;
  private static final long DELAY_NANOS = TimeUnit.SECONDS.toNanos(1);
  private static final long EXPORT_TIMEOUT_MILLIS = 10_000;

  // A bounded multi-producer, single-consumer ring: a request thread claims a slot with one CAS and stores
  // its span; it takes no lock and wakes the worker only when a batch is full. The worker otherwise sleeps
  // for a second at a time (measured: ArrayBlockingQueue signalled the parked worker for every span, 7% of
  // the request threads' agent time, and the worker woke once per span).
  private final AtomicReferenceArray<ReadableSpan> slots = new AtomicReferenceArray<>(QUEUE_SIZE);
  private final AtomicLong tail = new AtomicLong();
  private volatile long head; // written by the worker only
  private final SpanExporter exporter;
  private final String destination;
  private final CounterDataPoint droppedQueueFull;
  private final CounterDataPoint droppedExportFailed;
  private final Thread worker;
  private volatile boolean running = true;
  private boolean failing;

  SpanBatcher(SpanExporter exporter, String destination, CounterDataPoint droppedQueueFull,
      CounterDataPoint droppedExportFailed) {
    this.exporter = exporter;
    this.destination = destination;
    this.droppedQueueFull = droppedQueueFull;
    this.droppedExportFailed = droppedExportFailed;
    this.worker = new Thread(this::run, "monitoring-agent-span-export");
    worker.setDaemon(true);
    worker.start();
  }

  @Override
  public void onStart(Context parentContext, ReadWriteSpan span) {}

  @Override
  public boolean isStartRequired() {
    return false;
  }

  @Override
  public void onEnd(ReadableSpan span) {
    if (span.getSpanContext().isSampled() && !offer(span)) {
      droppedQueueFull.inc();
    }
  }

  @Override
  public boolean isEndRequired() {
    return true;
  }

  boolean offer(ReadableSpan span) {
    long t;
    do {
      t = tail.get();
      if (t - head >= QUEUE_SIZE) {
        return false;
      }
    } while (!tail.compareAndSet(t, t + 1));
    slots.lazySet((int) t & (QUEUE_SIZE - 1), span);
    if (((t + 1 - head) & (BATCH_SIZE - 1)) == 0) { // a full batch waits (or two, if the worker missed one)
      LockSupport.unpark(worker);
    }
    return true;
  }

  /** Moves up to {@code max} queued spans into {@code into}, stopping at a slot claimed but not yet written. */
  private void drain(List<ReadableSpan> into, int max) {
    long h = head;
    long t = tail.get();
    int n = 0;
    while (h < t && n < max) {
      int i = (int) h & (QUEUE_SIZE - 1);
      ReadableSpan span = slots.get(i);
      if (span == null) {
        break; // its producer is between the CAS and the store; the next round takes it
      }
      slots.lazySet(i, null);
      into.add(span);
      h++;
      n++;
    }
    head = h;
  }

  private boolean isEmpty() {
    return tail.get() == head;
  }

  private void run() {
    AgentThreads.neverMeasureHttpCalls();
    List<ReadableSpan> batch = new ArrayList<>(BATCH_SIZE);
    long firstSpanAt = 0;
    while (true) {
      boolean stopping = !running;
      try {
        drain(batch, BATCH_SIZE - batch.size());
        long now = System.nanoTime();
        if (!batch.isEmpty() && firstSpanAt == 0) {
          firstSpanAt = now;
        }
        // a batch leaves when it is full or a second after the worker first saw it: under load one export
        // carries hundreds of spans instead of one request each (measured: 401 exports per 1,000 requests)
        if (batch.size() >= BATCH_SIZE || (!batch.isEmpty() && (stopping || now - firstSpanAt >= DELAY_NANOS))) {
          if (stopping && failing) {
            // the JVM is exiting and the collector failed the last attempt: what is left is dropped and counted
            // rather than holding the exit for one more attempt (up to the 10 s export timeout)
            droppedExportFailed.inc(batch.size());
          } else {
            export(batch);
          }
          batch.clear();
          firstSpanAt = 0;
          if (failing && !stopping) {
            // a collector that is down gets one attempt a second; what arrives meanwhile is dropped at the
            // queue (counted) instead of being serialized only to fail again
            pause(DELAY_NANOS);
          }
          continue;
        }
        if (stopping && batch.isEmpty() && isEmpty()) {
          return;
        }
        if (!stopping) {
          LockSupport.parkNanos(this, batch.isEmpty() ? DELAY_NANOS : DELAY_NANOS - (now - firstSpanAt));
        }
      } catch (Throwable t) {
        AgentLog.debug("span export failed: " + t);
        batch.clear();
        firstSpanAt = 0;
      }
    }
  }

  /**
   * Waits {@code nanos}, less when shutdown wakes it: a sleep here held the JVM's exit for up to a second whenever
   * the collector was down (the Spring Boot app: SIGTERM to exit 0.1 s without the agent, 0.4 to 1.0 s with it).
   */
  private void pause(long nanos) {
    long until = System.nanoTime() + nanos;
    for (long left = nanos; running && left > 0; left = until - System.nanoTime()) {
      LockSupport.parkNanos(this, left);
      if (Thread.interrupted()) {
        running = false;
      }
    }
  }

  private void export(List<ReadableSpan> spans) {
    List<SpanData> batch = new ArrayList<>(spans.size());
    for (ReadableSpan span : spans) {
      batch.add(span.toSpanData());
    }
    CompletableResultCode result;
    try {
      result = exporter.export(batch).join(EXPORT_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
    } catch (RuntimeException | LinkageError e) {
      // e.g. the exporter cannot be built while the JVM is already exiting
      result = CompletableResultCode.ofExceptionalFailure(e);
    }
    if (result.isSuccess()) {
      if (failing) {
        failing = false;
        AgentLog.info("span export to " + destination + " works again");
      }
      return;
    }
    droppedExportFailed.inc(batch.size());
    if (!failing) {
      failing = true;
      Throwable cause = result.getFailureThrowable();
      AgentLog.warn("span export to " + destination + " failed" + (cause == null ? "" : " (" + rootMessage(cause) + ")")
          + "; spans are dropped and counted in monitoring_agent_spans_dropped_total until it recovers");
    }
  }

  /** The causes that say what happened, outermost first: "ConnectException", not the channel it closed. */
  static String rootMessage(Throwable t) {
    StringBuilder text = new StringBuilder();
    String previous = null;
    int depth = 0;
    for (Throwable c = t; c != null && depth < 3; c = c.getCause() == c ? null : c.getCause(), depth++) {
      String name = c.getClass().getSimpleName();
      boolean repeats = name.equals(previous) && (c.getMessage() == null || c.getMessage().isEmpty());
      previous = name;
      if (!repeats && (c instanceof java.io.IOException || c.getCause() == null)) {
        if (text.length() > 0) {
          text.append(" <- ");
        }
        text.append(c.getClass().getSimpleName());
        if (c.getMessage() != null && !c.getMessage().isEmpty()) {
          text.append(": ").append(c.getMessage());
        }
      }
    }
    return text.length() == 0 ? t.toString() : text.toString();
  }

  @Override
  public CompletableResultCode forceFlush() {
    return CompletableResultCode.ofSuccess();
  }

  @Override
  public CompletableResultCode shutdown() {
    running = false;
    LockSupport.unpark(worker); // sleeping between batches: wake it to send what it holds and what is queued, then stop
    try {
      worker.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return exporter.shutdown();
  }
}
