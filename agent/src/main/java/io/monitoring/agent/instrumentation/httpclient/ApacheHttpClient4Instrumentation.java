package io.monitoring.agent.instrumentation.httpclient;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.monitoring.agent.bootstrap.CallDepth;
import io.monitoring.agent.bootstrap.HttpClientHooks;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import org.apache.http.HttpHost;
import org.apache.http.HttpRequest;
import org.apache.http.client.methods.CloseableHttpResponse;

/**
 * Apache HttpClient 4.5: every {@code execute} overload ends in {@code doExecute} of the internal or
 * minimal client, timed until the response head arrives. Retries and redirects happen inside it.
 */
public final class ApacheHttpClient4Instrumentation {
  public static final String[] TYPE_NAMES = {
      "org.apache.http.impl.client.InternalHttpClient",
      "org.apache.http.impl.client.MinimalHttpClient"};

  private ApacheHttpClient4Instrumentation() {}

  public static AgentBuilder install(AgentBuilder agent, AgentBuilder.Transformer.ForAdvice advice) {
    return agent.type(namedOneOf(TYPE_NAMES))
        .transform(advice.advice(named("doExecute").and(takesArguments(3))
            .and(takesArgument(1, named("org.apache.http.HttpRequest"))), ExecuteAdvice.class.getName()));
  }

  public static final class ExecuteAdvice {
    private ExecuteAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static Object enter(@Advice.Argument(0) HttpHost target, @Advice.Argument(1) HttpRequest request) {
      if (CallDepth.enter(CallDepth.HTTP_CLIENT) != 0) {
        return null;
      }
      String uri = request.getRequestLine().getUri();
      String scheme = target != null ? target.getSchemeName() : null;
      String host = target != null ? target.getHostName() : null;
      int port = target != null ? target.getPort() : -1;
      String url = uri != null && uri.startsWith("/") && target != null ? target.toURI() + uri : uri;
      Object op = HttpClientHooks.start("apache-httpclient", request.getRequestLine().getMethod(), scheme, host, port, url);
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
      HttpClientHooks.end(op, response != null ? response.getStatusLine().getStatusCode() : 0, error);
    }
  }
}
