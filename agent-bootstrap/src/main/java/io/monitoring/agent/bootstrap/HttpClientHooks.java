package io.monitoring.agent.bootstrap;

/**
 * What advice woven into HTTP clients calls: a call starts (method and URL, as plain values the advice
 * read from the client's request type), the advice asks which trace headers to add to the outgoing
 * request, and the call ends with a status (0: no response) or an exception. Only the outermost call
 * on a thread is measured ({@link CallDepth#HTTP_CLIENT}); the agent's own export threads hold that
 * depth for good, so the agent never measures or propagates into its own traffic. Every method
 * swallows failures.
 */
public final class HttpClientHooks {
  public interface Handler {
    /** Returns the operation, or null when the call is not measured. {@code port} -1: the scheme's default. */
    Object start(String client, String method, String scheme, String host, int port, String url);

    /** The W3C {@code traceparent} to send, or null when there is no trace to continue. */
    String traceparent(Object operation);

    /** The W3C {@code tracestate} to send, or null. */
    String tracestate(Object operation);

    /** {@code status} 0 when no response arrived. Ending twice is harmless: the first end counts. */
    void end(Object operation, int status, Throwable error);

    /** JDK HttpClient: a copy of the (immutable) request carrying the trace headers, or the request itself. */
    Object withTraceHeaders(Object operation, Object request);

    /** JDK HttpClient sendAsync: registers the end of the operation on the response future; returns nothing new. */
    void endOnCompletion(Object operation, Object future);

    /**
     * HttpURLConnection: the first of connect / getOutputStream / getInputStream on a connection starts its
     * operation and returns it (the advice then adds the trace headers); later calls return null.
     */
    Object startConnection(Object connection, String method, String scheme, String host, int port, String url);

    /** HttpURLConnection: the response arrived ({@code status} > 0) or the connection failed. */
    void endConnection(Object connection, int status, Throwable error);

    /** An asynchronous call was handed to another thread: remember the caller's trace context for it. */
    void captureContext(Object call);

    /** Like {@link #start}, with the trace context captured for {@code call}, if any, as the parent. */
    Object startCall(Object call, String client, String method, String scheme, String host, int port, String url);
  }

  private static volatile Handler handler;

  private HttpClientHooks() {}

  public static void install(Handler newHandler) {
    handler = newHandler;
  }

  public static Object start(String client, String method, String scheme, String host, int port, String url) {
    Handler h = handler;
    if (h == null) {
      return null;
    }
    try {
      return h.start(client, method, scheme, host, port, url);
    } catch (Throwable t) {
      AgentErrors.record(t, client);
      return null;
    }
  }

  public static String traceparent(Object operation) {
    try {
      return operation == null ? null : handler.traceparent(operation);
    } catch (Throwable t) {
      AgentErrors.record(t, "http-client");
      return null;
    }
  }

  public static String tracestate(Object operation) {
    try {
      return operation == null ? null : handler.tracestate(operation);
    } catch (Throwable t) {
      AgentErrors.record(t, "http-client");
      return null;
    }
  }

  public static void end(Object operation, int status, Throwable error) {
    if (operation != null) {
      try {
        handler.end(operation, status, error);
      } catch (Throwable t) {
        AgentErrors.record(t, "http-client");
      }
    }
  }

  public static Object withTraceHeaders(Object operation, Object request) {
    try {
      return operation == null ? request : handler.withTraceHeaders(operation, request);
    } catch (Throwable t) {
      AgentErrors.record(t, "java-http-client");
      return request;
    }
  }

  public static void endOnCompletion(Object operation, Object future) {
    if (operation != null) {
      try {
        handler.endOnCompletion(operation, future);
      } catch (Throwable t) {
        AgentErrors.record(t, "java-http-client");
        end(operation, 0, null);
      }
    }
  }

  public static Object startConnection(Object connection, String method, String scheme, String host, int port, String url) {
    Handler h = handler;
    if (h == null) {
      return null;
    }
    try {
      return h.startConnection(connection, method, scheme, host, port, url);
    } catch (Throwable t) {
      AgentErrors.record(t, "http-url-connection");
      return null;
    }
  }

  public static void endConnection(Object connection, int status, Throwable error) {
    Handler h = handler;
    if (h != null) {
      try {
        h.endConnection(connection, status, error);
      } catch (Throwable t) {
        AgentErrors.record(t, "http-url-connection");
      }
    }
  }

  public static void captureContext(Object call) {
    Handler h = handler;
    if (h != null) {
      try {
        h.captureContext(call);
      } catch (Throwable t) {
        AgentErrors.record(t, "http-client");
      }
    }
  }

  public static Object startCall(Object call, String client, String method, String scheme, String host, int port,
      String url) {
    Handler h = handler;
    if (h == null) {
      return null;
    }
    try {
      return h.startCall(call, client, method, scheme, host, port, url);
    } catch (Throwable t) {
      AgentErrors.record(t, client);
      return null;
    }
  }
}
