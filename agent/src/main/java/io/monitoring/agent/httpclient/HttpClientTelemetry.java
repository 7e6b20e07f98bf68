package io.monitoring.agent.httpclient;

import io.monitoring.agent.bootstrap.HttpClientHooks;
import io.monitoring.agent.httpserver.HttpMethod;
import io.monitoring.agent.metrics.AgentMetrics;
import io.monitoring.agent.util.WeakIdentityMap;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * The outgoing HTTP call: what client advice reports becomes {@code external_api_duration_seconds}
 * and a CLIENT span, child of the current span, whose context the advice sends as W3C
 * {@code traceparent} / {@code tracestate}. A call without a current span gets metrics, and a span of
 * its own when the sampler picks it. Response bodies are never touched.
 */
public final class HttpClientTelemetry implements HttpClientHooks.Handler {
  private static final AttributeKey<String> METHOD = AttributeKey.stringKey("http.request.method");
  private static final AttributeKey<String> METHOD_ORIGINAL = AttributeKey.stringKey("http.request.method_original");
  private static final AttributeKey<String> URL_FULL = AttributeKey.stringKey("url.full");
  private static final AttributeKey<String> SERVER_ADDRESS = AttributeKey.stringKey("server.address");
  private static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");
  private static final AttributeKey<Long> STATUS = AttributeKey.longKey("http.response.status_code");
  private static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

  private final HttpClientMetrics metrics;
  private final WeakIdentityMap<HttpClientOperation> connections = new WeakIdentityMap<>();
  private final WeakIdentityMap<Context> callContexts = new WeakIdentityMap<>();
  private volatile Tracer tracer;

  public HttpClientTelemetry(AgentMetrics agentMetrics) {
    this.metrics = new HttpClientMetrics(agentMetrics);
  }

  public void useTracer(Tracer tracer) {
    this.tracer = tracer;
  }

  @Override
  public Object start(String client, String method, String scheme, String host, int port, String url) {
    return start(Context.current(), method, scheme, host, port, url);
  }

  @Override
  public void captureContext(Object call) {
    Context current = Context.current();
    if (current != Context.root()) {
      callContexts.put(call, current);
    }
  }

  @Override
  public Object startCall(Object call, String client, String method, String scheme, String host, int port, String url) {
    Context captured = callContexts.get(call);
    if (captured != null) {
      callContexts.remove(call);
    }
    return start(captured != null ? captured : Context.current(), method, scheme, host, port, url);
  }

  private Object start(Context parent, String method, String scheme, String host, int port, String url) {
    long start = System.nanoTime();
    int methodIndex = HttpMethod.index(method);
    int effectivePort = port > 0 ? port : "https".equalsIgnoreCase(scheme) ? 443 : 80;
    HttpClientMetrics.TargetSeries target = metrics.target((host == null ? "unknown" : host) + ":" + effectivePort);
    Span span = null;
    Tracer t = tracer;
    if (t != null) {
      span = t.spanBuilder(methodIndex == HttpMethod.OTHER ? "HTTP" : method).setSpanKind(SpanKind.CLIENT)
          .setParent(parent).startSpan();
      if (span.isRecording()) {
        span.setAttribute(METHOD, HttpMethod.NAMES[methodIndex]);
        if (methodIndex == HttpMethod.OTHER && method != null) {
          span.setAttribute(METHOD_ORIGINAL, method);
        }
        if (url != null) {
          span.setAttribute(URL_FULL, UrlRedaction.redact(url));
        }
        if (host != null) {
          span.setAttribute(SERVER_ADDRESS, host);
        }
        span.setAttribute(SERVER_PORT, (long) effectivePort);
      }
    }
    return new HttpClientOperation(start, methodIndex, target, span);
  }

  @Override
  public String traceparent(Object operation) {
    Span span = ((HttpClientOperation) operation).span;
    if (span == null || !span.getSpanContext().isValid()) {
      return null;
    }
    SpanContext sc = span.getSpanContext();
    return "00-" + sc.getTraceId() + "-" + sc.getSpanId() + "-" + sc.getTraceFlags().asHex();
  }

  @Override
  public String tracestate(Object operation) {
    Span span = ((HttpClientOperation) operation).span;
    if (span == null || span.getSpanContext().getTraceState().isEmpty()) {
      return null;
    }
    TraceState state = span.getSpanContext().getTraceState();
    StringBuilder header = new StringBuilder();
    state.forEach((key, value) -> header.append(header.length() == 0 ? "" : ",").append(key).append('=').append(value));
    return header.toString();
  }

  @Override
  public void end(Object operation, int status, Throwable error) {
    HttpClientOperation op = (HttpClientOperation) operation;
    if (!op.markEnded()) {
      return;
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
    if (span.isRecording()) {
      if (status > 0) {
        span.setAttribute(STATUS, (long) status);
      }
      if (error != null) {
        span.setAttribute(ERROR_TYPE, error.getClass().getName());
        span.setStatus(StatusCode.ERROR);
      } else if (status >= 400) {
        span.setAttribute(ERROR_TYPE, Integer.toString(status));
        span.setStatus(StatusCode.ERROR);
      }
    }
    span.end();
  }

  @Override
  public Object withTraceHeaders(Object operation, Object request) {
    String traceparent = traceparent(operation);
    HttpRequest original = (HttpRequest) request;
    // HttpHeaders.map() is always case-insensitive (HttpHeaders.of): one lookup, where firstValue streams
    if (traceparent == null || original.headers().map().containsKey("traceparent")) {
      return request;
    }
    // HttpRequest is immutable: a copy with every property of the original plus the trace headers
    HttpRequest.Builder copy = HttpRequest.newBuilder(original.uri()).expectContinue(original.expectContinue())
        .method(original.method(), original.bodyPublisher().orElse(HttpRequest.BodyPublishers.noBody()));
    original.timeout().ifPresent(copy::timeout);
    original.version().ifPresent(copy::version);
    for (Map.Entry<String, List<String>> header : original.headers().map().entrySet()) {
      for (String value : header.getValue()) {
        copy.header(header.getKey(), value);
      }
    }
    copy.header("traceparent", traceparent);
    String tracestate = tracestate(operation);
    if (tracestate != null) {
      copy.header("tracestate", tracestate);
    }
    return copy.build();
  }

  @Override
  public void endOnCompletion(Object operation, Object future) {
    ((CompletableFuture<?>) future).whenComplete((response, error) -> end(operation,
        response instanceof HttpResponse ? ((HttpResponse<?>) response).statusCode() : 0, unwrap(error)));
  }

  @Override
  public Object startConnection(Object connection, String method, String scheme, String host, int port, String url) {
    if (connections.get(connection) != null) {
      return null;
    }
    HttpClientOperation op = (HttpClientOperation) start(Context.current(), method, scheme, host, port, url);
    connections.put(connection, op);
    return op;
  }

  @Override
  public void endConnection(Object connection, int status, Throwable error) {
    HttpClientOperation op = connections.get(connection);
    if (op != null) {
      end(op, status, error);
    }
  }

  private static Throwable unwrap(Throwable error) {
    return (error instanceof CompletionException || error instanceof ExecutionException) && error.getCause() != null
        ? error.getCause() : error;
  }
}
