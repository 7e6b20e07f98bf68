package io.monitoring.agent.bootstrap;

import java.util.function.Function;

/**
 * A task handed to a scheduler (Reactor's {@code publishOn}, {@code subscribeOn}, {@code boundedElastic}) runs
 * later on another thread: it is given the trace context current where it was scheduled, so that what it does
 * (a blocking JDBC call offloaded from the event loop) belongs to the request that scheduled it. Woven advice
 * registers this decorator with the scheduler library once.
 */
public final class ScheduledTasks implements Function<Runnable, Runnable> {
  public interface Handler {
    /** {@code task}, or a task that runs it within the context current now. */
    Runnable scheduled(Runnable task);
  }

  private static volatile Handler handler;

  public static void install(Handler newHandler) {
    handler = newHandler;
  }

  @Override
  public Runnable apply(Runnable task) {
    Handler current = handler;
    return current == null ? task : current.scheduled(task);
  }
}
