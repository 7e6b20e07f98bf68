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
import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code db_connection_pool_size{pool, state}} for every HikariCP pool the application creates, read
 * from the pool's own counters when {@code /metrics} is scraped: no polling thread, nothing per borrow.
 * Pools are held weakly; one that was shut down or collected disappears from the output. Two live
 * pools with the same name (two class loaders, say) show the one created last.
 */
public final class ConnectionPoolMetrics implements ConnectionPoolHooks.Handler {
  private static final String[] STATES = {"active", "idle", "total", "pending"};
  /** Per state, the pool's own getter: HikariCP's (through its MXBean), then Tomcat JDBC's. */
  private static final String[][] GETTERS = {
      {"getActiveConnections", "getActive"}, {"getIdleConnections", "getIdle"}, {"getTotalConnections", "getSize"},
      {"getThreadsAwaitingConnection", "getWaitCount"}};

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
        .help("getConnection calls that gave up without a connection (the pool's timeout elapsed, or it failed)")
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
            for (int i = 0; i < STATES.length; i++) {
              try {
                callback.call(((Number) pool.getters[i].invoke(instance)).doubleValue(), e.getKey(), STATES[i]);
              } catch (Throwable t) {
                AgentErrors.record(t, "hikaricp");
              }
            }
          }
        })
        .register(metrics.registry());
  }

  @Override
  public void poolCreated(Object pool, Object config) {
    String name = null;
    for (String getter : new String[] {"getPoolName", "getName"}) { // HikariConfig's, Tomcat JDBC's PoolConfiguration's
      try {
        name = name != null ? name : (String) config.getClass().getMethod(getter).invoke(config);
      } catch (Throwable ignored) {
        // the other one, or a generated name below
      }
    }
    if (name == null || name.isEmpty()) {
      name = "pool-" + Integer.toHexString(System.identityHashCode(pool));
    }
    // through the public MXBean interface: its package is exported even when HikariCP runs as a named module
    Class<?> api = pool.getClass();
    for (Class<?> i : pool.getClass().getInterfaces()) {
      if (i.getName().equals("com.zaxxer.hikari.HikariPoolMXBean")) {
        api = i;
      }
    }
    Method[] getters = new Method[GETTERS.length];
    for (int i = 0; i < GETTERS.length; i++) {
      for (String getter : GETTERS[i]) {
        try {
          getters[i] = getters[i] != null ? getters[i] : api.getMethod(getter);
        } catch (NoSuchMethodException notThisPool) {
          // the next pool's spelling
        }
      }
      if (getters[i] == null) {
        AgentLog.warn("connection pool '" + name + "' (" + pool.getClass().getName() + ") has no "
            + String.join(" or ", GETTERS[i]) + "; its size is not reported");
        return;
      }
    }
    if (pools.size() >= maxPools && !pools.containsKey(name)) {
      return;
    }
    Pool registered = new Pool(pool, getters, waits.labelValues(name), timeouts.labelValues(name));
    pools.put(name, registered);
    byInstance.put(pool, registered);
  }

  @Override
  public void connectionWaited(Object pool, long startNanos, Throwable error) {
    long end = System.nanoTime();
    Pool registered = byInstance.get(pool);
    if (registered == null) {
      return;
    }
    registered.waits.observe((end - startNanos) / 1e9);
    if (error != null) {
      registered.timeouts.inc();
    }
  }

  @Override
  public void poolClosed(Object pool) {
    pools.values().removeIf(p -> p.ref.get() == pool);
  }

  private static final class Pool {
    final WeakReference<Object> ref;
    final Method[] getters;
    final DistributionDataPoint waits;
    final CounterDataPoint timeouts;

    Pool(Object pool, Method[] getters, DistributionDataPoint waits, CounterDataPoint timeouts) {
      this.ref = new WeakReference<>(pool);
      this.getters = getters;
      this.waits = waits;
      this.timeouts = timeouts;
    }
  }
}
