package io.monitoring.agent.bootstrap;

/**
 * What advice woven into connection pools calls: a pool was created or closed. The agent reads the pool's
 * own counters when {@code /metrics} is scraped; nothing runs per borrowed connection.
 */
public final class ConnectionPoolHooks {
  public interface Handler {
    /** {@code config}: the pool's configuration object, from which the agent reads the pool's name. */
    void poolCreated(Object pool, Object config);

    void poolClosed(Object pool);
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
}
