package io.monitoring.agent.websocket;

import io.monitoring.agent.util.PublicMethods;
import java.lang.reflect.Method;
import java.net.URI;

/**
 * The {@code endpoint} label of a server session: the webapp's context path and the endpoint's path template as
 * registered ({@code /shop} and {@code /chat/{room}}: {@code /shop/chat/{room}}), as HTTP routes start with the
 * context path. The template is the endpoint configuration's {@code getPath()} (JSR 356, javax or jakarta); the
 * context path is what of the session's request path precedes as many segments as the template has (a JSR 356
 * path parameter matches one segment). Never the request's own path.
 */
final class EndpointTemplate {
  private static final ClassValue<Method> GET_PATH = new ClassValue<>() {
    @Override
    protected Method computeValue(Class<?> type) {
      return PublicMethods.find(type, "getPath");
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
    URI uri = (URI) invoke(GET_REQUEST_URI.get(session.getClass()), session);
    return contextPath(uri == null ? null : uri.getRawPath(), template) + template;
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

  private static Object invoke(Method method, Object target) {
    try {
      return method.invoke(target);
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new IllegalStateException(target.getClass().getName() + " has no readable " + method, e);
    }
  }
}
