package io.monitoring.agent.instrumentation.httpclient;

import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.monitoring.agent.bootstrap.CallDepth;
import io.monitoring.agent.bootstrap.HttpClientHooks;
import java.net.HttpURLConnection;
import java.net.URL;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;

/**
 * {@code java.net.HttpURLConnection} as the JDK implements it ({@code sun.net.www.protocol.http}; HTTPS
 * connections delegate to a subclass of the same class). A call starts at the first of {@code connect},
 * {@code getOutputStream} and {@code getInputStream} (trace headers are added then, before anything is
 * sent) and ends when {@code getInputStream} returns or throws: the response code, or 0 when there was
 * none. {@code getResponseCode} goes through {@code getInputStream}.
 */
public final class HttpUrlConnectionInstrumentation {
  public static final String[] TYPE_NAMES = {"sun.net.www.protocol.http.HttpURLConnection"};

  private HttpUrlConnectionInstrumentation() {}

  public static AgentBuilder install(AgentBuilder agent, AgentBuilder.Transformer.ForAdvice advice) {
    return agent.type(namedOneOf(TYPE_NAMES))
        .transform(advice
            .advice(isPublic().and(namedOneOf("connect", "getOutputStream")).and(takesArguments(0)),
                ConnectAdvice.class.getName())
            .advice(isPublic().and(namedOneOf("getInputStream")).and(takesArguments(0)),
                ResponseAdvice.class.getName()));
  }

  public static final class ConnectAdvice {
    private ConnectAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static boolean enter(@Advice.This HttpURLConnection connection, @Advice.FieldValue("connected") boolean connected) {
      if (CallDepth.enter(CallDepth.HTTP_CLIENT) != 0) {
        return false;
      }
      if (!connected) {
        URL url = connection.getURL();
        Object op = HttpClientHooks.startConnection(connection, connection.getRequestMethod(), url.getProtocol(),
            url.getHost(), url.getPort(), url.toString());
        String traceparent = HttpClientHooks.traceparent(op);
        if (traceparent != null) {
          connection.setRequestProperty("traceparent", traceparent);
          String tracestate = HttpClientHooks.tracestate(op);
          if (tracestate != null) {
            connection.setRequestProperty("tracestate", tracestate);
          }
        }
      }
      return true;
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.Enter boolean outermost, @Advice.This HttpURLConnection connection,
        @Advice.Thrown Throwable error) {
      CallDepth.exit(CallDepth.HTTP_CLIENT);
      if (outermost && error != null) {
        HttpClientHooks.endConnection(connection, 0, error);
      }
    }
  }

  public static final class ResponseAdvice {
    private ResponseAdvice() {}

    // the same as ConnectAdvice.enter: advice is copied into the JDK's class, so it cannot call the agent's
    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static boolean enter(@Advice.This HttpURLConnection connection, @Advice.FieldValue("connected") boolean connected) {
      if (CallDepth.enter(CallDepth.HTTP_CLIENT) != 0) {
        return false;
      }
      if (!connected) {
        URL url = connection.getURL();
        Object op = HttpClientHooks.startConnection(connection, connection.getRequestMethod(), url.getProtocol(),
            url.getHost(), url.getPort(), url.toString());
        String traceparent = HttpClientHooks.traceparent(op);
        if (traceparent != null) {
          connection.setRequestProperty("traceparent", traceparent);
          String tracestate = HttpClientHooks.tracestate(op);
          if (tracestate != null) {
            connection.setRequestProperty("tracestate", tracestate);
          }
        }
      }
      return true;
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.Enter boolean outermost, @Advice.This HttpURLConnection connection,
        @Advice.FieldValue("responseCode") int status, @Advice.Thrown Throwable error) {
      CallDepth.exit(CallDepth.HTTP_CLIENT);
      if (outermost) {
        // a 4xx/5xx makes getInputStream throw, but a response arrived: it is the status that counts
        HttpClientHooks.endConnection(connection, Math.max(status, 0), status > 0 ? null : error);
      }
    }
  }
}
