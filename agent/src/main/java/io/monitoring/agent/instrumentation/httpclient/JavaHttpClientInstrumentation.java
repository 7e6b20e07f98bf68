package io.monitoring.agent.instrumentation.httpclient;

import static io.monitoring.agent.instrumentation.Matchers.isPublic;
import static io.monitoring.agent.instrumentation.Matchers.named;
import static io.monitoring.agent.instrumentation.Matchers.takesArguments;

import io.monitoring.agent.bootstrap.CallDepth;
import io.monitoring.agent.bootstrap.HttpClientHooks;
import io.monitoring.agent.bootstrap.OutgoingCall;
import io.monitoring.agent.instrumentation.Weaving;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import io.monitoring.agent.instrumentation.WeavingRules;
import io.monitoring.agent.instrumentation.Advice;

/**
 * The JDK's {@code java.net.http.HttpClient} ({@code jdk.internal.net.http.HttpClientImpl}, which the
 * public facade delegates to): {@code send} is timed until it returns, {@code sendAsync} until its
 * response future completes. The request, immutable, is replaced by the agent's copy carrying the trace headers.
 */
public final class JavaHttpClientInstrumentation {
  /**
   * The types woven, comma-separated: a constant, so {@link io.monitoring.agent.instrumentation.InstrumentedLibraries}
   * copies it at compile time and premain loads no installer.
   */
  public static final String TYPES = "jdk.internal.net.http.HttpClientImpl";

  private JavaHttpClientInstrumentation() {}

  public static WeavingRules install(WeavingRules rules, Weaving weaving) {
    return rules.type(weaving.types(TYPES))
        .transform(weaving.advice()
            .advice(isPublic().and(named("send")).and(takesArguments(2)), "StartAdvice",
                "SendEndAdvice")
            .advice(isPublic().and(named("sendAsync")).and(takesArguments(2).or(takesArguments(3))),
                "StartAdvice", "SendAsyncEndAdvice"));
  }

  public static final class StartAdvice {
    private StartAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static OutgoingCall enter(@Advice.Argument(value = 0, readOnly = false) HttpRequest request) {
      OutgoingCall call = CallDepth.enter(CallDepth.HTTP_CLIENT) != 0 ? null : HttpClientHooks.start(request, null, null, null, null);
      request = call != null ? (HttpRequest) call.request : request;
      return call;
    }
  }

  public static final class SendEndAdvice {
    private SendEndAdvice() {}

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.Enter OutgoingCall call, @Advice.Return HttpResponse<?> response,
        @Advice.Thrown Throwable error) {
      CallDepth.exit(CallDepth.HTTP_CLIENT);
      if (call != null) {
        HttpClientHooks.end(call, response != null ? response.statusCode() : 0, error);
      }
    }
  }

  public static final class SendAsyncEndAdvice {
    private SendAsyncEndAdvice() {}

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.Enter OutgoingCall call, @Advice.Return CompletableFuture<?> future,
        @Advice.Thrown Throwable error) {
      CallDepth.exit(CallDepth.HTTP_CLIENT);
      if (call != null) {
        HttpClientHooks.endWhenComplete(call, error != null ? error : future);
      }
    }
  }
}
