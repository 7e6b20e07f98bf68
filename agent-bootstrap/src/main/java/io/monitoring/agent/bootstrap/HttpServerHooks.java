package io.monitoring.agent.bootstrap;

/**
 * What advice woven into an HTTP server calls: a request started, a framework inside it routed it, the request
 * ended, or ends when an asynchronous completion (a servlet {@code AsyncContext}, a {@code CompletionStage}, a
 * reactive signal) fires. Advice
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

    /**
     * A framework running inside the request this thread serves (a JAX-RS runtime under a servlet) routed it, or a
     * further part of it (the resource a sub-resource locator returned): {@code routing} is the framework's own
     * object that knows the template it matched, {@code error} what routing threw (a not-found: nothing matched).
     */
    void routed(Object routing, Throwable error);

    /**
     * {@code operation}: what start returned, or the server's request object it was started for (when the server
     * reports the response complete from another method). {@code template}: the framework's route template, or
     * null when none matched. Ending twice is harmless.
     */
    void end(Object operation, Object template, int status, Throwable error);

    /**
     * The request goes on after the method that started it returns: {@code completion} is the servlet
     * {@code AsyncContext}, or the server's request object itself, whose own advice will call {@link #end}.
     */
    void endWhenComplete(Object operation, Object template, Object completion);

    /**
     * The request was dispatched through a framework's exchange, whose {@code attributes} (a {@code Map}) will
     * name its route template by the time it ends: Spring WebFlux's, for a Reactor Netty request.
     */
    void dispatched(Object request, Object attributes);

    /**
     * No handler matched the request; {@code candidates} are the framework's mappings (Spring MVC's): one whose
     * path matches (only its method did not: a 405) names the request's route.
     */
    void noHandlerMatched(Object request, Object candidates);

    /** An HTTP server the agent does not measure starts listening: said once, so that no one waits for its metrics. */
    void unmeasuredServerStarted(String server);
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

  public static void routed(Object routing, Throwable error) {
    handler.routed(routing, error);
  }

  public static void end(Object operation, Object template, int status, Throwable error) {
    handler.end(operation, template, status, error);
  }

  public static void endWhenComplete(Object operation, Object template, Object completion) {
    handler.endWhenComplete(operation, template, completion);
  }

  public static void dispatched(Object request, Object attributes) {
    handler.dispatched(request, attributes);
  }

  public static void noHandlerMatched(Object request, Object candidates) {
    handler.noHandlerMatched(request, candidates);
  }

  public static void unmeasuredServerStarted(String server) {
    handler.unmeasuredServerStarted(server);
  }
}
