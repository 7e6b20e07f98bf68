package io.monitoring.agent.tracing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SpanBatcherTest {
  private final Counter dropped = Counter.builder().name("dropped").labelNames("reason")
      .register(new PrometheusRegistry());
  private final RecordingExporter exporter = new RecordingExporter();
  private SdkTracerProvider provider;

  private Tracer tracer() {
    provider = SdkTracerProvider.builder().addSpanProcessor(new SpanBatcher(exporter, "test",
        dropped.labelValues("queue_full"), dropped.labelValues("export_failed"))).build();
    return provider.get("test");
  }

  @AfterEach
  void shutdown() {
    exporter.release.countDown();
    if (provider != null) {
      provider.shutdown().join(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void fullBatchesLeaveAtOnceAndTheRestWithinASecond() {
    Tracer tracer = tracer();
    exporter.release.countDown();
    for (int i = 0; i < 1200; i++) {
      tracer.spanBuilder("s" + i).startSpan().end();
    }
    await(() -> exporter.spans() == 1200, 5_000);
    assertTrue(exporter.batchSizes.size() <= 4, "batches: " + exporter.batchSizes);
    assertTrue(exporter.batchSizes.stream().allMatch(n -> n <= 512), "batches: " + exporter.batchSizes);
    assertEquals(1200, exporter.distinctNames().size());
    assertEquals(0, dropped.labelValues("queue_full").get());
  }

  @Test
  void aStuckExporterFillsTheQueueAndTheRestIsDroppedAndCounted() {
    exporter.blockFirst = true;
    Tracer tracer = tracer();
    for (int i = 0; i < 512; i++) {
      tracer.spanBuilder("first" + i).startSpan().end();
    }
    await(() -> exporter.blocked, 5_000); // the worker holds 512 spans in the stuck export
    for (int i = 0; i < 5000; i++) {
      tracer.spanBuilder("s" + i).startSpan().end();
    }
    assertEquals(5000 - 2048, dropped.labelValues("queue_full").get());
    exporter.release.countDown();
    await(() -> exporter.spans() == 512 + 2048, 10_000);
  }

  @Test
  void shutdownSendsWhatIsQueuedWithoutWaitingForTheDelay() {
    Tracer tracer = tracer();
    exporter.release.countDown();
    for (int i = 0; i < 10; i++) {
      tracer.spanBuilder("s" + i).startSpan().end();
    }
    long start = System.nanoTime();
    provider.shutdown().join(5, TimeUnit.SECONDS);
    assertEquals(10, exporter.spans());
    assertTrue(System.nanoTime() - start < TimeUnit.MILLISECONDS.toNanos(900), "shutdown waited for the delay");
  }

  @Test
  void concurrentProducersLoseNothingThatIsNotCounted() throws Exception {
    Tracer tracer = tracer();
    exporter.release.countDown();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      int id = t;
      threads.add(new Thread(() -> {
        for (int i = 0; i < 20_000; i++) {
          tracer.spanBuilder(id + "-" + i).startSpan().end();
        }
      }));
    }
    threads.forEach(Thread::start);
    for (Thread t : threads) {
      t.join();
    }
    long droppedNow = (long) dropped.labelValues("queue_full").get();
    await(() -> exporter.spans() + droppedNow == 80_000, 10_000);
    assertEquals(exporter.spans(), exporter.distinctNames().size(), "a span exported twice");
  }

  private static void await(BooleanSupplier condition, long millis) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + millis + " ms");
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
    }
  }

  static final class RecordingExporter implements SpanExporter {
    final List<Integer> batchSizes = new java.util.concurrent.CopyOnWriteArrayList<>();
    final Set<String> names = ConcurrentHashMap.newKeySet();
    final CountDownLatch release = new CountDownLatch(1);
    volatile boolean blockFirst;
    volatile boolean blocked;

    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
      if (blockFirst && batchSizes.isEmpty()) {
        blocked = true;
        try {
          release.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      spans.forEach(s -> names.add(s.getName()));
      batchSizes.add(spans.size());
      return CompletableResultCode.ofSuccess();
    }

    int spans() {
      return batchSizes.stream().mapToInt(Integer::intValue).sum();
    }

    Set<String> distinctNames() {
      return new HashSet<>(names);
    }

    @Override
    public CompletableResultCode flush() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
      return CompletableResultCode.ofSuccess();
    }
  }
}
