package io.monitoring.agent.instrumentation.servlet;

import static io.monitoring.agent.instrumentation.Matchers.isPublic;
import static io.monitoring.agent.instrumentation.Matchers.named;
import static io.monitoring.agent.instrumentation.Matchers.takesArgument;
import static io.monitoring.agent.instrumentation.Matchers.takesArguments;

import io.monitoring.agent.instrumentation.DeclaredMethod;
import io.monitoring.agent.instrumentation.Matcher;

/**
 * Where a request first enters application code, matched by exact type name (no hierarchy walk
 * over every loaded class): the container's filter chain (Tomcat, Jetty 9.4 to 12, Undertow 2), which
 * runs filters and then the servlet, so a request answered by a filter is measured too; and
 * {@code HttpServlet.service} for any other container. Nested entries (a chain link calling the next,
 * the chain's end calling the servlet) are counted once by the call depth.
 */
public final class ServletEntryPoints {
  /** Plain names, readable without loading the weaver (premain filters on them). */
  /**
   * The types woven, comma-separated: a constant, so {@link io.monitoring.agent.instrumentation.InstrumentedLibraries}
   * copies it at compile time and premain loads no installer.
   */
  public static final String TYPES = "javax.servlet.http.HttpServlet,"
      + "jakarta.servlet.http.HttpServlet,"
      // Tomcat 9 (javax) and 10+ (jakarta) share this name
      + "org.apache.catalina.core.ApplicationFilterChain,"
      // Jetty: a link per filter, then the end that calls the servlet. 9.4.33+ and 10 (javax), 11 (jakarta);
      // 9.4 before 9.4.33 cached its chains in a CachedChain, not matched
      + "org.eclipse.jetty.servlet.ServletHandler$Chain,"
      + "org.eclipse.jetty.servlet.ServletHandler$ChainEnd,"
      // Jetty 12's environments: ee8 (javax), ee9 (jakarta 5), ee10 (jakarta 6)
      + "org.eclipse.jetty.ee8.servlet.ServletHandler$Chain,"
      + "org.eclipse.jetty.ee8.servlet.ServletHandler$ChainEnd,"
      + "org.eclipse.jetty.ee9.servlet.ServletHandler$Chain,"
      + "org.eclipse.jetty.ee9.servlet.ServletHandler$ChainEnd,"
      + "org.eclipse.jetty.ee10.servlet.ServletHandler$Chain,"
      + "org.eclipse.jetty.ee10.servlet.ServletHandler$ChainEnd,"
      // Undertow 2: one chain object walks the filters, then hands over to the servlet's handler;
      // javax in 2.2, jakarta in 2.3 (the two advice classes each match their own API's doFilter)
      + "io.undertow.servlet.handlers.FilterHandler$FilterChainImpl";

  /** The request attribute under which Spring MVC exposes the matched route template (a constant: advice inlines it). */
  static final String ROUTE_TEMPLATE = "org.springframework.web.servlet.HandlerMapping.bestMatchingPattern";

  private ServletEntryPoints() {}

  /** {@code service(ServletRequest, ServletResponse)} or {@code doFilter(ServletRequest, ServletResponse)} of one API flavour. */
  static Matcher<DeclaredMethod> methods(String apiPackage) {
    return isPublic().and(named("service").or(named("doFilter"))).and(takesArguments(2))
        .and(takesArgument(0, named(apiPackage + ".ServletRequest")))
        .and(takesArgument(1, named(apiPackage + ".ServletResponse")));
  }
}
