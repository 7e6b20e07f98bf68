package io.monitoring.agent.httpserver;

import io.monitoring.agent.util.PublicMethods;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.List;

/**
 * The route template a JAX-RS runtime matched, read off the runtime's own objects (members found once per class):
 * Jersey's request processing context after its routing stage (every template matched: the resource class's and
 * method's {@code @Path}, each sub-resource locator's), or one RESTEasy resource invoker per matching step (the
 * root resource's method or locator, then one per resource a locator returned), whose full path RESTEasy built at
 * deployment. Parts are joined with one slash between them, and a variable's regular expression is dropped
 * ({@code {id: \d+}} is {@code {id}}): the route names the variable, never its pattern.
 */
final class JaxRsRouting {
  private static final ClassValue<Members> MEMBERS = new ClassValue<Members>() {
    @Override
    protected Members computeValue(Class<?> type) {
      return new Members(type);
    }
  };

  private JaxRsRouting() {}

  /**
   * The template {@code routing} matched, {@link HttpRoute#UNMATCHED} when it matched no resource (routing
   * found no resource method, or threw a not-found), or null when it names none (routing failed otherwise: 405,
   * 406, 415; the route is then the servlet's). Jersey pushes a resource method's templates only once it has chosen
   * the method, so after a 405 it knows at most the locators' part: too little to name the route.
   */
  static String matched(Object routing, Throwable error) {
    if (error != null) {
      return isNotFound(error) ? HttpRoute.UNMATCHED : null;
    }
    if (routing == null) {
      return HttpRoute.UNMATCHED;
    }
    Members members = MEMBERS.get(routing.getClass());
    if (members.routingContext != null) {
      return jerseyTemplate(call(members.routingContext, routing));
    }
    // an invoker without resource metadata (one RESTEasy adds for itself) names no template
    return members.resourceLocator == null ? null : resteasyTemplate(read(members.resourceLocator, routing));
  }

  /** Jersey's templates, last matched first; no endpoint means no resource method matched. */
  private static String jerseyTemplate(Object routingContext) {
    Members members = MEMBERS.get(routingContext.getClass());
    if (call(members.getEndpoint, routingContext) == null) {
      return HttpRoute.UNMATCHED;
    }
    List<?> templates = (List<?>) call(members.getMatchedTemplates, routingContext);
    String route = null;
    for (int i = templates.size() - 1; i >= 0; i--) {
      Object template = templates.get(i);
      route = append(route, (String) call(MEMBERS.get(template.getClass()).getTemplate, template));
    }
    return route == null ? "/" : route;
  }

  /** The full path of one RESTEasy resource method or locator: its class's {@code @Path} and its own. */
  private static String resteasyTemplate(Object resourceLocator) {
    String fullPath = (String) call(MEMBERS.get(resourceLocator.getClass()).getFullpath, resourceLocator);
    return append(null, fullPath);
  }

  /**
   * {@code route} followed by {@code template}: one slash between the two, none at the end, each variable's
   * regular expression dropped. An empty or {@code "/"} template adds nothing; the route of nothing is {@code "/"}.
   */
  static String append(String route, String template) {
    StringBuilder out = new StringBuilder(route == null ? "" : route);
    while (out.length() > 0 && out.charAt(out.length() - 1) == '/') {
      out.setLength(out.length() - 1);
    }
    int length = template == null ? 0 : template.length();
    int i = 0;
    while (i < length) {
      char c = template.charAt(i);
      if (c == '/') {
        i++;
        continue;
      }
      out.append('/');
      // one segment; a variable's pattern may itself hold slashes and braces
      while (i < length && template.charAt(i) != '/') {
        if (template.charAt(i) == '{') {
          i = variable(template, i, out);
        } else {
          out.append(template.charAt(i++));
        }
      }
    }
    return out.length() == 0 ? "/" : out.toString();
  }

  /** Appends {@code {name}} for the variable opening at {@code open}; returns the index after its closing brace. */
  private static int variable(String template, int open, StringBuilder out) {
    int depth = 0;
    int nameEnd = -1;
    int i = open;
    for (; i < template.length(); i++) {
      char c = template.charAt(i);
      if (c == '{') {
        depth++;
      } else if (c == '}' && --depth == 0) {
        break;
      } else if (c == ':' && depth == 1 && nameEnd < 0) {
        nameEnd = i;
      }
    }
    String name = template.substring(open + 1, nameEnd < 0 ? Math.min(i, template.length()) : nameEnd).trim();
    out.append('{').append(name).append('}');
    return i + 1;
  }

  /** A {@code NotFoundException} of either JAX-RS package, or a subclass of one. */
  private static boolean isNotFound(Throwable error) {
    for (Class<?> c = error.getClass(); c != null; c = c.getSuperclass()) {
      String name = c.getName();
      if (name.equals("jakarta.ws.rs.NotFoundException") || name.equals("javax.ws.rs.NotFoundException")) {
        return true;
      }
    }
    return false;
  }

  private static Object call(Method method, Object target) {
    if (method == null) {
      throw new IllegalStateException("no route template in a " + target.getClass().getName());
    }
    try {
      return method.invoke(target);
    } catch (InvocationTargetException e) {
      throw new IllegalStateException(method + " threw", e.getCause());
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Object read(Field field, Object target) {
    try {
      return field.get(target);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
  }

  /** What the agent reads of one class of the runtime's objects; each member null when the class has none. */
  private static final class Members {
    /** Jersey's RequestProcessingContext */
    final Method routingContext;
    /** Jersey's UriRoutingContext */
    final Method getEndpoint;
    final Method getMatchedTemplates;
    /** Jersey's UriTemplate */
    final Method getTemplate;
    /** RESTEasy's ResourceMethodInvoker and ResourceLocatorInvoker: their ResourceMethod or ResourceLocator */
    final Field resourceLocator;
    /** RESTEasy's ResourceMethod or ResourceLocator */
    final Method getFullpath;

    Members(Class<?> type) {
      routingContext = PublicMethods.find(type, "routingContext");
      getEndpoint = PublicMethods.find(type, "getEndpoint");
      getMatchedTemplates = PublicMethods.find(type, "getMatchedTemplates");
      getTemplate = PublicMethods.find(type, "getTemplate");
      resourceLocator = routingContext == null ? resourceLocatorField(type) : null;
      getFullpath = PublicMethods.find(type, "getFullpath");
    }

    /** RESTEasy keeps an invoker's metadata in a protected field it names {@code method} and offers no getter for. */
    private static Field resourceLocatorField(Class<?> type) {
      for (Class<?> c = type; c != null; c = c.getSuperclass()) {
        for (Field field : c.getDeclaredFields()) {
          if (field.getName().equals("method") && PublicMethods.find(field.getType(), "getFullpath") != null) {
            field.setAccessible(true);
            return field;
          }
        }
      }
      return null;
    }
  }
}
