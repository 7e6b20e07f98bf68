package io.monitoring.agent.httpserver;

import io.monitoring.agent.bootstrap.AgentErrors;
import io.monitoring.agent.bootstrap.HttpServerHooks;
import io.monitoring.agent.metrics.AgentMetrics;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Arrays;
import java.util.List;

/**
 * The HTTP server operation: what the servlet advice reports becomes the RED metrics and one
 * SERVER span per request. Instrumentations of other server frameworks only need advice that
 * feeds {@link HttpServerHooks}.
 */
public final class HttpServerTelemetry implements HttpServerHooks.Handler {
  private static final AttributeKey<String> METHOD = AttributeKey.stringKey("http.request.method");
  private static final AttributeKey<String> METHOD_ORIGINAL = AttributeKey.stringKey("http.request.method_original");
  private static final AttributeKey<String> URL_PATH = AttributeKey.stringKey("url.path");
  private static final AttributeKey<String> URL_SCHEME = AttributeKey.stringKey("url.scheme");
  private static final AttributeKey<String> ROUTE = AttributeKey.stringKey("http.route");
  private static final AttributeKey<Long> STATUS = AttributeKey.longKey("http.response.status_code");
  private static final AttributeKey<String> SERVER_ADDRESS = AttributeKey.stringKey("server.address");
  private static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");
  private static final AttributeKey<String> PROTOCOL_VERSION = AttributeKey.stringKey("network.protocol.version");
  private static final AttributeKey<String> USER_AGENT = AttributeKey.stringKey("user_agent.original");
  private static final AttributeKey<String> CLIENT_ADDRESS = AttributeKey.stringKey("client.address");
  private static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

  private static final TextMapGetter<String[]> TRACE_HEADERS = new TextMapGetter<String[]>() {
    @Override
    public Iterable<String> keys(String[] carrier) {
      return Arrays.asList("traceparent", "tracestate");
    }

    @Override
    public String get(String[] carrier, String key) {
      return "traceparent".equals(key) ? carrier[0] : "tracestate".equals(key) ? carrier[1] : null;
    }
  };

  private final HttpServerMetrics metrics;
  private final String[] ignoredExact;
  private final String[] ignoredPrefixes;
  private final boolean frameworkRoutes;
  private volatile Tracer tracer;

  /** {@code frameworkRoutes}: use Spring MVC's route template when the request has one. */
  public HttpServerTelemetry(AgentMetrics agentMetrics, List<String> ignoredPaths, boolean frameworkRoutes) {
    this.metrics = new HttpServerMetrics(agentMetrics);
    // split once: "/static/*" is a prefix, anything else an exact path; nothing is allocated per request
    this.ignoredExact = ignoredPaths.stream().filter(p -> !p.endsWith("*")).toArray(String[]::new);
    this.ignoredPrefixes = ignoredPaths.stream().filter(p -> p.endsWith("*"))
        .map(p -> p.substring(0, p.length() - 1)).toArray(String[]::new);
    this.frameworkRoutes = frameworkRoutes;
  }

  /** Spans start once the SDK is built (off the main thread); until then requests get metrics only. */
  public void useTracer(Tracer tracer) {
    this.tracer = tracer;
  }

  @Override
  public Object start(String method, String requestUri, String traceparent, String tracestate) {
    if ((ignoredExact.length > 0 || ignoredPrefixes.length > 0) && isIgnored(requestUri)) {
      return null;
    }
    long start = System.nanoTime();
    int methodIndex = HttpMethod.index(method);
    metrics.inFlight(methodIndex).inc();
    Span span = null;
    io.opentelemetry.context.Scope scope = null;
    Tracer t = tracer;
    if (t != null) {
      Context parent = traceparent == null ? Context.root()
          : W3CTraceContextPropagator.getInstance().extract(Context.root(), new String[] {traceparent, tracestate}, TRACE_HEADERS);
      span = t.spanBuilder(methodIndex == HttpMethod.OTHER ? "HTTP" : method).setSpanKind(SpanKind.SERVER)
          .setParent(parent).startSpan();
      if (span.isRecording()) {
        span.setAttribute(METHOD, HttpMethod.NAMES[methodIndex]);
        if (methodIndex == HttpMethod.OTHER && method != null) {
          span.setAttribute(METHOD_ORIGINAL, method);
        }
        span.setAttribute(URL_PATH, requestUri);
      }
      scope = parent.with(span).makeCurrent();
    }
    return new HttpServerOperation(start, methodIndex, span, scope);
  }

  private boolean isIgnored(String uri) {
    if (uri == null) {
      return false;
    }
    for (String exact : ignoredExact) {
      if (uri.equals(exact)) {
        return true;
      }
    }
    for (String prefix : ignoredPrefixes) {
      if (uri.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public boolean isRecording(Object operation) {
    Span span = ((HttpServerOperation) operation).span;
    return span != null && span.isRecording();
  }

  @Override
  public void describe(Object operation, String scheme, String serverAddress, int serverPort, String protocol,
      String userAgent, String clientAddress) {
    Span span = ((HttpServerOperation) operation).span;
    span.setAttribute(URL_SCHEME, scheme);
    span.setAttribute(SERVER_ADDRESS, serverAddress);
    span.setAttribute(SERVER_PORT, (long) serverPort);
    if (protocol != null && protocol.startsWith("HTTP/")) {
      span.setAttribute(PROTOCOL_VERSION, protocol.substring(5));
    }
    if (userAgent != null) {
      span.setAttribute(USER_AGENT, userAgent);
    }
    span.setAttribute(CLIENT_ADDRESS, clientAddress);
  }

  @Override
  public void route(Object operation, String contextPath, String servletPath, String pathInfo, Object frameworkRoute) {
    HttpServerOperation op = (HttpServerOperation) operation;
    op.contextPath = contextPath;
    op.servletPath = servletPath;
    op.pathInfo = pathInfo;
    op.frameworkRoute = frameworkRoute == null || !frameworkRoutes ? null : frameworkRoute.toString();
  }

  @Override
  public void end(Object operation, int status, Throwable error) {
    HttpServerOperation op = (HttpServerOperation) operation;
    op.closeScope();
    if (!op.markEnded()) {
      return;
    }
    long now = System.nanoTime();
    long elapsed = now - op.startNanos;
    int effectiveStatus = error != null && status < 400 ? 500 : status;
    String route = HttpRoute.of(op.contextPath, op.servletPath, op.pathInfo, op.frameworkRoute, effectiveStatus);
    HttpServerMetrics.StatusSeries series = metrics.series(op.method, route, effectiveStatus);
    series.requests.inc();
    Span span = op.span;
    double seconds = elapsed / 1e9;
    metrics.exemplars.observe(series.duration, seconds, span == null ? null : span.getSpanContext(), now);
    if (series.errors != null) {
      series.errors.inc();
    }
    metrics.inFlight(op.method).dec();
    if (span != null) {
      endSpan(span, op.method, series.route, effectiveStatus, error);
    }
  }

  private static void endSpan(Span span, int method, String route, int status, Throwable error) {
    if (!span.isRecording()) {
      span.end();
      return;
    }
    String name = method == HttpMethod.OTHER ? "HTTP" : HttpMethod.NAMES[method];
    // semantic conventions: without a route the span is named by the method alone
    if (HttpRoute.UNMATCHED.equals(route) || AgentMetrics.OTHER.equals(route)) {
      span.updateName(name);
    } else {
      span.updateName(name + " " + route);
      span.setAttribute(ROUTE, route);
    }
    span.setAttribute(STATUS, (long) status);
    if (error != null) {
      span.recordException(error);
      span.setAttribute(ERROR_TYPE, error.getClass().getName());
      span.setStatus(StatusCode.ERROR);
    } else if (status >= 500) {
      span.setAttribute(ERROR_TYPE, Integer.toString(status));
      span.setStatus(StatusCode.ERROR);
    }
    span.end();
  }

  @Override
  public Object asyncListener(Object operation, Class<?> listenerType, Object response) {
    HttpServerOperation op = (HttpServerOperation) operation;
    op.closeScope();
    AsyncCompletion handler = new AsyncCompletion(this, op, response);
    Object listener = Proxy.newProxyInstance(listenerType.getClassLoader(), new Class<?>[] {listenerType}, handler);
    handler.self = listener;
    return listener;
  }

  /** Ends an async request when the container reports it complete, on whatever thread that is. */
  private static final class AsyncCompletion implements InvocationHandler {
    private final HttpServerTelemetry telemetry;
    private final HttpServerOperation op;
    private final Object response;
    Object self;

    AsyncCompletion(HttpServerTelemetry telemetry, HttpServerOperation op, Object response) {
      this.telemetry = telemetry;
      this.op = op;
      this.response = response;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) {
      String name = method.getName();
      try {
        switch (name) {
          case "onComplete":
            telemetry.end(op, Reflection.status(response), op.asyncError);
            return null;
          case "onError":
            op.asyncError = (Throwable) Reflection.call(args[0], "getThrowable");
            return null;
          case "onTimeout":
            return null;
          case "onStartAsync":
            // a new async cycle drops the listeners of the previous one: register again
            Object context = Reflection.call(args[0], "getAsyncContext");
            Reflection.addListener(context, self);
            return null;
          case "equals":
            return proxy == args[0];
          case "hashCode":
            return System.identityHashCode(proxy);
          case "toString":
            return "monitoring-agent async listener";
          default:
            return null;
        }
      } catch (Throwable t) {
        AgentErrors.record(t, "servlet");
        return "equals".equals(name) ? Boolean.FALSE : "hashCode".equals(name) ? 0 : null;
      }
    }
  }
}
