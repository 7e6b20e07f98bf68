package io.monitoring.agent.websocket;

import io.monitoring.agent.httpserver.HttpRoute;
import io.monitoring.agent.util.PublicMethods;
import java.lang.reflect.Method;
import java.net.URI;

/**
 * The {@code endpoint} label of a server session: the webapp's context path and the endpoint's path template as
 * registered ({@code /shop} and {@code /chat/{room}}: {@code /shop/chat/{room}}), as HTTP routes start with the
 * context path. The template is the endpoint configuration's {@code getPath()} (JSR 356, javax or jakarta); the
 * context path is what of the session's request path precedes as many segments as the template has (a JSR 356
 * path parameter matches one segment). Never the request's own path. A request a framework upgraded itself is
 * named by its route, as an HTTP request would be.
 */
final class EndpointTemplate {
  private static final String ROUTE_ATTRIBUTE = "org.springframework.web.servlet.HandlerMapping.bestMatchingPattern";

  private static final ClassValue<Method> GET_PATH = new ClassValue<>() {
    @Override
    protected Method computeValue(Class<?> type) {
      return PublicMethods.find(type, "getPath");
    }
  };
  private static final ClassValue<Method> GET_URL = new ClassValue<>() {
    @Override
    protected Method computeValue(Class<?> type) {
      return PublicMethods.find(type, "getUrl");
    }
  };
  private static final ClassValue<Method> GET_CONFIGURATOR = new ClassValue<>() {
    @Override
    protected Method computeValue(Class<?> type) {
      return PublicMethods.find(type, "getConfigurator");
    }
  };
  private static final ClassValue<Method> GET_REQUEST_URI = new ClassValue<>() {
    @Override
    protected Method computeValue(Class<?> type) {
      return PublicMethods.find(type, "getRequestURI");
    }
  };

  private EndpointTemplate() {}

  /** Null for a client session: its configuration has no path. */
  static String of(Object session, Object endpointConfig) {
    Method getPath = GET_PATH.get(endpointConfig.getClass());
    if (getPath == null) {
      return null;
    }
    String template = (String) invoke(getPath, endpointConfig);
    return contextPath(requestPath(session), template) + template;
  }

  /**
   * The configuration's configurator: what stays the same object when a container wraps the configuration a
   * framework upgraded with for each session (Tomcat's per-session configuration delegates to it); Spring's
   * per-request registration is its own configurator. Null when the configuration has none.
   */
  static Object configurator(Object endpointConfig) {
    Method getConfigurator = GET_CONFIGURATOR.get(endpointConfig.getClass());
    return getConfigurator == null ? null : invoke(getConfigurator, endpointConfig);
  }

  /**
   * The route of a servlet request being upgraded: its context path (and prefix servlet mapping) and Spring MVC's
   * best-matching pattern ({@code /ws/echo/{room}}); without one, the servlet mapping with id-like segments of the
   * rest replaced by {@code {id}}.
   */
  static String ofUpgrade(Object request) {
    Class<?> type = request.getClass();
    Object pattern = invoke(PublicMethods.find(type, "getAttribute", String.class), request, ROUTE_ATTRIBUTE);
    return HttpRoute.of((String) invoke(PublicMethods.find(type, "getContextPath"), request),
        (String) invoke(PublicMethods.find(type, "getServletPath"), request),
        (String) invoke(PublicMethods.find(type, "getPathInfo"), request),
        pattern == null ? null : pattern.toString(), 101);
  }

  /** The session's request path: a JSR 356 session's {@code getRequestURI()}, a connection's {@code getUrl()} (Undertow). */
  private static String requestPath(Object session) {
    Method getRequestUri = GET_REQUEST_URI.get(session.getClass());
    if (getRequestUri != null) {
      URI uri = (URI) invoke(getRequestUri, session);
      return uri == null ? null : uri.getRawPath();
    }
    Object url = invoke(GET_URL.get(session.getClass()), session);
    return url == null ? null : URI.create(url.toString()).getRawPath();
  }

  /** {@code path} without as many trailing segments as {@code template} has; empty when it has no more. */
  static String contextPath(String path, String template) {
    if (path == null) {
      return "";
    }
    int end = path.length();
    for (int i = 0; i < template.length(); i++) {
      if (template.charAt(i) == '/') {
        end = path.lastIndexOf('/', end - 1);
        if (end <= 0) {
          return "";
        }
      }
    }
    return path.substring(0, end);
  }

  private static Object invoke(Method method, Object target, Object... arguments) {
    try {
      return method.invoke(target, arguments);
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new IllegalStateException(target.getClass().getName() + " has no readable " + method, e);
    }
  }
}
