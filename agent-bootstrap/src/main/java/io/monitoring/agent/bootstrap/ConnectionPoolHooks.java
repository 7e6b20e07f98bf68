package io.monitoring.agent.bootstrap;

/**
 * What advice woven into connection pools calls: a pool was created or closed, a borrower waited for a
 * connection. The agent reads the pool's own counters when {@code /metrics} is scraped; per borrowed connection
 * it records only how long the borrower waited.
 */
public final class ConnectionPoolHooks {
  public interface Handler {
    /** {@code config}: the pool's configuration object, from which the agent reads the pool's name. */
    void poolCreated(Object pool, Object config);

    void poolClosed(Object pool);

    /** A {@code getConnection} on {@code pool} returned a connection, or gave up ({@code error}), after waiting since {@code startNanos}. */
    void connectionWaited(Object pool, long startNanos, Throwable error);
  }

  private static volatile Handler handler;

  private ConnectionPoolHooks() {}

  public static void install(Handler newHandler) {
    handler = newHandler;
  }

  public static void poolCreated(Object pool, Object config) {
    handler.poolCreated(pool, config);
  }

  public static void poolClosed(Object pool) {
    handler.poolClosed(pool);
  }

  public static void connectionWaited(Object pool, long startNanos, Throwable error) {
    handler.connectionWaited(pool, startNanos, error);
  }
}
