package io.monitoring.agent.bootstrap;

/**
 * What advice woven into Redis clients calls: a connection selected a database, a command ended (with its
 * reply or failure), a command ends when its future completes, a pipeline or transaction ended; a cluster client
 * routed a command to a node. Commands are measured as cache operations of system {@code redis} and traced as
 * CLIENT spans.
 */
public final class RedisHooks {
  public interface Handler {
    void databaseSelected(Object connection, int database);

    /** {@code server}: an object the agent reads the server's host and port from, once per connection. */
    void end(Object connection, Object server, Object command, Object reply, long startNanos, Throwable error);

    /**
     * {@code completion}: the {@code CompletionStage} the client returned, or a library object whose own advice
     * reports {@link #completed} (Lettuce's reactive subscription command), or null when dispatching threw.
     */
    void endWhenComplete(Object connection, Object command, Object completion, long startNanos, Throwable error);

    /**
     * The command {@link #endWhenComplete} was given {@code completion} for completed, with its reply or failure,
     * and the client is about to hand the reply on. Returns what the advice closes once it has: the caller's trace
     * context, current meanwhile, so that what the application chains after the command belongs to its request; or
     * null.
     */
    AutoCloseable completed(Object completion, Object reply, Throwable error);

    /**
     * A cluster client wrote {@code command} to {@code node}, the connection of the node that serves its key (again
     * to another node after a MOVED or ASK redirect: the last one written to is the node that answered).
     */
    void routed(Object command, Object node);

    /**
     * A pipeline's ({@code command} null) or a transaction's ({@code command} exec) replies were read, each queued
     * command's reported through {@link #completed} before, or a transaction was discarded: the batch as one
     * operation.
     */
    void batchEnded(Object connection, Object command, long startNanos, Throwable error);
  }

  private static volatile Handler handler;

  private RedisHooks() {}

  public static void install(Handler newHandler) {
    handler = newHandler;
  }

  public static void databaseSelected(Object connection, int database) {
    handler.databaseSelected(connection, database);
  }

  public static void end(Object connection, Object server, Object command, Object reply, long startNanos,
      Throwable error) {
    handler.end(connection, server, command, reply, startNanos, error);
  }

  public static void endWhenComplete(Object connection, Object command, Object completion, long startNanos,
      Throwable error) {
    handler.endWhenComplete(connection, command, completion, startNanos, error);
  }

  public static AutoCloseable completed(Object completion, Object reply, Throwable error) {
    return handler.completed(completion, reply, error);
  }

  public static void routed(Object command, Object node) {
    handler.routed(command, node);
  }

  public static void batchEnded(Object connection, Object command, long startNanos, Throwable error) {
    handler.batchEnded(connection, command, startNanos, error);
  }
}
