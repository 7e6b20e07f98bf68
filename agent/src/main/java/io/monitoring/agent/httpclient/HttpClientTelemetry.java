package io.monitoring.agent.httpclient;

import static io.monitoring.agent.tracing.SemanticConventions.HTTP_REQUEST_METHOD;
import static io.monitoring.agent.tracing.SemanticConventions.HTTP_REQUEST_METHOD_ORIGINAL;
import static io.monitoring.agent.tracing.SemanticConventions.HTTP_RESPONSE_STATUS_CODE;
import static io.monitoring.agent.tracing.SemanticConventions.SERVER_ADDRESS;
import static io.monitoring.agent.tracing.SemanticConventions.SERVER_PORT;
import static io.monitoring.agent.tracing.SemanticConventions.URL_FULL;

import io.monitoring.agent.bootstrap.AgentErrors;
import io.monitoring.agent.bootstrap.HttpClientHooks;
import io.monitoring.agent.bootstrap.OutgoingCall;
import io.monitoring.agent.http.HttpMethod;
import io.monitoring.agent.metrics.AgentMetrics;
import io.monitoring.agent.tracing.Spans;
import io.monitoring.agent.util.WeakIdentityMap;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import java.net.HttpURLConnection;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * The outgoing HTTP call: what client advice reports becomes {@code external_api_duration_seconds}
 * and a CLIENT span, child of the current span, whose context the advice sends as W3C
 * {@code traceparent} / {@code tracestate}. A call without a current span gets metrics, and a span of
 * its own when the sampler picks it. Response bodies are never touched.
 */
public final class HttpClientTelemetry implements HttpClientHooks.Handler {

  private final HttpClientMetrics metrics;
  // calls the advice ends through the library's own object (a connection, a callback), until they end
  private final WeakIdentityMap<HttpClientOperation> callsByObject = new WeakIdentityMap<>();
  private final WeakIdentityMap<Context> handedOver = new WeakIdentityMap<>();
  private final Spans spans;

  public HttpClientTelemetry(AgentMetrics agentMetrics, Spans spans) {
    this.metrics = new HttpClientMetrics(agentMetrics);
    this.spans = spans;
  }

  @Override
  public OutgoingCall start(Object request, String method, String url, Object handedOverBy, Object endedThrough) {
    if (OtherAgentThreads.claimCurrent()) {
      return OtherAgentThreads.unmeasured(request);
    }
    if (request instanceof HttpURLConnection) {
      return startConnection((HttpURLConnection) request);
    }
    if (request instanceof HttpRequest) {
      HttpRequest jdkRequest = (HttpRequest) request;
      HttpClientOperation op = start(Context.current(), jdkRequest.method(), jdkRequest.uri().toString());
      op.request = withTraceHeaders(op, jdkRequest);
      return op;
    }
    HttpClientOperation started = handedOverBy == null ? null : callsByObject.get(handedOverBy);
    if (started != null) {
      return anotherRequestOf(started, request, endedThrough);
    }
    Context parent = handedOverBy == null ? null : handedOver.get(handedOverBy);
    if (parent != null) {
      handedOver.remove(handedOverBy);
    }
    HttpClientOperation op = start(parent != null ? parent : Context.current(), method, url);
    if (endedThrough != null) {
      op.call = endedThrough;
      callsByObject.put(endedThrough, op);
    }
    try {
      op.request = TraceHeaderWriter.write(request, op.traceHeaders);
    } catch (RuntimeException e) {
      // measured all the same, only not propagated
      AgentErrors.record(e, "http-client");
      op.request = request;
    }
    return op;
  }

  /**
   * A call already started sends (another) request: Reactor Netty prepares each request of a call it subscribed to
   * on a connection. It carries the call's trace headers and ends the call through {@code endedThrough}.
   */
  private OutgoingCall anotherRequestOf(HttpClientOperation call, Object request, Object endedThrough) {
    if (endedThrough != null) {
      callsByObject.put(endedThrough, call);
    }
    TraceHeaderWriter.write(request, call.traceHeaders);
    return call;
  }

  @Override
  public AutoCloseable received(Object call, int status) {
    HttpClientOperation op = call instanceof HttpClientOperation ? (HttpClientOperation) call : callsByObject.get(call);
    if (op == null) {
      return null;
    }
    if (status >= 0) {
      end(op, status, null);
    }
    Context parent = op.parent;
    // only a traced caller has a context worth restoring; an untraced one costs nothing more
    return parent == null || parent == Context.root() ? null : parent.makeCurrent();
  }

  @Override
  public void handOver(Object call) {
    Context current = Context.current();
    if (current != Context.root()) {
      handedOver.put(call, current);
    }
  }

  /** HttpURLConnection: the first of connect / getOutputStream / getInputStream on a connection starts its call. */
  private OutgoingCall startConnection(HttpURLConnection connection) {
    HttpClientOperation op = callsByObject.get(connection);
    if (op != null) {
      return op;
    }
    op = start(Context.current(), connection.getRequestMethod(), connection.getURL().toString());
    // kept after the end (until the connection is collected): a refused connect ends the call, and the
    // getResponseCode the application may call next on the same connection must not start another
    callsByObject.put(connection, op);
    for (int i = 0; i < op.traceHeaders.length; i += 2) {
      connection.setRequestProperty(op.traceHeaders[i], op.traceHeaders[i + 1]);
    }
    return op;
  }

  private HttpClientOperation start(Context parent, String method, String url) {
    long start = System.nanoTime();
    int methodIndex = HttpMethod.index(method);
    Url target = Url.parse(url);
    HttpClientMetrics.TargetSeries series = metrics.target(target.hostAndPort);
    Span span = spans.start(methodIndex == HttpMethod.OTHER ? "HTTP" : method, SpanKind.CLIENT, parent);
    if (span != null && span.isRecording()) {
      span.setAttribute(HTTP_REQUEST_METHOD, HttpMethod.NAMES[methodIndex]);
      if (methodIndex == HttpMethod.OTHER && method != null) {
        span.setAttribute(HTTP_REQUEST_METHOD_ORIGINAL, method);
      }
      if (url != null) {
        span.setAttribute(URL_FULL, UrlRedaction.redact(url));
      }
      if (target.host != null) {
        span.setAttribute(SERVER_ADDRESS, target.host);
      }
      span.setAttribute(SERVER_PORT, (long) target.port);
    }
    HttpClientOperation op = new HttpClientOperation(start, methodIndex, series, span, traceHeaders(span, parent));
    op.parent = parent;
    return op;
  }

  /**
   * W3C {@code traceparent} and, when there are, {@code tracestate} and {@code baggage} (the application's, through its
   * OpenTelemetry API); none without a valid span.
   */
  private static String[] traceHeaders(Span span, Context parent) {
    if (span == null || !span.getSpanContext().isValid()) {
      return null;
    }
    SpanContext sc = span.getSpanContext();
    String traceparent = Spans.traceparent(span);
    TraceState state = sc.getTraceState();
    String baggage = parent == null || Baggage.fromContextOrNull(parent) == null ? null : baggageHeader(parent);
    if (state.isEmpty() && baggage == null) {
      return new String[] {"traceparent", traceparent};
    }
    String tracestate = state.isEmpty() ? null : Spans.tracestate(state);
    if (baggage == null) {
      return new String[] {"traceparent", traceparent, "tracestate", tracestate};
    }
    return state.isEmpty() ? new String[] {"traceparent", traceparent, "baggage", baggage}
        : new String[] {"traceparent", traceparent, "tracestate", tracestate, "baggage", baggage};
  }

  private static String baggageHeader(Context context) {
    String[] header = new String[1];
    W3CBaggagePropagator.getInstance().inject(context, header, (carrier, key, value) -> carrier[0] = value);
    return header[0];
  }

  @Override
  public void end(Object call, int status, Throwable error) {
    HttpClientOperation op = call instanceof HttpClientOperation ? (HttpClientOperation) call : callsByObject.get(call);
    if (op == null || !op.markEnded()) {
      return;
    }
    if (op.call != null) {
      callsByObject.remove(op.call);
    }
    long now = System.nanoTime();
    double seconds = (now - op.startNanos) / 1e9;
    DistributionDataPoint point = op.target.get(op.method, status);
    Span span = op.span;
    if (span == null) {
      point.observe(seconds);
      return;
    }
    metrics.exemplars.observe(point, seconds, span.getSpanContext(), now);
    if (status > 0 && span.isRecording()) {
      span.setAttribute(HTTP_RESPONSE_STATUS_CODE, (long) status);
    }
    Spans.end(span, error, status >= 400 ? Integer.toString(status) : null);
  }

  /** The JDK's HttpRequest is immutable: the application's, seen with the trace headers added. */
  private static HttpRequest withTraceHeaders(HttpClientOperation op, HttpRequest original) {
    // HttpHeaders.map() is always case-insensitive (HttpHeaders.of): one lookup, where firstValue streams
    if (op.traceHeaders.length == 0 || original.headers().map().containsKey("traceparent")) {
      return original;
    }
    return new JdkRequestWithTraceHeaders(original, op.traceHeaders);
  }

  @Override
  public void endWhenComplete(Object call, Object completion) {
    if (completion instanceof Throwable || completion == null) {
      end(call, 0, (Throwable) completion);
      return;
    }
    ((CompletionStage<?>) completion).whenComplete((response, error) -> {
      try {
        end(call, response instanceof HttpResponse ? ((HttpResponse<?>) response).statusCode() : 0, unwrap(error));
      } catch (Throwable t) {
        AgentErrors.record(t, "java-http-client");
      }
    });
  }

  private static Throwable unwrap(Throwable error) {
    return (error instanceof CompletionException || error instanceof ExecutionException) && error.getCause() != null
        ? error.getCause() : error;
  }
}
