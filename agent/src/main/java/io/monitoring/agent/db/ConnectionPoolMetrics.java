package io.monitoring.agent.db;

import io.monitoring.agent.AgentLog;
import io.monitoring.agent.bootstrap.AgentErrors;
import io.monitoring.agent.bootstrap.ConnectionPoolHooks;
import io.monitoring.agent.metrics.AgentMetrics;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
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
  private static final String[] GETTERS = {
      "getActiveConnections", "getIdleConnections", "getTotalConnections", "getThreadsAwaitingConnection"};

  private final Map<String, Pool> pools = new ConcurrentHashMap<>();
  private final int maxPools;

  public ConnectionPoolMetrics(AgentMetrics metrics) {
    this.maxPools = metrics.maxLabelValues();
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
    try {
      name = (String) config.getClass().getMethod("getPoolName").invoke(config);
    } catch (Throwable ignored) {
      // below
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
    try {
      for (int i = 0; i < GETTERS.length; i++) {
        getters[i] = api.getMethod(GETTERS[i]);
      }
    } catch (NoSuchMethodException e) {
      AgentLog.warn("connection pool '" + name + "' (" + pool.getClass().getName() + ") has no " + e.getMessage()
          + "; its size is not reported");
      return;
    }
    if (pools.size() >= maxPools && !pools.containsKey(name)) {
      return;
    }
    pools.put(name, new Pool(pool, getters));
  }

  @Override
  public void poolClosed(Object pool) {
    pools.values().removeIf(p -> p.ref.get() == pool);
  }

  private static final class Pool {
    final WeakReference<Object> ref;
    final Method[] getters;

    Pool(Object pool, Method[] getters) {
      this.ref = new WeakReference<>(pool);
      this.getters = getters;
    }
  }
}
