package io.monitoring.agent.instrumentation.reactive;

import static io.monitoring.agent.instrumentation.Matchers.named;
import static io.monitoring.agent.instrumentation.Matchers.takesArguments;

import io.monitoring.agent.bootstrap.HttpServerHooks;
import io.monitoring.agent.instrumentation.Weaving;
import io.monitoring.agent.instrumentation.WeavingRules;
import io.monitoring.agent.instrumentation.Advice;
import reactor.netty.ConnectionObserver;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.HttpServerState;

/**
 * Reactor Netty's HTTP server (under Spring WebFlux, Spring Cloud Gateway, or on its own): a request starts when
 * the server hands it to the application's handler, whose subscription runs on the event loop with the request's
 * span current, and ends when the server completes the response, fails it, or the client goes away first. The
 * status is the one the server sent.
 */
public final class ReactorNettyServerInstrumentation {
  static final String HANDLE = "reactor.netty.http.server.HttpServer$HttpServerHandle";
  static final String OPERATIONS = "reactor.netty.http.server.HttpServerOperations";
  /**
   * The types woven, comma-separated: a constant, so {@link io.monitoring.agent.instrumentation.InstrumentedLibraries}
   * copies it at compile time and premain loads no installer.
   */
  public static final String TYPES = HANDLE + "," + OPERATIONS;

  /** What a request abandoned by its client (the connection closed before the response completed) counts as. */
  public static final int CLIENT_CLOSED_REQUEST = 499;

  private ReactorNettyServerInstrumentation() {}

  public static WeavingRules install(WeavingRules rules, Weaving weaving) {
    return rules.type(weaving.types(HANDLE))
        .transform(weaving.advice().advice(named("onStateChange").and(takesArguments(2)), "HandleAdvice"))
        .type(weaving.types(OPERATIONS))
        .transform(weaving.advice().advice(named("onOutboundComplete").and(takesArguments(0)), "CompletedAdvice")
            .advice(named("onOutboundError").and(takesArguments(1)), "FailedAdvice")
            .advice(named("onInboundClose").and(takesArguments(0)), "AbandonedAdvice"));
  }

  public static final class HandleAdvice {
    private HandleAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static Object enter(@Advice.Argument(0) Object connection, @Advice.Argument(1) ConnectionObserver.State state) {
      HttpServerRequest request = state == HttpServerState.REQUEST_RECEIVED && connection instanceof HttpServerRequest
          ? (HttpServerRequest) connection : null;
      String path = request == null ? null : request.fullPath();
      return request == null ? null : HttpServerHooks.start(request, request.method().name(), path, null, null, path,
          request.requestHeaders().get("traceparent"), request.requestHeaders().get("tracestate"));
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.Enter Object op, @Advice.Argument(0) Object connection) {
      if (op != null) {
        HttpServerHooks.endWhenComplete(op, null, connection);
      }
    }
  }

  public static final class CompletedAdvice {
    private CompletedAdvice() {}

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.This HttpServerResponse response) {
      HttpServerHooks.end(response, null, response.status().code(), null);
    }
  }

  public static final class FailedAdvice {
    private FailedAdvice() {}

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.This HttpServerResponse response, @Advice.Argument(0) Throwable error) {
      HttpServerHooks.end(response, null, response.status().code(), error);
    }
  }

  public static final class AbandonedAdvice {
    private AbandonedAdvice() {}

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.This Object request) {
      HttpServerHooks.end(request, null, CLIENT_CLOSED_REQUEST, null);
    }
  }
}
