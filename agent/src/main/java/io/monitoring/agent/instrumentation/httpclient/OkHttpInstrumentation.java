package io.monitoring.agent.instrumentation.httpclient;

import static io.monitoring.agent.instrumentation.Matchers.declaresField;
import static io.monitoring.agent.instrumentation.Matchers.isPublic;
import static io.monitoring.agent.instrumentation.Matchers.named;
import static io.monitoring.agent.instrumentation.Matchers.takesArguments;

import io.monitoring.agent.bootstrap.CallDepth;
import io.monitoring.agent.bootstrap.HttpClientHooks;
import io.monitoring.agent.bootstrap.OutgoingCall;
import io.monitoring.agent.instrumentation.Weaving;
import io.monitoring.agent.instrumentation.WeavingRules;
import io.monitoring.agent.instrumentation.Advice;
import okhttp3.Request;
import okhttp3.Response;

/**
 * OkHttp 4: a call ({@code execute} or {@code enqueue}) runs its interceptor chain once, on the calling
 * thread or a dispatcher thread; the chain's first {@code proceed} is timed until the response (after
 * OkHttp's own retries and redirects) and its request replaced by the agent's copy with the trace headers, so
 * the application's {@code Call.request()} stays as it was. {@code enqueue} hands the caller's trace context
 * over to the dispatcher thread.
 */
public final class OkHttpInstrumentation {
  private static final String CALL = "okhttp3.internal.connection.RealCall";
  private static final String CHAIN = "okhttp3.internal.http.RealInterceptorChain";
  /**
   * The types woven, comma-separated: a constant, so {@link io.monitoring.agent.instrumentation.InstrumentedLibraries}
   * copies it at compile time and premain loads no installer.
   */
  public static final String TYPES = CALL + "," + CHAIN;

  private OkHttpInstrumentation() {}

  public static WeavingRules install(WeavingRules rules, Weaving weaving) {
    return rules
        .type(weaving.types(CALL))
        .transform(weaving.advice().advice(isPublic().and(named("enqueue")).and(takesArguments(1)),
            "EnqueueAdvice"))
        .type(weaving.types(CHAIN).and(declaresField(named("index"))).and(declaresField(named("call"))))
        .transform(weaving.advice().advice(isPublic().and(named("proceed")).and(takesArguments(1)),
            "ProceedAdvice"));
  }

  public static final class EnqueueAdvice {
    private EnqueueAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void enter(@Advice.This Object call) {
      HttpClientHooks.handOver(call);
    }
  }

  /** Only the chain's first link (index 0) is the call; later links are OkHttp's and the application's interceptors. */
  public static final class ProceedAdvice {
    private ProceedAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static OutgoingCall enter(@Advice.Argument(value = 0, readOnly = false) Request request,
        @Advice.FieldValue("index") int index, @Advice.FieldValue("call") Object call) {
      OutgoingCall outgoing = index != 0 || CallDepth.enter(CallDepth.HTTP_CLIENT) != 0 ? null
          : HttpClientHooks.start(request, request.method(), request.url().toString(), call, null);
      request = outgoing != null ? (Request) outgoing.request : request;
      return outgoing;
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.Enter OutgoingCall outgoing, @Advice.FieldValue("index") int index,
        @Advice.Return Response response, @Advice.Thrown Throwable error) {
      if (index == 0 && CallDepth.exit(CallDepth.HTTP_CLIENT) == 0 && outgoing != null) {
        HttpClientHooks.end(outgoing, response != null ? response.code() : 0, error);
      }
    }
  }
}
