package io.monitoring.agent.instrumentation.httpclient;

import static io.monitoring.agent.instrumentation.Matchers.named;
import static io.monitoring.agent.instrumentation.Matchers.takesArgument;
import static io.monitoring.agent.instrumentation.Matchers.takesArguments;

import io.monitoring.agent.bootstrap.CallDepth;
import io.monitoring.agent.bootstrap.HttpClientHooks;
import io.monitoring.agent.bootstrap.OutgoingCall;
import io.monitoring.agent.instrumentation.Weaving;
import io.monitoring.agent.instrumentation.WeavingRules;
import io.monitoring.agent.instrumentation.Advice;
import org.apache.hc.client5.http.impl.classic.CloseableHttpResponse;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.HttpHost;

/**
 * Apache HttpClient 5 classic: every {@code execute} overload ends in {@code doExecute} of the internal or
 * minimal client, timed until the response head arrives (a response handler's body reading is the
 * application's). Retries and redirects happen inside it: one call is counted once.
 */
public final class ApacheHttpClient5Instrumentation {
  /**
   * The types woven, comma-separated: a constant, so {@link io.monitoring.agent.instrumentation.InstrumentedLibraries}
   * copies it at compile time and premain loads no installer.
   */
  public static final String TYPES = "org.apache.hc.client5.http.impl.classic.InternalHttpClient,org.apache.hc.client5.http.impl.classic.MinimalHttpClient";

  private ApacheHttpClient5Instrumentation() {}

  public static WeavingRules install(WeavingRules rules, Weaving weaving) {
    return rules.type(weaving.types(TYPES))
        .transform(weaving.advice().advice(named("doExecute").and(takesArguments(3))
            .and(takesArgument(1, named("org.apache.hc.core5.http.ClassicHttpRequest"))), "ExecuteAdvice"));
  }

  public static final class ExecuteAdvice {
    private ExecuteAdvice() {}

    /** The target, when given, is where the request goes; otherwise the request names it. */
    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static OutgoingCall enter(@Advice.Argument(0) HttpHost target, @Advice.Argument(1) ClassicHttpRequest request) {
      return CallDepth.enter(CallDepth.HTTP_CLIENT) != 0 ? null : HttpClientHooks.start(request, request.getMethod(),
          (target != null ? target.toURI() : request.getScheme() + "://" + request.getAuthority()) + request.getRequestUri(), null, null);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.Enter OutgoingCall call, @Advice.Return CloseableHttpResponse response,
        @Advice.Thrown Throwable error) {
      CallDepth.exit(CallDepth.HTTP_CLIENT);
      if (call != null) {
        HttpClientHooks.end(call, response != null ? response.getCode() : 0, error);
      }
    }
  }
}
