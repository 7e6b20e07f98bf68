package io.monitoring.agent.db;

import io.monitoring.agent.AgentLog;
import io.monitoring.agent.bootstrap.AgentErrors;
import io.monitoring.agent.bootstrap.ConnectionPoolHooks;
import io.monitoring.agent.metrics.AgentMetrics;
import io.monitoring.agent.util.WeakIdentityMap;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.snapshots.Unit;
import java.lang.ref.WeakReference;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code db_connection_pool_size{pool, state}} for every pool of the libraries in {@link PoolKind} the application
 * creates, read from the pool's own counters when {@code /metrics} is scraped: no polling thread, nothing per borrow;
 * per {@code getConnection}, the borrower's wait and, when it was the pool's own timeout, a timeout. Pools are held
 * weakly; one that was closed or collected disappears from the output. Two live pools with the same name (two class
 * loaders, say) show the one created last.
 */
public final class ConnectionPoolMetrics implements ConnectionPoolHooks.Handler {
  private static final String[] STATES = {"active", "idle", "total", "pending"};

  /** From 100 µs (a connection handed over at once) to 10 s (beyond most pools' own timeout). */
  private static final double[] WAIT_BUCKETS = {0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 2.5, 5, 10};

  private final Map<String, Pool> pools = new ConcurrentHashMap<>();
  private final WeakIdentityMap<Pool> byInstance = new WeakIdentityMap<>();
  private final int maxPools;
  private final Histogram waits;
  private final Counter timeouts;

  public ConnectionPoolMetrics(AgentMetrics metrics) {
    this.maxPools = metrics.maxLabelValues();
    waits = Histogram.builder().name("db_connection_pool_wait_seconds").unit(Unit.SECONDS)
        .help("Time getConnection waited for a connection of each pool, until it got one or gave up")
        .labelNames("pool").classicUpperBounds(WAIT_BUCKETS)
        .constLabels(metrics.constLabels()).register(metrics.registry());
    timeouts = Counter.builder().name("db_connection_pool_timeouts_total")
        .help("getConnection calls that gave up without a connection because the pool's own wait timeout elapsed")
        .labelNames("pool").constLabels(metrics.constLabels()).register(metrics.registry());
    GaugeWithCallback.builder().name("db_connection_pool_size")
        .help("Connections of each connection pool by state, read from the pool when scraped; pending counts threads waiting for one")
        .labelNames("pool", "state").constLabels(metrics.constLabels())
        .callback(callback -> {
          for (Map.Entry<String, Pool> e : pools.entrySet()) {
            Pool pool = e.getValue();
            Object instance = pool.ref.get();
            if (instance == null) {
              pools.remove(e.getKey(), pool);
              continue;
            }
            double[] sizes;
            try {
              sizes = pool.reader.sizes(instance);
            } catch (Throwable t) {
              AgentErrors.record(t, pool.reader.kind.instrumentation);
              continue;
            }
            for (int i = 0; i < STATES.length; i++) {
              callback.call(sizes[i], e.getKey(), STATES[i]);
            }
          }
        })
        .register(metrics.registry());
  }

  @Override
  public void poolCreated(Object pool, Object config) {
    if (pool == null) {
      return;
    }
    PoolKind.Reader reader = PoolKind.READERS.get(pool.getClass());
    if (reader.missing != null) {
      AgentLog.warn("connection pool " + pool.getClass().getName() + " has no " + reader.missing + "; its size is not reported");
      return;
    }
    String name = reader.kind.name(config);
    if (pools.size() >= maxPools && !pools.containsKey(name)) {
      return;
    }
    Pool registered = new Pool(pool, reader, waits.labelValues(name), timeouts.labelValues(name));
    pools.put(name, registered);
    byInstance.put(pool, registered);
  }

  @Override
  public void connectionWaited(Object pool, long startNanos, Throwable error) {
    long end = System.nanoTime();
    Pool registered = pool == null ? null : byInstance.get(pool);
    if (registered == null) {
      return;
    }
    registered.waits.observe((end - startNanos) / 1e9);
    if (error != null && registered.reader.kind.isTimeout(error)) {
      registered.timeouts.inc();
    }
  }

  @Override
  public void poolClosed(Object pool) {
    if (pool != null) {
      pools.values().removeIf(p -> p.ref.get() == pool);
    }
  }

  private static final class Pool {
    final WeakReference<Object> ref;
    final PoolKind.Reader reader;
    final DistributionDataPoint waits;
    final CounterDataPoint timeouts;

    Pool(Object pool, PoolKind.Reader reader, DistributionDataPoint waits, CounterDataPoint timeouts) {
      this.ref = new WeakReference<>(pool);
      this.reader = reader;
      this.waits = waits;
      this.timeouts = timeouts;
    }
  }
}
