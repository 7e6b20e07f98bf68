package io.monitoring.agent.instrumentation.servlet;

import io.monitoring.agent.bootstrap.CallDepth;
import io.monitoring.agent.bootstrap.HttpServerHooks;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;

/**
 * jakarta.servlet (5, 6): times each request from its first entry into the container's filter chain
 * (or HttpServlet.service) until the response is complete, counting only the original REQUEST
 * dispatch; FORWARD, INCLUDE, ERROR and ASYNC dispatches belong to the request they serve.
 */
public final class JakartaServletInstrumentation {
  private JakartaServletInstrumentation() {}

  public static AgentBuilder install(AgentBuilder agent, AgentBuilder.Transformer.ForAdvice advice) {
    return agent.type(ServletEntryPoints.types())
        .transform(advice.advice(ServletEntryPoints.methods("jakarta.servlet"), RequestAdvice.class.getName()));
  }

  public static final class RequestAdvice {
    private RequestAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static Object enter(@Advice.Argument(0) ServletRequest request) {
      if (CallDepth.enter(CallDepth.HTTP_SERVER) != 0 || !(request instanceof HttpServletRequest)
          || request.getDispatcherType() != DispatcherType.REQUEST) {
        return null;
      }
      HttpServletRequest http = (HttpServletRequest) request;
      Object op = HttpServerHooks.start(http.getMethod(), http.getRequestURI(), http.getHeader("traceparent"),
          http.getHeader("tracestate"));
      if (op != null && HttpServerHooks.isRecording(op)) {
        HttpServerHooks.describe(op, http.getScheme(), http.getServerName(), http.getServerPort(), http.getProtocol(),
            http.getHeader("User-Agent"), http.getRemoteAddr());
      }
      return op;
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.Enter Object op, @Advice.Argument(0) ServletRequest request,
        @Advice.Argument(1) ServletResponse response, @Advice.Thrown Throwable error) {
      CallDepth.exit(CallDepth.HTTP_SERVER);
      if (op == null) {
        return;
      }
      HttpServletRequest http = (HttpServletRequest) request;
      HttpServerHooks.route(op, http.getContextPath(), http.getServletPath(), http.getPathInfo(),
          http.getAttribute(HttpServerHooks.SPRING_ROUTE_ATTRIBUTE));
      if (error == null && http.isAsyncStarted()) {
        try {
          http.getAsyncContext().addListener((AsyncListener) HttpServerHooks.asyncListener(op, AsyncListener.class, response));
          return;
        } catch (Throwable completedMeanwhile) {
          // fall through: end it now rather than never
        }
      }
      HttpServerHooks.end(op, response instanceof HttpServletResponse ? ((HttpServletResponse) response).getStatus() : 200, error);
    }
  }
}
