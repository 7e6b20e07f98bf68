package io.monitoring.agent.instrumentation.httpclient;

import static io.monitoring.agent.instrumentation.Matchers.isPublic;
import static io.monitoring.agent.instrumentation.Matchers.namedOneOf;
import static io.monitoring.agent.instrumentation.Matchers.takesArguments;

import io.monitoring.agent.bootstrap.CallDepth;
import io.monitoring.agent.bootstrap.HttpClientHooks;
import io.monitoring.agent.instrumentation.Weaving;
import java.net.HttpURLConnection;
import io.monitoring.agent.instrumentation.WeavingRules;
import io.monitoring.agent.instrumentation.Advice;

/**
 * {@code java.net.HttpURLConnection} as the JDK implements it ({@code sun.net.www.protocol.http}; HTTPS
 * connections delegate to a subclass of the same class). A call starts at the first of {@code connect},
 * {@code getOutputStream} and {@code getInputStream} (the agent adds the trace headers then, before anything
 * is sent) and ends when {@code getInputStream} returns or throws, or when either of the others throws: the
 * response code, or 0 when there was none. {@code getResponseCode} goes through {@code getInputStream}.
 */
public final class HttpUrlConnectionInstrumentation {
  /**
   * The types woven, comma-separated: a constant, so {@link io.monitoring.agent.instrumentation.InstrumentedLibraries}
   * copies it at compile time and premain loads no installer.
   */
  public static final String TYPES = "sun.net.www.protocol.http.HttpURLConnection";

  private HttpUrlConnectionInstrumentation() {}

  public static WeavingRules install(WeavingRules rules, Weaving weaving) {
    return rules.type(weaving.types(TYPES))
        .transform(weaving.advice().advice(isPublic().and(namedOneOf("connect", "getOutputStream", "getInputStream"))
            .and(takesArguments(0)), "ConnectionAdvice"));
  }

  public static final class ConnectionAdvice {
    private ConnectionAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void enter(@Advice.This HttpURLConnection connection, @Advice.FieldValue("connected") boolean connected) {
      if (CallDepth.enter(CallDepth.HTTP_CLIENT) == 0 && !connected) {
        HttpClientHooks.start(connection, null, null, null, null);
      }
    }

    /** A 4xx/5xx makes getInputStream throw, but a response arrived: then the status is what counts. */
    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.This HttpURLConnection connection, @Advice.FieldValue("responseCode") int status,
        @Advice.Origin("#m") String method, @Advice.Thrown Throwable error) {
      if (CallDepth.exit(CallDepth.HTTP_CLIENT) == 0 && (error != null || method.equals("getInputStream"))) {
        HttpClientHooks.end(connection, Math.max(status, 0), status > 0 ? null : error);
      }
    }
  }
}
