package io.monitoring.agent.bootstrap;

/**
 * What advice woven into servlet containers calls, one static method per step of a request.
 * The advice extracts plain values from the request (it sees the servlet API; the agent does not)
 * and passes them here; the agent installs the {@link Handler} that measures. Every method
 * swallows failures, so a bug in the agent never reaches the request thread.
 */
public final class HttpServerHooks {
  /** Request attribute under which Spring MVC exposes the matched route template. */
  public static final String SPRING_ROUTE_ATTRIBUTE =
      "org.springframework.web.servlet.HandlerMapping.bestMatchingPattern";

  public interface Handler {
    /** Returns the operation for this request, or null when it is not measured. */
    Object start(String method, String requestUri, String traceparent, String tracestate);

    boolean isRecording(Object operation);

    void describe(Object operation, String scheme, String serverAddress, int serverPort,
        String protocol, String userAgent, String clientAddress);

    void route(Object operation, String contextPath, String servletPath, String pathInfo,
        Object frameworkRoute);

    void end(Object operation, int status, Throwable error);

    /** A listener implementing the container's AsyncListener type that ends the operation. */
    Object asyncListener(Object operation, Class<?> listenerType, Object response);
  }

  private static final String NAME = "servlet";
  private static volatile Handler handler;

  private HttpServerHooks() {}

  public static void install(Handler newHandler) {
    handler = newHandler;
  }

  public static Object start(String method, String requestUri, String traceparent, String tracestate) {
    Handler h = handler;
    if (h == null) {
      return null;
    }
    try {
      return h.start(method, requestUri, traceparent, tracestate);
    } catch (Throwable t) {
      AgentErrors.record(t, NAME);
      return null;
    }
  }

  public static boolean isRecording(Object operation) {
    Handler h = handler;
    try {
      return h != null && h.isRecording(operation);
    } catch (Throwable t) {
      AgentErrors.record(t, NAME);
      return false;
    }
  }

  public static void describe(Object operation, String scheme, String serverAddress, int serverPort,
      String protocol, String userAgent, String clientAddress) {
    try {
      handler.describe(operation, scheme, serverAddress, serverPort, protocol, userAgent, clientAddress);
    } catch (Throwable t) {
      AgentErrors.record(t, NAME);
    }
  }

  public static void route(Object operation, String contextPath, String servletPath, String pathInfo,
      Object frameworkRoute) {
    try {
      handler.route(operation, contextPath, servletPath, pathInfo, frameworkRoute);
    } catch (Throwable t) {
      AgentErrors.record(t, NAME);
    }
  }

  public static void end(Object operation, int status, Throwable error) {
    try {
      handler.end(operation, status, error);
    } catch (Throwable t) {
      AgentErrors.record(t, NAME);
    }
  }

  public static Object asyncListener(Object operation, Class<?> listenerType, Object response) {
    try {
      return handler.asyncListener(operation, listenerType, response);
    } catch (Throwable t) {
      AgentErrors.record(t, NAME);
      return null;
    }
  }
}
