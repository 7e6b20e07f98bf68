package io.monitoring.agent.httpserver;

import static io.monitoring.agent.tracing.SemanticConventions.CLIENT_ADDRESS;
import static io.monitoring.agent.tracing.SemanticConventions.HTTP_REQUEST_METHOD;
import static io.monitoring.agent.tracing.SemanticConventions.HTTP_REQUEST_METHOD_ORIGINAL;
import static io.monitoring.agent.tracing.SemanticConventions.HTTP_RESPONSE_STATUS_CODE;
import static io.monitoring.agent.tracing.SemanticConventions.HTTP_ROUTE;
import static io.monitoring.agent.tracing.SemanticConventions.NETWORK_PROTOCOL_VERSION;
import static io.monitoring.agent.tracing.SemanticConventions.SERVER_ADDRESS;
import static io.monitoring.agent.tracing.SemanticConventions.SERVER_PORT;
import static io.monitoring.agent.tracing.SemanticConventions.URL_PATH;
import static io.monitoring.agent.tracing.SemanticConventions.URL_SCHEME;
import static io.monitoring.agent.tracing.SemanticConventions.USER_AGENT_ORIGINAL;

import io.monitoring.agent.AgentLog;
import io.monitoring.agent.http.HttpMethod;
import io.monitoring.agent.bootstrap.AgentErrors;
import io.monitoring.agent.bootstrap.HttpServerHooks;
import io.monitoring.agent.db.RequestQueries;
import io.monitoring.agent.db.RequestQueryMetrics;
import io.monitoring.agent.metrics.AgentMetrics;
import io.monitoring.agent.tracing.Spans;
import io.monitoring.agent.util.WeakIdentityMap;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The HTTP server operation: what the servlet advice reports becomes the RED metrics and one
 * SERVER span per request. Instrumentations of other server frameworks only need advice that
 * feeds {@link HttpServerHooks}.
 */
public final class HttpServerTelemetry implements HttpServerHooks.Handler {
  private static final String WEBFLUX_BEST_MATCHING_PATTERN = "org.springframework.web.reactive.HandlerMapping.bestMatchingPattern";
  private static final String WEBFLUX_BEST_MATCHING_HANDLER = "org.springframework.web.reactive.HandlerMapping.bestMatchingHandler";
  private static final String GATEWAY_MATCHED_PATH =
      "org.springframework.cloud.gateway.support.ServerWebExchangeUtils.gatewayPredicateMatchedPathAttr";

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

  private static final TextMapGetter<String> BAGGAGE_HEADER = new TextMapGetter<String>() {
    @Override
    public Iterable<String> keys(String carrier) {
      return List.of("baggage");
    }

    @Override
    public String get(String carrier, String key) {
      return "baggage".equals(key) ? carrier : null;
    }
  };

  private final HttpServerMetrics metrics;
  private final String[] ignoredExact;
  private final String[] ignoredPrefixes;
  private final boolean frameworkRoutes;
  private final Spans spans;
  private final Set<String> unmeasuredServers = ConcurrentHashMap.newKeySet();
  /** Requests that end through the server's own completion advice (Reactor Netty's), by request object, from start. */
  private final WeakIdentityMap<HttpServerOperation> ending = new WeakIdentityMap<>();
  /**
   * The request this thread is serving, from start until the method that started it returns: where a framework
   * routing it ({@link #routed}) finds it. A thread-local rather than a request attribute: the application's view of
   * its request (attribute names, attribute listeners) stays as it was.
   */
  private final ThreadLocal<HttpServerOperation> serving = new ThreadLocal<>();
  /**
   * The request in a traced request's context: a query on another thread the context was carried to (a reactive
   * request's scheduler, say) finds its request there.
   */
  private static final ContextKey<HttpServerOperation> REQUEST = ContextKey.named("monitoring-agent-request");
  /** Null when JDBC is not measured: no request then reports its queries. */
  private final RequestQueryMetrics queries;

  /**
   * {@code frameworkRoutes}: use Spring MVC's route template when the request has one. A JAX-RS runtime's routes
   * come from its own instrumentation, switched on and off by its own name.
   */
  public HttpServerTelemetry(AgentMetrics agentMetrics, Spans spans, List<String> ignoredPaths, boolean frameworkRoutes,
      RequestQueryMetrics queries) {
    this.metrics = new HttpServerMetrics(agentMetrics);
    this.queries = queries;
    this.spans = spans;
    // split once: "/static/*" is a prefix, anything else an exact path; nothing is allocated per request
    List<String> exact = new ArrayList<>();
    List<String> prefixes = new ArrayList<>();
    for (String path : ignoredPaths) {
      if (path.endsWith("*")) {
        prefixes.add(path.substring(0, path.length() - 1));
      } else {
        exact.add(path);
      }
    }
    this.ignoredExact = exact.toArray(new String[0]);
    this.ignoredPrefixes = prefixes.toArray(new String[0]);
    this.frameworkRoutes = frameworkRoutes;
  }

  @Override
  public Object start(Object request, String method, String path, String basePath, String handlerPath, String remainder,
      String traceparent, String tracestate) {
    if ((ignoredExact.length > 0 || ignoredPrefixes.length > 0) && isIgnored(path)) {
      return null;
    }
    long start = System.nanoTime();
    int methodIndex = HttpMethod.index(method);
    metrics.inFlight(methodIndex).increment();
    // with traces off not even a context is read: the OpenTelemetry context classes (16) stay unloaded
    Context parent = !spans.tracing() ? null : traceparent == null ? Context.root()
        : W3CTraceContextPropagator.getInstance().extract(Context.root(), new String[] {traceparent, tracestate}, TRACE_HEADERS);
    Span span = parent == null ? null : spans.start(methodIndex == HttpMethod.OTHER ? "HTTP" : method, SpanKind.SERVER, parent);
    boolean servlet = ServerRequest.isServletRequest(request);
    HttpServerOperation op;
    HttpServerOperation current = serving.get();
    if (span == null && servlet) {
      HttpServerOperation own = current == null || !current.reusable || current.active
          ? HttpServerOperation.reusable() : current;
      op = own.restart(start, methodIndex, null, null, basePath, handlerPath, remainder);
    } else {
      op = new HttpServerOperation(start, methodIndex, span, null, basePath, handlerPath, remainder);
    }
    if (span != null) {
      if (span.isRecording()) {
        span.setAttribute(HTTP_REQUEST_METHOD, HttpMethod.NAMES[methodIndex]);
        if (methodIndex == HttpMethod.OTHER && method != null) {
          span.setAttribute(HTTP_REQUEST_METHOD_ORIGINAL, method);
        }
        span.setAttribute(URL_PATH, path);
        describe(span, request);
      }
      Context context = withBaggage(parent, request).with(span);
      op.scope = (queries != null ? context.with(REQUEST, op) : context).makeCurrent();
    }
    if (!servlet) {
      // the server reports the end through its own request object, possibly before the starting method returns
      ending.put(request, op);
    }
    op.active = true;
    if (current != op) {
      serving.set(op);
    }
    return op;
  }

  /**
   * The W3C {@code baggage} of a servlet request (whose headers the agent can read), in the request's context: the
   * application reads it through its OpenTelemetry API, and the agent sends it on with the request's outgoing calls.
   */
  private static Context withBaggage(Context parent, Object request) {
    ServerRequest reader = ServerRequest.of(request);
    String header = reader == null ? null : reader.baggage(request);
    return header == null ? parent : W3CBaggagePropagator.getInstance().extract(parent, header, BAGGAGE_HEADER);
  }

  /** A JAX-RS runtime routed the request this thread serves; outside one (a runtime on its own server), nothing. */
  @Override
  public void routed(Object routing, Throwable error) {
    HttpServerOperation op = serving.get();
    if (op != null && op.active) {
      op.routed(JaxRsRouting.matched(routing, error));
    }
  }

  /**
   * The JDBC executions of the request this thread serves, or whose traced context it carries; null outside a
   * request and once the request has ended.
   */
  public RequestQueries queriesOfCurrentRequest() {
    HttpServerOperation op = serving.get();
    if (op == null || !op.active) {
      if (!spans.tracing() || (op = Context.current().get(REQUEST)) == null) {
        return null;
      }
    }
    return op.queries();
  }

  /** The thread that started {@code op} leaves it: routing on this thread belongs to it no more. */
  private void leave(HttpServerOperation op) {
    op.closeScope();
    if (serving.get() == op) {
      op.active = false;
      if (!op.reusable) {
        // cleared rather than removed: the thread keeps its entry, so the next request's set allocates nothing
        serving.set(null);
      }
    }
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

  /** The attributes only a recorded span needs, read off the server's request object. */
  private static void describe(Span span, Object request) {
    ServerRequest reader = ServerRequest.of(request);
    if (reader == null) {
      return;
    }
    span.setAttribute(URL_SCHEME, reader.scheme(request));
    span.setAttribute(SERVER_ADDRESS, reader.serverAddress(request));
    span.setAttribute(SERVER_PORT, (long) reader.serverPort(request));
    String version = protocolVersion(reader.protocol(request));
    if (version != null) {
      span.setAttribute(NETWORK_PROTOCOL_VERSION, version);
    }
    String userAgent = reader.userAgent(request);
    if (userAgent != null) {
      span.setAttribute(USER_AGENT_ORIGINAL, userAgent);
    }
    span.setAttribute(CLIENT_ADDRESS, reader.clientAddress(request));
  }

  /** "1.1" of "HTTP/1.1": the common versions without a new string per request. */
  static String protocolVersion(String protocol) {
    if (protocol == null || !protocol.startsWith("HTTP/")) {
      return null;
    }
    switch (protocol) {
      case "HTTP/1.1":
        return "1.1";
      case "HTTP/2.0":
        return "2.0";
      case "HTTP/1.0":
        return "1.0";
      default:
        return protocol.substring(5);
    }
  }

  @Override
  public void end(Object operation, Object template, int status, Throwable error) {
    HttpServerOperation op = operation instanceof HttpServerOperation ? (HttpServerOperation) operation : ending.get(operation);
    if (op == null) {
      return;
    }
    leave(op);
    if (op == operation) {
      op.template(template, frameworkRoutes);
    } else {
      ending.remove(operation);
      op.template(routeOf(op.routeAttributes), true);
    }
    end(op, status, error);
  }

  /**
   * The route a WebFlux exchange names: the best-matching pattern of an annotated controller or functional route;
   * Spring Cloud Gateway's matched {@code Path} predicate ({@code /api/orders/**}); null when some other handler
   * matched without a pattern (the path is normalised); {@code unmatched} when no handler matched. Null when no
   * framework dispatched the request (plain Reactor Netty: the path is normalised).
   */
  private static Object routeOf(Map<?, ?> attributes) {
    if (attributes == null) {
      return null;
    }
    Object pattern = attributes.get(WEBFLUX_BEST_MATCHING_PATTERN);
    if (pattern == null) {
      pattern = attributes.get(GATEWAY_MATCHED_PATH);
    }
    if (pattern != null) {
      return pattern;
    }
    return attributes.get(WEBFLUX_BEST_MATCHING_HANDLER) == null ? HttpRoute.UNMATCHED : null;
  }

  @Override
  public void unmeasuredServerStarted(String server) {
    if (unmeasuredServers.add(server)) {
      AgentLog.info(server + " started: the requests it serves are not measured (no http_requests_total, no SERVER"
          + " spans); the agent measures servlet containers and Reactor Netty (README, Known limits)");
    }
  }

  @Override
  public void noHandlerMatched(Object request, Object candidates) {
    if (!frameworkRoutes) {
      return;
    }
    try {
      PathOnlyMatch.nameRoute(request, candidates);
    } catch (ReflectiveOperationException | RuntimeException e) {
      // a Spring version whose mappings read otherwise: the path's normalisation names the route instead
      AgentErrors.record(e, "spring-webmvc");
    }
  }

  @Override
  public void dispatched(Object request, Object attributes) {
    HttpServerOperation op = ending.get(request);
    if (op != null && attributes instanceof Map) {
      op.routeAttributes = (Map<?, ?>) attributes;
    }
  }

  private void end(HttpServerOperation op, int status, Throwable error) {
    if (!op.markEnded()) {
      return;
    }
    long now = System.nanoTime();
    long elapsed = now - op.startNanos;
    int effectiveStatus = error != null && status < 400 ? 500 : status;
    String route = HttpRoute.of(op.basePath, op.handlerPath, op.remainder, op.template, effectiveStatus);
    HttpServerMetrics.StatusSeries series = metrics.series(op.method, route, effectiveStatus);
    series.requests.inc();
    Span span = op.span;
    double seconds = elapsed / 1e9;
    metrics.exemplars.observe(series.duration, seconds, span == null ? null : span.getSpanContext(), now);
    if (series.errors != null) {
      series.errors.inc();
    }
    metrics.inFlight(op.method).decrement();
    if (queries != null) {
      RequestQueryMetrics.RouteSeries db = series.queries;
      if (db == null) {
        series.queries = db = queries.series(HttpMethod.NAMES[op.method], series.route);
      }
      db.ended(op.queries, span);
    }
    if (span != null) {
      endSpan(span, series, error);
    }
  }

  private static void endSpan(Span span, HttpServerMetrics.StatusSeries series, Throwable error) {
    if (!span.isRecording()) {
      span.end();
      return;
    }
    span.updateName(series.spanName);
    if (series.spanRoute != null) {
      span.setAttribute(HTTP_ROUTE, series.spanRoute);
    }
    span.setAttribute(HTTP_RESPONSE_STATUS_CODE, series.status);
    if (error != null) {
      span.recordException(error);
    }
    Spans.end(span, error, series.failedStatus);
  }

  /** The container's AsyncContext: the request ends when the container reports it complete, on whatever thread. */
  @Override
  public void endWhenComplete(Object operation, Object template, Object completion) {
    HttpServerOperation op = (HttpServerOperation) operation;
    leave(op);
    if (op.reusable) {
      op = op.detached(); // its thread serves its next request with the one it has
    }
    op.template(template, frameworkRoutes);
    if (!ServerRequest.isAsyncContext(completion)) {
      // the server's own request, known since start: its completion advice ends it through end(request, ...)
      return;
    }
    try {
      ServerRequest.onAsyncComplete(completion, new AsyncCompletion(op));
    } catch (Exception e) {
      // no completion to wait for: counted now rather than never
      AgentErrors.record(e, "servlet");
      end(op, 200, null);
    }
  }

  /** Ends an async request when the container reports it complete. */
  private final class AsyncCompletion implements ServerRequest.AsyncListener {
    private final HttpServerOperation op;
    private volatile Throwable error;

    AsyncCompletion(HttpServerOperation op) {
      this.op = op;
    }

    @Override
    public void completed(int status) {
      end(op, status, error);
    }

    @Override
    public void failed(Throwable error) {
      this.error = error;
    }
  }
}
