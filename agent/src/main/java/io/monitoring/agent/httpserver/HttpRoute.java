package io.monitoring.agent.httpserver;

/**
 * The {@code route} label of a request: the framework's template when there is one, else the
 * servlet mapping with id-like segments of the remainder replaced by {@code {id}}; never a raw path
 * with ids in it, never a query string.
 */
public final class HttpRoute {
  static final String UNMATCHED = "unmatched";
  private static final String ID = "{id}";
  private static final String CATCH_ALL = "/**";
  /**
   * A request's route is built here and found among the routes already seen, so that a known route costs no
   * allocation: building it as strings was ~200 of the ~330 B the agent allocated per servlet request with metrics
   * only (async-profiler, ServletBenchmark).
   */
  private static final ThreadLocal<StringBuilder> BUILDER = ThreadLocal.withInitial(() -> new StringBuilder(64));
  private static final KnownRoutes KNOWN = new KnownRoutes();

  private HttpRoute() {}

  public static String of(String contextPath, String servletPath, String pathInfo, String frameworkRoute, int status) {
    // Spring's catch-all resource handler matched: no handler of the application did, whatever the status (an
    // application's @ExceptionHandler(Exception.class) answers such paths 500; each was its own route)
    if (CATCH_ALL.equals(frameworkRoute) || UNMATCHED.equals(frameworkRoute)) {
      return UNMATCHED;
    }
    boolean noHandlerTemplate = frameworkRoute == null;
    // a 404 that only the default servlet saw matched nothing
    if (status == 404 && noHandlerTemplate && pathInfo == null) {
      return UNMATCHED;
    }
    String context = contextPath == null ? "" : contextPath;
    String servlet = servletPath == null ? "" : servletPath;
    if (!noHandlerTemplate && context.isEmpty() && (pathInfo == null || servlet.isEmpty())) {
      return frameworkRoute;
    }
    StringBuilder route = BUILDER.get();
    route.setLength(0);
    route.append(context);
    if (!noHandlerTemplate) {
      if (pathInfo != null) {
        route.append(servlet);
      }
      route.append(frameworkRoute);
    } else {
      appendNormalized(route, servlet);
      if (pathInfo != null) {
        appendNormalized(route, pathInfo);
      }
      if (route.length() == 0) {
        return "/";
      }
    }
    return KNOWN.of(route);
  }

  /** Replaces numeric, UUID and long hex segments by {id}; returns the same string when none. */
  static String normalize(String path) {
    if (path == null || path.isEmpty()) {
      return path;
    }
    StringBuilder out = new StringBuilder(path.length());
    appendNormalized(out, path);
    return out.length() == path.length() && path.contentEquals(out) ? path : out.toString();
  }

  /** {@code path} with its id-like segments replaced by {id}, appended to {@code out}. */
  private static void appendNormalized(StringBuilder out, String path) {
    int segmentStart = 0;
    int length = path.length();
    for (int i = 0; i <= length; i++) {
      if (i == length || path.charAt(i) == '/') {
        if (i > segmentStart && isId(path, segmentStart, i)) {
          out.append(ID);
        } else {
          out.append(path, segmentStart, i);
        }
        if (i < length) {
          out.append('/');
        }
        segmentStart = i + 1;
      }
    }
  }

  static boolean isId(String s, int from, int to) {
    int length = to - from;
    boolean digits = true;
    boolean hex = true;
    int dashes = 0;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c == '-') {
        dashes++;
        digits = false;
        continue;
      }
      if (c < '0' || c > '9') {
        digits = false;
        if (!((c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
          hex = false;
        }
      }
    }
    if (digits) {
      return true;
    }
    if (!hex) {
      return false;
    }
    if (dashes == 0) {
      return length >= 16;
    }
    return length == 36 && dashes == 4 && s.charAt(from + 8) == '-' && s.charAt(from + 13) == '-'
        && s.charAt(from + 18) == '-' && s.charAt(from + 23) == '-';
  }
}
