package io.monitoring.agent.bootstrap;

/**
 * What advice woven into the application's OpenTelemetry API (1.x) calls: the application asked for its global
 * {@code OpenTelemetry}, registered one of its own, or asked for the context storage. The agent answers with its
 * bridge to its own SDK and context (the application's spans become the agent's, children of its request spans),
 * or with what the API returned: traces off, or the application runs an SDK of its own.
 */
public final class ApplicationTracingHooks {
  public interface Handler {
    Object globalRequested(Object global);

    void globalRegistered(Object global);

    Object contextStorageRequested(Object storage);
  }

  private static volatile Handler handler;

  private ApplicationTracingHooks() {}

  public static void install(Handler newHandler) {
    handler = newHandler;
  }

  public static Object globalRequested(Object global) {
    return handler.globalRequested(global);
  }

  public static void globalRegistered(Object global) {
    handler.globalRegistered(global);
  }

  public static Object contextStorageRequested(Object storage) {
    return handler.contextStorageRequested(storage);
  }
}
