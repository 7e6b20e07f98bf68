package io.monitoring.agent.instrumentation.reactive;

import static io.monitoring.agent.instrumentation.Matchers.isConstructor;
import static io.monitoring.agent.instrumentation.Matchers.named;
import static io.monitoring.agent.instrumentation.Matchers.takesArguments;

import io.monitoring.agent.bootstrap.HttpClientHooks;
import io.monitoring.agent.instrumentation.Weaving;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.monitoring.agent.instrumentation.WeavingRules;
import io.monitoring.agent.instrumentation.Advice;
import reactor.netty.http.client.HttpClientRequest;

/**
 * Reactor Netty's HTTP client (under Spring's {@code WebClient}, or on its own). Subscribing to a request creates
 * its handler: the call starts there, child of the span current then (the caller's). Each request the handler
 * prepares on a connection is the same call and gets its trace headers before it is sent; the call ends at the
 * first response head, or with status 0 when Reactor Netty gives up on it (a refused connection, a response
 * timeout, a connection closed first). A {@code retry()} subscribes again: one call per attempt.
 */
public final class ReactorNettyClientInstrumentation {
  static final String HANDLER = "reactor.netty.http.client.HttpClientConnect$HttpClientHandler";
  static final String OPERATIONS = "reactor.netty.http.client.HttpClientOperations";
  /**
   * The types woven, comma-separated: a constant, so {@link io.monitoring.agent.instrumentation.InstrumentedLibraries}
   * copies it at compile time and premain loads no installer.
   */
  public static final String TYPES = HANDLER + "," + OPERATIONS;

  private ReactorNettyClientInstrumentation() {}

  public static WeavingRules install(WeavingRules rules, Weaving weaving) {
    return rules.type(weaving.types(HANDLER))
        .transform(weaving.advice().advice(isConstructor(), "SubscribedAdvice")
            .advice(named("requestWithBody").and(takesArguments(1)), "PreparedAdvice")
            .advice(named("test").and(takesArguments(Throwable.class)), "GivenUpAdvice"))
        .type(weaving.types(OPERATIONS))
        .transform(weaving.advice().advice(named("onInboundNext").and(takesArguments(2)), "ResponseAdvice")
            .advice(named("onInboundClose").and(takesArguments(0)), "ClosedAdvice")
            .advice(named("onOutboundError").and(takesArguments(1)), "FailedAdvice"));
  }

  public static final class SubscribedAdvice {
    private SubscribedAdvice() {}

    @Advice.OnMethodExit(suppress = Throwable.class)
    public static void exit(@Advice.This Object handler, @Advice.FieldValue("method") HttpMethod method,
        @Advice.FieldValue("toURI") Object uri) {
      HttpClientHooks.start(handler, method.name(), String.valueOf(uri), null, handler);
    }
  }

  public static final class PreparedAdvice {
    private PreparedAdvice() {}

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.This Object handler, @Advice.Argument(0) HttpClientRequest request) {
      HttpClientHooks.start(request.requestHeaders(), request.method().name(), request.resourceUrl(), handler, request);
    }
  }

  /** Reactor Netty asks its handler whether to try again after an error; when it will not, the call failed. */
  public static final class GivenUpAdvice {
    private GivenUpAdvice() {}

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.This Object handler, @Advice.Argument(0) Throwable error, @Advice.Return boolean retry) {
      if (!retry) {
        HttpClientHooks.end(handler, 0, error);
      }
    }
  }

  /**
   * Each part of the response: the head ends the call; while Reactor Netty hands a part on (the response, then its
   * body, to WebClient and the application's operators after it) the caller's context is current, so the work the
   * application chains after a call (a statement, a {@code subscribeOn}, the next call) belongs to its request.
   */
  public static final class ResponseAdvice {
    private ResponseAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static AutoCloseable enter(@Advice.This Object request, @Advice.Argument(1) Object message) {
      return HttpClientHooks.received(request, message instanceof HttpResponse ? ((HttpResponse) message).status().code() : -1);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.Enter AutoCloseable resumed) throws Exception {
      if (resumed != null) {
        resumed.close();
      }
    }
  }

  public static final class ClosedAdvice {
    private ClosedAdvice() {}

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.This Object request) {
      HttpClientHooks.end(request, 0, null);
    }
  }

  /** Sending the request failed: no response. */
  public static final class FailedAdvice {
    private FailedAdvice() {}

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.This Object request, @Advice.Argument(0) Throwable error) {
      HttpClientHooks.end(request, 0, error);
    }
  }
}
