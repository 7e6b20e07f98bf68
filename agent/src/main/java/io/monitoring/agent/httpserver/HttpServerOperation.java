package io.monitoring.agent.httpserver;

import io.monitoring.agent.db.RequestQueries;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import java.util.Map;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;

/** One request being served: when it started, its method, its span, and the pieces of its route. */
final class HttpServerOperation {
  private static final AtomicIntegerFieldUpdater<HttpServerOperation> ENDED =
      AtomicIntegerFieldUpdater.newUpdater(HttpServerOperation.class, "ended");
  private static final AtomicReferenceFieldUpdater<HttpServerOperation, RequestQueries> QUERIES =
      AtomicReferenceFieldUpdater.newUpdater(HttpServerOperation.class, RequestQueries.class, "queries");

  long startNanos;
  int method;
  Span span;
  Scope scope;
  /** The thread the scope was opened on: only there may it be closed (a context is per thread). */
  private Thread scopeThread;
  String basePath;
  String handlerPath;
  String remainder;
  String template;
  /** The exchange attributes a framework (WebFlux) dispatched the request with: its route template, at the end. */
  volatile Map<?, ?> routeAttributes;
  /** What a framework inside the request routed it to, part by part (see {@link #routed}); null when none did. */
  private String routed;
  private volatile int ended;
  /** Its JDBC executions, from the first; null while it has run none. */
  volatile RequestQueries queries;
  /**
   * The serving thread's own, started again for each of its requests: a servlet request without a span ends on
   * the thread that started it (or is {@link #detached} when it goes async), so nothing else can hold it. Saves the
   * ~64 B a request allocated for it, most of what the agent allocates per request with metrics only.
   */
  final boolean reusable;
  /** Whether it is the request its thread serves now (a reusable one stays with the thread between requests). */
  boolean active;

  HttpServerOperation(long startNanos, int method, Span span, Scope scope, String basePath, String handlerPath,
      String remainder) {
    this(false);
    restart(startNanos, method, span, scope, basePath, handlerPath, remainder);
  }

  private HttpServerOperation(boolean reusable) {
    this.reusable = reusable;
  }

  /** A thread's own operation, for its servlet requests without a span. */
  static HttpServerOperation reusable() {
    return new HttpServerOperation(true);
  }

  HttpServerOperation restart(long startNanos, int method, Span span, Scope scope, String basePath, String handlerPath,
      String remainder) {
    this.startNanos = startNanos;
    this.method = method;
    this.span = span;
    this.scope = scope;
    this.scopeThread = Thread.currentThread();
    this.basePath = basePath;
    this.handlerPath = handlerPath;
    this.remainder = remainder;
    this.template = null;
    this.routeAttributes = null;
    this.routed = null;
    this.queries = null;
    this.ended = 0;
    return this;
  }

  /** A copy of its own for a request that goes on after its thread left it (async): the thread reuses this one. */
  HttpServerOperation detached() {
    HttpServerOperation copy = new HttpServerOperation(startNanos, method, span, scope, basePath, handlerPath, remainder);
    copy.scopeThread = scopeThread;
    copy.template = template;
    copy.routeAttributes = routeAttributes;
    copy.routed = routed;
    copy.queries = queries;
    copy.ended = ended;
    return copy;
  }

  /**
   * One routing step of a framework inside the request: a template part appended to those before it,
   * {@link HttpRoute#UNMATCHED} when it matched nothing, or null when routing failed otherwise (the route is then
   * the servlet's).
   */
  void routed(String part) {
    routed = part == null || part.equals(HttpRoute.UNMATCHED) ? part : JaxRsRouting.append(routed, part);
  }

  /**
   * The route's template: the one the servlet request names (Spring MVC's, used when framework routes are on),
   * else what a framework inside the request routed it to.
   */
  void template(Object frameworkRoute, boolean frameworkRoutes) {
    this.template = frameworkRoute != null && frameworkRoutes ? frameworkRoute.toString() : routed;
  }

  /** The executions of this request, created at its first; null once it has ended (a late query is not its). */
  RequestQueries queries() {
    RequestQueries q = queries;
    if (q == null && ended == 0) {
      q = new RequestQueries();
      if (!QUERIES.compareAndSet(this, null, q)) {
        q = queries;
      }
    }
    return ended == 0 ? q : null;
  }

  /** True for the first caller only: an operation is recorded once, whichever path ends it. */
  boolean markEnded() {
    return ENDED.compareAndSet(this, 0, 1);
  }

  /**
   * Leaves the span's context on the thread that entered it; elsewhere (a reactive response completing on another
   * thread before the starting method returned) it waits for that thread to leave it.
   */
  void closeScope() {
    Scope s = scope;
    if (s != null && Thread.currentThread() == scopeThread) {
      scope = null;
      s.close();
    }
  }
}
