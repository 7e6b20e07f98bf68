package io.monitoring.agent.bootstrap;

/**
 * What advice woven into Redis clients calls: a command ended (its connection, what the agent needs to
 * find the server, the command object, the reply or the failure), and a connection selected a database.
 * Commands are measured as cache operations of system {@code redis} and traced as CLIENT spans. Every
 * method swallows failures.
 */
public final class RedisHooks {
  public interface Handler {
    void database(Object connection, int database);

    /** {@code server}: an object the agent reads the server's host and port from, once per connection. */
    void command(Object connection, Object server, Object command, Object reply, long startNanos, Throwable error);

    /** An asynchronous client handed a command over: it ends when {@code future} (a CompletionStage) completes. */
    void dispatched(Object connection, Object command, Object future, long startNanos, Throwable error);
  }

  private static volatile Handler handler;

  private RedisHooks() {}

  public static void install(Handler newHandler) {
    handler = newHandler;
  }

  public static void database(Object connection, int database) {
    Handler h = handler;
    if (h != null) {
      try {
        h.database(connection, database);
      } catch (Throwable t) {
        AgentErrors.record(t, "redis");
      }
    }
  }

  public static void command(Object connection, Object server, Object command, Object reply, long startNanos,
      Throwable error) {
    Handler h = handler;
    if (h != null) {
      try {
        h.command(connection, server, command, reply, startNanos, error);
      } catch (Throwable t) {
        AgentErrors.record(t, "redis");
      }
    }
  }

  public static void dispatched(Object connection, Object command, Object future, long startNanos, Throwable error) {
    Handler h = handler;
    if (h != null) {
      try {
        h.dispatched(connection, command, future, startNanos, error);
      } catch (Throwable t) {
        AgentErrors.record(t, "redis");
      }
    }
  }
}
