package io.monitoring.agent.instrumentation.servlet;

import static io.monitoring.agent.instrumentation.servlet.ServletEntryPoints.ROUTE_TEMPLATE;

import io.monitoring.agent.bootstrap.CallDepth;
import io.monitoring.agent.bootstrap.HttpServerHooks;
import io.monitoring.agent.instrumentation.Weaving;
import javax.servlet.DispatcherType;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import io.monitoring.agent.instrumentation.WeavingRules;
import io.monitoring.agent.instrumentation.Advice;

/**
 * javax.servlet (3.1, 4.0): times each request from its first entry into the container's filter chain
 * (or HttpServlet.service) until the response is complete, counting only the original REQUEST
 * dispatch; FORWARD, INCLUDE, ERROR and ASYNC dispatches belong to the request they serve. This class and
 * its jakarta twin differ only in the package the servlet API lives in.
 */
public final class JavaxServletInstrumentation {
  private JavaxServletInstrumentation() {}

  public static WeavingRules install(WeavingRules rules, Weaving weaving) {
    return rules.type(weaving.types(ServletEntryPoints.TYPES))
        .transform(weaving.advice().advice(ServletEntryPoints.methods("javax.servlet"), "RequestAdvice"));
  }

  public static final class RequestAdvice {
    private RequestAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static Object enter(@Advice.Argument(0) ServletRequest request) {
      HttpServletRequest http = request instanceof HttpServletRequest ? (HttpServletRequest) request : null;
      return CallDepth.enter(CallDepth.HTTP_SERVER) != 0 || http == null || http.getDispatcherType() != DispatcherType.REQUEST
          ? null : HttpServerHooks.start(http, http.getMethod(), http.getRequestURI(), http.getContextPath(),
              http.getServletPath(), http.getPathInfo(), http.getHeader("traceparent"), http.getHeader("tracestate"));
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.Enter Object op, @Advice.Argument(0) ServletRequest request,
        @Advice.Argument(1) ServletResponse response, @Advice.Thrown Throwable error) {
      if (CallDepth.exit(CallDepth.HTTP_SERVER) == 0 && op != null && error == null && request.isAsyncStarted()) {
        HttpServerHooks.endWhenComplete(op, request.getAttribute(ROUTE_TEMPLATE), request.getAsyncContext());
      } else if (op != null) {
        HttpServerHooks.end(op, request.getAttribute(ROUTE_TEMPLATE), ((HttpServletResponse) response).getStatus(), error);
      }
    }
  }
}
