package io.monitoring.agent.instrumentation.httpclient;

import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.monitoring.agent.bootstrap.CallDepth;
import io.monitoring.agent.bootstrap.HttpClientHooks;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;

/**
 * The JDK's {@code java.net.http.HttpClient} ({@code jdk.internal.net.http.HttpClientImpl}, which the
 * public facade delegates to): {@code send} is timed until it returns, {@code sendAsync} until its
 * response future completes. The request, immutable, is replaced by a copy carrying the trace headers.
 */
public final class JavaHttpClientInstrumentation {
  public static final String[] TYPE_NAMES = {"jdk.internal.net.http.HttpClientImpl"};

  private JavaHttpClientInstrumentation() {}

  public static AgentBuilder install(AgentBuilder agent, AgentBuilder.Transformer.ForAdvice advice) {
    return agent.type(namedOneOf(TYPE_NAMES))
        .transform(advice
            .advice(isPublic().and(named("send")).and(takesArguments(2)), SendAdvice.class.getName())
            .advice(isPublic().and(named("sendAsync")).and(takesArguments(2).or(takesArguments(3))),
                SendAsyncAdvice.class.getName()));
  }

  public static final class SendAdvice {
    private SendAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static Object enter(@Advice.Argument(value = 0, readOnly = false) HttpRequest request) {
      if (CallDepth.enter(CallDepth.HTTP_CLIENT) != 0) {
        return null;
      }
      URI uri = request.uri();
      Object op = HttpClientHooks.start("java-http-client", request.method(), uri.getScheme(), uri.getHost(),
          uri.getPort(), uri.toString());
      request = (HttpRequest) HttpClientHooks.withTraceHeaders(op, request);
      return op;
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.Enter Object op, @Advice.Return HttpResponse<?> response,
        @Advice.Thrown Throwable error) {
      CallDepth.exit(CallDepth.HTTP_CLIENT);
      HttpClientHooks.end(op, response != null ? response.statusCode() : 0, error);
    }
  }

  public static final class SendAsyncAdvice {
    private SendAsyncAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static Object enter(@Advice.Argument(value = 0, readOnly = false) HttpRequest request) {
      if (CallDepth.enter(CallDepth.HTTP_CLIENT) != 0) {
        return null;
      }
      URI uri = request.uri();
      Object op = HttpClientHooks.start("java-http-client", request.method(), uri.getScheme(), uri.getHost(),
          uri.getPort(), uri.toString());
      request = (HttpRequest) HttpClientHooks.withTraceHeaders(op, request);
      return op;
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.Enter Object op, @Advice.Return CompletableFuture<?> future,
        @Advice.Thrown Throwable error) {
      CallDepth.exit(CallDepth.HTTP_CLIENT);
      if (error != null || future == null) {
        HttpClientHooks.end(op, 0, error);
      } else {
        HttpClientHooks.endOnCompletion(op, future);
      }
    }
  }
}
