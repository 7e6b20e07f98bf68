package io.monitoring.agent.instrumentation.httpclient;

import static net.bytebuddy.matcher.ElementMatchers.declaresField;
import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.monitoring.agent.bootstrap.CallDepth;
import io.monitoring.agent.bootstrap.HttpClientHooks;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import okhttp3.HttpUrl;
import okhttp3.Request;
import okhttp3.Response;

/**
 * OkHttp 4: a call ({@code execute} or {@code enqueue}) runs its interceptor chain once, on the calling
 * thread or a dispatcher thread; the chain's first {@code proceed} is timed until the response (after
 * OkHttp's own retries and redirects) and its request replaced by a copy with the trace headers, so the
 * application's {@code Call.request()} stays as it was. {@code enqueue} remembers the caller's trace
 * context for the dispatcher thread.
 */
public final class OkHttpInstrumentation {
  public static final String[] TYPE_NAMES = {
      "okhttp3.internal.connection.RealCall",
      "okhttp3.internal.http.RealInterceptorChain"};

  private OkHttpInstrumentation() {}

  public static AgentBuilder install(AgentBuilder agent, AgentBuilder.Transformer.ForAdvice advice) {
    return agent
        .type(named(TYPE_NAMES[0]))
        .transform(advice.advice(isPublic().and(named("enqueue")).and(takesArguments(1)), EnqueueAdvice.class.getName()))
        .type(named(TYPE_NAMES[1]).and(declaresField(named("index"))).and(declaresField(named("call"))))
        .transform(advice.advice(isPublic().and(named("proceed")).and(takesArguments(1)), ProceedAdvice.class.getName()));
  }

  public static final class EnqueueAdvice {
    private EnqueueAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void enter(@Advice.This Object call) {
      HttpClientHooks.captureContext(call);
    }
  }

  public static final class ProceedAdvice {
    private ProceedAdvice() {}

    /** Returns null for a later link of the chain, FALSE for a call not measured, else the operation. */
    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static Object enter(@Advice.Argument(value = 0, readOnly = false) Request request,
        @Advice.FieldValue("index") int index, @Advice.FieldValue("call") Object call) {
      if (index != 0) {
        return null;
      }
      if (CallDepth.enter(CallDepth.HTTP_CLIENT) != 0) {
        return Boolean.FALSE;
      }
      HttpUrl url = request.url();
      Object op = HttpClientHooks.startCall(call, "okhttp", request.method(), url.scheme(), url.host(), url.port(),
          url.toString());
      String traceparent = HttpClientHooks.traceparent(op);
      if (traceparent != null && request.header("traceparent") == null) {
        Request.Builder withHeaders = request.newBuilder().header("traceparent", traceparent);
        String tracestate = HttpClientHooks.tracestate(op);
        if (tracestate != null) {
          withHeaders.header("tracestate", tracestate);
        }
        request = withHeaders.build();
      }
      return op != null ? op : Boolean.FALSE;
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.Enter Object op, @Advice.Return Response response, @Advice.Thrown Throwable error) {
      if (op == null) {
        return;
      }
      CallDepth.exit(CallDepth.HTTP_CLIENT);
      if (op != Boolean.FALSE) {
        HttpClientHooks.end(op, response != null ? response.code() : 0, error);
      }
    }
  }
}
