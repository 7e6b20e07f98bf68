package io.monitoring.agent.instrumentation.httpclient;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.monitoring.agent.bootstrap.CallDepth;
import io.monitoring.agent.bootstrap.HttpClientHooks;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import org.apache.hc.client5.http.impl.classic.CloseableHttpResponse;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.net.URIAuthority;

/**
 * Apache HttpClient 5 classic: every {@code execute} overload ends in {@code doExecute} of the internal or
 * minimal client, timed until the response head arrives (a response handler's body reading is the
 * application's). Retries and redirects happen inside it: one call is counted once.
 */
public final class ApacheHttpClient5Instrumentation {
  public static final String[] TYPE_NAMES = {
      "org.apache.hc.client5.http.impl.classic.InternalHttpClient",
      "org.apache.hc.client5.http.impl.classic.MinimalHttpClient"};

  private ApacheHttpClient5Instrumentation() {}

  public static AgentBuilder install(AgentBuilder agent, AgentBuilder.Transformer.ForAdvice advice) {
    return agent.type(namedOneOf(TYPE_NAMES))
        .transform(advice.advice(named("doExecute").and(takesArguments(3))
            .and(takesArgument(1, named("org.apache.hc.core5.http.ClassicHttpRequest"))), ExecuteAdvice.class.getName()));
  }

  public static final class ExecuteAdvice {
    private ExecuteAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static Object enter(@Advice.Argument(0) HttpHost target, @Advice.Argument(1) ClassicHttpRequest request) {
      if (CallDepth.enter(CallDepth.HTTP_CLIENT) != 0) {
        return null;
      }
      String scheme = target != null ? target.getSchemeName() : request.getScheme();
      URIAuthority authority = request.getAuthority();
      String host = target != null ? target.getHostName() : authority != null ? authority.getHostName() : null;
      int port = target != null ? target.getPort() : authority != null ? authority.getPort() : -1;
      String path = request.getRequestUri();
      String url = path != null && path.startsWith("/") && host != null
          ? scheme + "://" + host + (port > 0 ? ":" + port : "") + path : path;
      Object op = HttpClientHooks.start("apache-httpclient", request.getMethod(), scheme, host, port, url);
      String traceparent = HttpClientHooks.traceparent(op);
      if (traceparent != null) {
        request.setHeader("traceparent", traceparent);
        String tracestate = HttpClientHooks.tracestate(op);
        if (tracestate != null) {
          request.setHeader("tracestate", tracestate);
        }
      }
      return op;
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.Enter Object op, @Advice.Return CloseableHttpResponse response,
        @Advice.Thrown Throwable error) {
      CallDepth.exit(CallDepth.HTTP_CLIENT);
      HttpClientHooks.end(op, response != null ? response.getCode() : 0, error);
    }
  }
}
