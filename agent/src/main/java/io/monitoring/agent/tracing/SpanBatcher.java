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
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Hands ended, sampled spans to one daemon thread that exports them in batches. The request thread
 * only offers to a bounded queue: when the collector is slow or gone, the queue fills, spans are
 * dropped and counted, memory stays flat and nothing waits. A dead collector is one line on stderr
 * (and one more when it comes back), not one per batch, and is retried once a second.
 */
final class SpanBatcher implements SpanProcessor {
  private static final int QUEUE_SIZE = 2048;
  private static final int BATCH_SIZE = 512;
  private static final long DELAY_MILLIS = 1000;
  private static final long EXPORT_TIMEOUT_MILLIS = 10_000;

  private final ArrayBlockingQueue<ReadableSpan> queue = new ArrayBlockingQueue<>(QUEUE_SIZE);
  private final SpanExporter exporter;
  private final String destination;
  private final CounterDataPoint droppedQueueFull;
  private final CounterDataPoint droppedExportFailed;
  private final Thread worker;
  private volatile boolean running = true;
  private volatile boolean exporting;
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
    if (span.getSpanContext().isSampled() && !queue.offer(span)) {
      droppedQueueFull.inc();
    }
  }

  @Override
  public boolean isEndRequired() {
    return true;
  }

  private void run() {
    AgentThreads.neverMeasureHttpCalls();
    List<ReadableSpan> drained = new ArrayList<>(BATCH_SIZE);
    while (running || !queue.isEmpty()) {
      try {
        ReadableSpan first = queue.poll(DELAY_MILLIS, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        drained.add(first);
        // a batch leaves when it is full or a second after its first span: under load one export carries
        // hundreds of spans instead of one request each (measured: 401 exports per 1,000 requests before)
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DELAY_MILLIS);
        queue.drainTo(drained, BATCH_SIZE - drained.size());
        while (running && drained.size() < BATCH_SIZE) {
          long left = deadline - System.nanoTime();
          ReadableSpan next;
          try {
            next = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : null;
          } catch (InterruptedException shuttingDown) {
            running = false; // send what this batch holds; the loop then drains the queue
            break;
          }
          if (next == null) {
            break;
          }
          drained.add(next);
          queue.drainTo(drained, BATCH_SIZE - drained.size());
        }
        exporting = true;
        export(drained);
        exporting = false;
        if (failing && running) {
          // a collector that is down gets one attempt a second; what arrives meanwhile is dropped at the
          // queue (counted) instead of being serialized only to fail again
          Thread.sleep(DELAY_MILLIS);
        }
      } catch (InterruptedException e) {
        running = false;
      } catch (Throwable t) {
        AgentLog.debug("span export failed: " + t);
      } finally {
        exporting = false;
        drained.clear();
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
    if (!exporting) {
      worker.interrupt(); // waiting in poll: wake it to send what it holds and what is queued, then stop
    }
    try {
      worker.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return exporter.shutdown();
  }
}
