package io.monitoring.agent.db;

import java.lang.reflect.Method;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The connection pools the agent reads, one per library: the class the advice hands over, the public getters of its
 * own counters (active, idle, total, pending; a {@code .} chains two getters, no total getter means active + idle),
 * how the pool is named and which exception of {@code getConnection} is the pool's own timeout. A pool without a name
 * of its own is named after its library and the order it was created in ({@code agroal-1}, {@code dbcp2-2}), which
 * stays the same from one run of the application to the next.
 */
enum PoolKind {
  /** Named by {@code HikariConfig.getPoolName()} (Hikari itself names an unnamed one {@code HikariPool-N}). */
  HIKARICP("hikaricp", "com.zaxxer.hikari.pool.HikariPool", "com.zaxxer.hikari.HikariPoolMXBean",
      "getActiveConnections", "getIdleConnections", "getTotalConnections", "getThreadsAwaitingConnection") {
    @Override
    String ownName(Object config) throws ReflectiveOperationException {
      return (String) config.getClass().getMethod("getPoolName").invoke(config);
    }

    /** {@code Connection is not available, request timed out after ...}; a closed pool's refusal is not one. */
    @Override
    boolean isTimeout(Throwable error) {
      return error instanceof SQLTransientConnectionException;
    }
  },
  /** Named by its {@code PoolConfiguration.getName()}. */
  TOMCAT_JDBC("tomcat-jdbc", "org.apache.tomcat.jdbc.pool.ConnectionPool", null,
      "getActive", "getIdle", "getSize", "getWaitCount") {
    @Override
    String ownName(Object config) throws ReflectiveOperationException {
      return (String) config.getClass().getMethod("getName").invoke(config);
    }

    /** {@code PoolExhaustedException}: {@code maxWait} elapsed ({@code Timeout: Pool empty...}). */
    @Override
    boolean isTimeout(Throwable error) {
      return error.getClass().getName().equals("org.apache.tomcat.jdbc.pool.PoolExhaustedException");
    }
  },
  /**
   * DBCP 2's {@code BasicDataSource} pools connections in a commons-pool {@code GenericObjectPool}; named by the
   * {@code name} key of the data source's {@code jmxName} (or the whole JMX name), else {@code dbcp2-N}.
   */
  DBCP2("commons-dbcp2", "org.apache.commons.pool2.impl.GenericObjectPool", null,
      "getNumActive", "getNumIdle", null, "getNumWaiters") {
    @Override
    String ownName(Object config) throws ReflectiveOperationException {
      String jmxName = (String) config.getClass().getMethod("getJmxName").invoke(config);
      if (jmxName == null) {
        return null;
      }
      for (String property : jmxName.substring(jmxName.indexOf(':') + 1).split(",")) {
        if (property.startsWith("name=")) {
          return property.substring("name=".length());
        }
      }
      return jmxName;
    }

    /** {@code Cannot get a connection, pool error Timeout waiting for idle object}: the pool's NoSuchElementException. */
    @Override
    boolean isTimeout(Throwable error) {
      return error.getCause() instanceof NoSuchElementException;
    }
  },
  /** Agroal has no pool name: {@code agroal-N}. */
  AGROAL("agroal", "io.agroal.pool.ConnectionPool", null, "activeCount", "availableCount", null, "awaitingCount") {
    @Override
    String ownName(Object config) {
      return null;
    }

    /**
     * {@code Sorry, acquisition timeout!} or {@code Acquisition timeout while waiting for new connection}: Agroal
     * throws a plain SQLException, its message is the only sign.
     */
    @Override
    boolean isTimeout(Throwable error) {
      String message = error.getMessage();
      return error instanceof SQLException && message != null && message.toLowerCase().contains("acquisition timeout");
    }
  },
  /**
   * Oracle UCP's pool (behind a {@code PoolDataSourceImpl}, over any JDBC driver), named by its
   * {@code connectionPoolName}; read through the public {@code UniversalConnectionPool} interface.
   */
  ORACLE_UCP("oracle-ucp", "oracle.ucp.common.UniversalConnectionPoolBase", "oracle.ucp.UniversalConnectionPool",
      "getBorrowedConnectionsCount", "getAvailableConnectionsCount", null, "getStatistics.getPendingRequestsCount") {
    @Override
    String ownName(Object config) throws ReflectiveOperationException {
      return (String) config.getClass().getMethod("getName").invoke(config);
    }

    /** {@code UCP-29: Failed to get a connection} caused by {@code UCP-45064: All connections ... are in use}. */
    @Override
    boolean isTimeout(Throwable error) {
      Throwable cause = error.getCause();
      return cause != null && cause.getClass().getName().equals("oracle.ucp.UniversalConnectionPoolException")
          && String.valueOf(cause.getMessage()).startsWith("UCP-45064");
    }
  },
  /**
   * c3p0's pool manager (one per {@code ComboPooledDataSource}); named by the data source's {@code dataSourceName},
   * the advice hands it over. c3p0 names a data source without one by its identity token ({@code 1hge1...|6d06d69c}),
   * different on every run: such a pool is {@code c3p0-N}. Pending: the waiting threads of every user's pool the
   * manager has ({@code getManagedAuths}); asking for the default user's pool would open one if it had none.
   */
  C3P0("c3p0", "com.mchange.v2.c3p0.impl.C3P0PooledConnectionPoolManager", null, "getNumBusyConnectionsAllAuths",
      "getNumIdleConnectionsAllAuths", "getNumConnectionsAllAuths", "getManagedAuths") {
    @Override
    double number(Object value, Object manager) throws ReflectiveOperationException {
      if (!(value instanceof Set)) {
        return super.number(value, manager);
      }
      double waiting = 0;
      for (Object auth : ((Set<?>) value).toArray()) {
        Object pool = C3P0_POOL_OF_USER.get(manager.getClass()).invoke(manager, auth);
        waiting += ((Number) C3P0_WAITING.get(pool.getClass()).invoke(pool)).doubleValue();
      }
      return waiting;
    }

    @Override
    String ownName(Object config) {
      String name = (String) config;
      return name == null || name.contains("|") ? null : name;
    }

    /** The pool's {@code checkoutTimeout} elapsed: a SQLException caused by c3p0's {@code resourcepool.TimeoutException}. */
    @Override
    boolean isTimeout(Throwable error) {
      Throwable cause = error.getCause();
      return cause != null && cause.getClass().getName().equals("com.mchange.v2.resourcepool.TimeoutException");
    }
  };

  /**
   * How to read pools of each class, found once per class; a class value, so a webapp's pool class (and its loader)
   * is not kept once the webapp is gone.
   */
  static final ClassValue<Reader> READERS = new ClassValue<Reader>() {
    @Override
    protected Reader computeValue(Class<?> type) {
      return reader(type);
    }
  };

  /** c3p0's {@code C3P0PooledConnectionPoolManager.getPool(DbAuth)}, the pool of one user the manager already has. */
  private static final ClassValue<Method> C3P0_POOL_OF_USER = new ClassValue<Method>() {
    @Override
    protected Method computeValue(Class<?> manager) {
      try {
        return manager.getMethod("getPool", Class.forName("com.mchange.v2.c3p0.impl.DbAuth", false, manager.getClassLoader()));
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("c3p0 without getPool(DbAuth): " + manager, e);
      }
    }
  };

  /** c3p0's {@code C3P0PooledConnectionPool.getNumThreadsAwaitingCheckout()}. */
  private static final ClassValue<Method> C3P0_WAITING = new ClassValue<Method>() {
    @Override
    protected Method computeValue(Class<?> pool) {
      try {
        return pool.getMethod("getNumThreadsAwaitingCheckout");
      } catch (NoSuchMethodException e) {
        throw new IllegalStateException("c3p0 pool without getNumThreadsAwaitingCheckout: " + pool, e);
      }
    }
  };

  final String instrumentation;
  private final String poolClass;
  /** A public interface of the pool declaring the getters (readable even when the library is a named module), or null. */
  private final String api;
  private final String[] getters;
  private final AtomicInteger unnamed = new AtomicInteger();

  PoolKind(String instrumentation, String poolClass, String api, String... getters) {
    this.instrumentation = instrumentation;
    this.poolClass = poolClass;
    this.api = api;
    this.getters = getters;
  }

  /** The pool's own name from its configuration object (whatever the advice handed over), or null when it has none. */
  abstract String ownName(Object config) throws ReflectiveOperationException;

  /** The number a getter chain returned ({@code pool}'s). */
  double number(Object value, Object pool) throws ReflectiveOperationException {
    return ((Number) value).doubleValue();
  }

  /** Whether {@code getConnection} threw {@code error} because the pool's own wait timed out. */
  abstract boolean isTimeout(Throwable error);

  String name(Object config) {
    String name = null;
    try {
      name = config == null ? null : ownName(config);
    } catch (ReflectiveOperationException | RuntimeException noName) {
      // named after the library below
    }
    return name == null || name.isEmpty() ? instrumentation + "-" + unnamed.incrementAndGet() : name;
  }

  private static Reader reader(Class<?> type) {
    for (PoolKind kind : values()) {
      for (Class<?> c = type; c != null; c = c.getSuperclass()) {
        if (c.getName().equals(kind.poolClass)) {
          return new Reader(kind, type);
        }
      }
    }
    return new Reader(null, type);
  }

  /** The getter chains of one pool class, found once; {@code missing} names the first that is not there. */
  static final class Reader {
    final PoolKind kind;
    final Method[][] getters = new Method[4][];
    final String missing;

    Reader(PoolKind kind, Class<?> type) {
      this.kind = kind;
      if (kind == null) {
        missing = "known pool class";
        return;
      }
      Class<?> api = type;
      for (Class<?> c = type; c != null; c = c.getSuperclass()) {
        for (Class<?> i : c.getInterfaces()) {
          api = i.getName().equals(kind.api) ? i : api;
        }
      }
      String notFound = null;
      for (int state = 0; state < 4 && notFound == null; state++) {
        if (kind.getters[state] == null) {
          continue;
        }
        String[] chain = kind.getters[state].split("\\.");
        getters[state] = new Method[chain.length];
        Class<?> on = api;
        for (int i = 0; i < chain.length; i++) {
          try {
            getters[state][i] = on.getMethod(chain[i]);
            on = getters[state][i].getReturnType();
          } catch (NoSuchMethodException e) {
            notFound = kind.getters[state];
            break;
          }
        }
      }
      missing = notFound;
    }

    /** active, idle, total, pending. */
    double[] sizes(Object pool) throws ReflectiveOperationException {
      double[] sizes = new double[4];
      for (int state = 0; state < 4; state++) {
        if (getters[state] == null) {
          sizes[state] = sizes[0] + sizes[1];
          continue;
        }
        Object value = pool;
        for (Method getter : getters[state]) {
          value = getter.invoke(value);
        }
        sizes[state] = kind.number(value, pool);
      }
      return sizes;
    }
  }
}
