package io.monitoring.agent.bootstrap;

/**
 * What advice woven into the application's own methods (named in {@code monitoring.methods}) calls: a method
 * started, and it ended (returned or threw). The agent times it and makes it a span around what it calls.
 */
public final class MethodHooks {
  public interface Handler {
    /** Returns what {@link #end} is given: the call being timed, or null when it is not. */
    Object start(String type, String method);

    void end(Object call, Throwable error);
  }

  private static volatile Handler handler;

  private MethodHooks() {}

  public static void install(Handler newHandler) {
    handler = newHandler;
  }

  public static Object start(String type, String method) {
    return handler.start(type, method);
  }

  public static void end(Object call, Throwable error) {
    handler.end(call, error);
  }
}
