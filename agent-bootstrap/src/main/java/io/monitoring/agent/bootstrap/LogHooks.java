package io.monitoring.agent.bootstrap;

/**
 * What advice woven into logging libraries calls: a logging event's context data (Logback's MDC property map, a
 * {@code java.util.Map}; Log4j 2's {@code StringMap}) was read on the logging thread. The agent returns it as it
 * is, or, while one of its spans is current, a copy that also holds {@code trace_id}, {@code span_id} and
 * {@code trace_flags}; the application's own map is never changed.
 */
public final class LogHooks {
  public interface Handler {
    Object contextData(Object contextData);
  }

  private static volatile Handler handler;

  private LogHooks() {}

  public static void install(Handler newHandler) {
    handler = newHandler;
  }

  public static Object contextData(Object contextData) {
    return handler.contextData(contextData);
  }
}
