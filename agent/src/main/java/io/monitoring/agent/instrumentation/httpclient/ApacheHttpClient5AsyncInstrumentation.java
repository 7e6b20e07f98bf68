package io.monitoring.agent.instrumentation.httpclient;

import static io.monitoring.agent.instrumentation.Matchers.hasSuperType;
import static io.monitoring.agent.instrumentation.Matchers.named;
import static io.monitoring.agent.instrumentation.Matchers.takesArgument;
import static io.monitoring.agent.instrumentation.Matchers.takesArguments;

import io.monitoring.agent.bootstrap.CallDepth;
import io.monitoring.agent.bootstrap.HttpClientHooks;
import io.monitoring.agent.instrumentation.Weaving;
import io.monitoring.agent.instrumentation.WeavingRules;
import io.monitoring.agent.instrumentation.Advice;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.HttpResponse;

/**
 * Apache HttpClient 5 async ({@code CloseableHttpAsyncClient.execute} in every form: callback or future,
 * {@code SimpleHttpRequest} or producers and consumers): all of them end in the internal client's
 * {@code doExecute}, which on the calling thread has the request producer send the request, copies it and
 * hands the copy to {@code executeImmediate} with the exchange's callback. The call starts there (with the
 * caller's trace context, the trace headers set on the copy) and ends when that callback receives the final
 * response head, after the client's own retries and redirects, or fails. Retries run later on the client's
 * threads, outside {@code doExecute}: they are not new calls.
 */
public final class ApacheHttpClient5AsyncInstrumentation {
  private static final String CLIENT = "org.apache.hc.client5.http.impl.async.InternalAbstractHttpAsyncClient";
  // the exchange's callback: an anonymous class of the client (HttpClient 5.2 to 5.6)
  private static final String EXCHANGE_CALLBACK = CLIENT + "$2";
  private static final String CALLBACK_TYPE = "org.apache.hc.client5.http.async.AsyncExecCallback";
  /**
   * The types woven, comma-separated: a constant, so {@link io.monitoring.agent.instrumentation.InstrumentedLibraries}
   * copies it at compile time and premain loads no installer.
   */
  public static final String TYPES = CLIENT + "," + EXCHANGE_CALLBACK;

  private ApacheHttpClient5AsyncInstrumentation() {}

  public static WeavingRules install(WeavingRules rules, Weaving weaving) {
    return rules
        .type(weaving.types(CLIENT))
        .transform(weaving.advice()
            .advice(named("doExecute").and(takesArguments(6)), "ExecuteAdvice")
            .advice(named("executeImmediate").and(takesArguments(5)).and(takesArgument(4, named(CALLBACK_TYPE))),
                "ExchangeAdvice"))
        .type(weaving.types(EXCHANGE_CALLBACK).and(hasSuperType(named(CALLBACK_TYPE))))
        .transform(weaving.advice()
            .advice(named("handleResponse").and(takesArguments(2)), "ResponseAdvice")
            .advice(named("failed").and(takesArguments(1)), "FailureAdvice"));
  }

  /** Of nested HTTP client calls only the outermost is measured: this makes the async call one of them. */
  public static final class ExecuteAdvice {
    private ExecuteAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void enter() {
      CallDepth.enter(CallDepth.HTTP_CLIENT);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit() {
      CallDepth.exit(CallDepth.HTTP_CLIENT);
    }
  }

  /** Directly inside an outermost doExecute (depth 1): the exchange's first execution, on the caller's thread. */
  public static final class ExchangeAdvice {
    private ExchangeAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void enter(@Advice.Argument(0) HttpRequest request, @Advice.Argument(4) Object exchange) {
      if (CallDepth.enter(CallDepth.HTTP_CLIENT) == 1) {
        HttpClientHooks.start(request, request.getMethod(),
            request.getScheme() + "://" + request.getAuthority() + request.getRequestUri(), null, exchange);
      }
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit() {
      CallDepth.exit(CallDepth.HTTP_CLIENT);
    }
  }

  public static final class ResponseAdvice {
    private ResponseAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void enter(@Advice.This Object exchange, @Advice.Argument(0) HttpResponse response) {
      HttpClientHooks.end(exchange, response.getCode(), null);
    }
  }

  public static final class FailureAdvice {
    private FailureAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void enter(@Advice.This Object exchange, @Advice.Argument(0) Exception failure) {
      HttpClientHooks.end(exchange, 0, failure);
    }
  }
}
