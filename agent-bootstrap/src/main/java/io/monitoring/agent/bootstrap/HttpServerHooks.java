package io.monitoring.agent.bootstrap;

/**
 * What advice woven into an HTTP server calls: a request started, ended, or ends when an asynchronous
 * completion (a servlet {@code AsyncContext}, a {@code CompletionStage}, a reactive signal) fires. Advice
 * hands over plain values plus the server's own request object, which the agent reads only for span
 * attributes, and only when the span records. A throwable from here is the advice's to suppress: Byte
 * Buddy's {@code suppress} and the counting exception handler are the one safety net.
 */
public final class HttpServerHooks {
  public interface Handler {
    /**
     * Returns the operation, or null when the request is not measured (an ignored path). The route is
     * built at the end from {@code basePath} (the application's mount point, kept as it is), {@code handlerPath}
     * (what the server mapped to a handler) and {@code remainder} (the rest; both with ids replaced), unless a
     * framework names a template.
     */
    Object start(Object request, String method, String path, String basePath, String handlerPath, String remainder,
        String traceparent, String tracestate);

    /** {@code template}: the framework's route template, or null when none matched. */
    void end(Object operation, Object template, int status, Throwable error);

    void endWhenComplete(Object operation, Object template, Object completion);
  }

  private static volatile Handler handler;

  private HttpServerHooks() {}

  public static void install(Handler newHandler) {
    handler = newHandler;
  }

  public static Object start(Object request, String method, String path, String basePath, String handlerPath,
      String remainder, String traceparent, String tracestate) {
    return handler.start(request, method, path, basePath, handlerPath, remainder, traceparent, tracestate);
  }

  public static void end(Object operation, Object template, int status, Throwable error) {
    handler.end(operation, template, status, error);
  }

  public static void endWhenComplete(Object operation, Object template, Object completion) {
    handler.endWhenComplete(operation, template, completion);
  }
}
