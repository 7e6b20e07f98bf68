package io.monitoring.agent.httpclient;

import io.monitoring.agent.util.PublicMethods;
import java.lang.reflect.Method;

/**
 * Gives a library's request object the trace headers through its public API, found once per request class:
 * {@code setHeader(String, …)} on a mutable request (Apache HttpClient 4 and 5), {@code set(String, …)} on a
 * mutable headers object (Netty's, for Reactor Netty), or a copy built with
 * {@code newBuilder().header(name, value).build()} for an immutable one (OkHttp), unless it already carries a
 * {@code traceparent}. Returns the request to send; a request type with neither is sent as it is.
 */
final class TraceHeaderWriter {
  private static final ClassValue<TraceHeaderWriter> BY_TYPE = new ClassValue<TraceHeaderWriter>() {
    @Override
    protected TraceHeaderWriter computeValue(Class<?> type) {
      return new TraceHeaderWriter(type);
    }
  };

  private final Method setHeader;
  private final Method header;
  private final Method newBuilder;
  private final Method builderHeader;
  private final Method build;

  private TraceHeaderWriter(Class<?> type) {
    Method set = null;
    Method headersSet = null;
    for (Method m : type.getMethods()) {
      Class<?>[] parameters = m.getParameterTypes();
      if (parameters.length == 2 && parameters[0] == String.class && parameters[1].isAssignableFrom(String.class)) {
        if (m.getName().equals("setHeader")) {
          set = PublicMethods.declaredPublicly(m);
        } else if (m.getName().equals("set")) {
          headersSet = PublicMethods.declaredPublicly(m);
        }
      }
    }
    // a request's own setHeader, else a headers object's set(name, value) (Netty's HttpHeaders, for Reactor Netty)
    setHeader = set != null ? set : headersSet;
    header = PublicMethods.find(type, "header", String.class);
    newBuilder = set == null ? PublicMethods.find(type, "newBuilder") : null;
    Class<?> builder = newBuilder == null ? null : newBuilder.getReturnType();
    builderHeader = builder == null ? null : PublicMethods.find(builder, "header", String.class, String.class);
    build = builder == null ? null : PublicMethods.find(builder, "build");
  }

  static Object write(Object request, String[] traceHeaders) {
    if (request == null || traceHeaders.length == 0) {
      return request;
    }
    try {
      return BY_TYPE.get(request.getClass()).writeTo(request, traceHeaders);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot add trace headers to " + request.getClass().getName(), e);
    }
  }

  private Object writeTo(Object request, String[] traceHeaders) throws ReflectiveOperationException {
    if (setHeader != null) {
      for (int i = 0; i < traceHeaders.length; i += 2) {
        setHeader.invoke(request, traceHeaders[i], traceHeaders[i + 1]);
      }
      return request;
    }
    if (build == null || builderHeader == null || header == null || header.invoke(request, traceHeaders[0]) != null) {
      return request;
    }
    Object builder = newBuilder.invoke(request);
    for (int i = 0; i < traceHeaders.length; i += 2) {
      builderHeader.invoke(builder, traceHeaders[i], traceHeaders[i + 1]);
    }
    return build.invoke(builder);
  }
}
