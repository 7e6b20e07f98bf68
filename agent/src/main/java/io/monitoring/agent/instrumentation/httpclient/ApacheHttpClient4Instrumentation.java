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
import org.apache.http.HttpHost;
import org.apache.http.HttpRequest;
import org.apache.http.client.methods.CloseableHttpResponse;

/**
 * Apache HttpClient 4.5: every {@code execute} overload ends in {@code doExecute} of the internal or
 * minimal client, timed until the response head arrives. Retries and redirects happen inside it.
 */
public final class ApacheHttpClient4Instrumentation {
  /**
   * The types woven, comma-separated: a constant, so {@link io.monitoring.agent.instrumentation.InstrumentedLibraries}
   * copies it at compile time and premain loads no installer.
   */
  public static final String TYPES = "org.apache.http.impl.client.InternalHttpClient,org.apache.http.impl.client.MinimalHttpClient";

  private ApacheHttpClient4Instrumentation() {}

  public static WeavingRules install(WeavingRules rules, Weaving weaving) {
    return rules.type(weaving.types(TYPES))
        .transform(weaving.advice().advice(named("doExecute").and(takesArguments(3))
            .and(takesArgument(1, named("org.apache.http.HttpRequest"))), "ExecuteAdvice"));
  }

  public static final class ExecuteAdvice {
    private ExecuteAdvice() {}

    /** A request line with a path goes to the target; one with an absolute URI names its own. */
    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static OutgoingCall enter(@Advice.Argument(0) HttpHost target, @Advice.Argument(1) HttpRequest request) {
      String uri = request.getRequestLine().getUri();
      return CallDepth.enter(CallDepth.HTTP_CLIENT) != 0 ? null : HttpClientHooks.start(request,
          request.getRequestLine().getMethod(), uri.startsWith("/") && target != null ? target.toURI() + uri : uri, null, null);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.Enter OutgoingCall call, @Advice.Return CloseableHttpResponse response,
        @Advice.Thrown Throwable error) {
      CallDepth.exit(CallDepth.HTTP_CLIENT);
      if (call != null) {
        HttpClientHooks.end(call, response != null ? response.getStatusLine().getStatusCode() : 0, error);
      }
    }
  }
}
