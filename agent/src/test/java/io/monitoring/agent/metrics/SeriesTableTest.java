package io.monitoring.agent.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class SeriesTableTest {
  private static final int THREADS = 8;

  private static double overflow(AgentMetrics metrics, String metric) {
    CounterSnapshot overflow = (CounterSnapshot) metrics.registry()
        .scrape(n -> n.startsWith("monitoring_agent_label_overflow")).get(0);
    return overflow.getDataPoints().stream().filter(p -> metric.equals(p.getLabels().get("metric")))
        .mapToDouble(CounterSnapshot.CounterDataPointSnapshot::getValue).sum();
  }

  /** A table of {@code http_requests_total} that counts its binds in {@code binds}. */
  private static <T> SeriesTable<T> routes(AgentMetrics metrics, AtomicInteger binds, Function<String, T> bind) {
    return metrics.seriesTable("http_requests_total", v -> {
      binds.incrementAndGet();
      return bind.apply(v);
    });
  }

  /** Runs {@code task} on {@link #THREADS} threads released together; their results in thread order. */
  static <T> List<T> together(Callable<T> task) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      CyclicBarrier start = new CyclicBarrier(THREADS);
      List<Future<T>> futures = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        futures.add(pool.submit(() -> {
          start.await();
          return task.call();
        }));
      }
      List<T> results = new ArrayList<>();
      for (Future<T> f : futures) {
        results.add(f.get());
      }
      return results;
    } finally {
      pool.shutdown();
    }
  }

  @Test
  void valuesBeyondTheCapFoldIntoOtherAndEachFoldedLookupIsCountedOnce() {
    AgentMetrics metrics = new AgentMetrics("svc", "test", 3, "1");
    AtomicInteger binds = new AtomicInteger();
    SeriesTable<String> routes = routes(metrics, binds, v -> "bound:" + v);
    assertEquals("bound:/a", routes.get("/a"));
    assertSame(routes.get("/a"), routes.get("/a"));
    routes.get("/b");
    routes.get("/c");
    assertEquals(0.0, overflow(metrics, "http_requests_total"));
    assertEquals("bound:_other", routes.get("/d"));
    assertEquals("bound:_other", routes.get("/e"));
    assertSame(routes.get("/d"), routes.get("/e"));
    assertEquals("bound:/b", routes.get("/b"));
    assertEquals(4, binds.get()); // three values and _other, each once
    assertEquals(4.0, overflow(metrics, "http_requests_total")); // /d, /e, /d, /e
  }

  @Test
  void aTableWithACapOfItsOwnCountsInTheSameOverflowSeries() {
    AgentMetrics metrics = new AgentMetrics("svc", "test", 1000, "1");
    SeriesTable<String> commands = metrics.seriesTable("cache_operations_total", 1, v -> v);
    assertEquals("get", commands.get("get"));
    assertEquals(AgentMetrics.OTHER, commands.get("set"));
    assertEquals(1.0, overflow(metrics, "cache_operations_total"));
  }

  @Test
  void concurrentFirstLookupsOfOneValueBindOneSeries() throws Exception {
    AgentMetrics metrics = new AgentMetrics("svc", "test", 10, "1");
    AtomicInteger binds = new AtomicInteger();
    SeriesTable<Object> routes = routes(metrics, binds, v -> new Object());
    List<Object> bound = together(() -> routes.get("/a"));
    assertEquals(1, binds.get());
    bound.forEach(b -> assertSame(bound.get(0), b));
  }

  @Test
  void concurrentLookupsBeyondTheCapAdmitExactlyTheCapAndCountEveryFold() throws Exception {
    AgentMetrics metrics = new AgentMetrics("svc", "test", 5, "1");
    AtomicInteger binds = new AtomicInteger();
    SeriesTable<String> routes = routes(metrics, binds, v -> v);
    int lookups = 1000;
    AtomicInteger thread = new AtomicInteger();
    List<Integer> folded = together(() -> {
      int t = thread.getAndIncrement();
      int mine = 0;
      for (int i = 0; i < lookups; i++) {
        if (routes.get("/" + t + "/" + i).equals(AgentMetrics.OTHER)) {
          mine++;
        }
      }
      return mine;
    });
    assertEquals(6, binds.get()); // five values and _other
    int total = folded.stream().mapToInt(Integer::intValue).sum();
    assertEquals(THREADS * lookups - 5, total);
    assertEquals(total, overflow(metrics, "http_requests_total"));
  }
}
