package io.monitoring.agent.bootstrap;

/**
 * What advice woven into connection pools calls: a pool was created or shut down. The agent reads
 * the pool's own counters when {@code /metrics} is scraped; nothing runs per borrowed connection.
 */
public final class ConnectionPoolHooks {
  public interface Handler {
    /** {@code config}: the pool's configuration object, from which the agent reads the pool's name. */
    void poolCreated(Object pool, Object config);

    void poolClosed(Object pool);
  }

  private static final String NAME = "hikaricp";
  private static volatile Handler handler;

  private ConnectionPoolHooks() {}

  public static void install(Handler newHandler) {
    handler = newHandler;
  }

  public static void poolCreated(Object pool, Object config) {
    Handler h = handler;
    if (h != null) {
      try {
        h.poolCreated(pool, config);
      } catch (Throwable t) {
        AgentErrors.record(t, NAME);
      }
    }
  }

  public static void poolClosed(Object pool) {
    Handler h = handler;
    if (h != null) {
      try {
        h.poolClosed(pool);
      } catch (Throwable t) {
        AgentErrors.record(t, NAME);
      }
    }
  }
}
