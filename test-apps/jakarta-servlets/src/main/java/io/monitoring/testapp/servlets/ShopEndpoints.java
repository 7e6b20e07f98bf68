package io.monitoring.testapp.servlets;

import java.util.EnumSet;
import java.util.Set;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.Servlet;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.ServletRegistration;

/**
 * The {@code /shop} webapp every servlet-container test app serves, registered through the Servlet API as the
 * container starts the context, so that all containers serve the same filters and servlets in the same order
 * (javax-servlets compiles this same source against javax.servlet for the javax containers):
 * <ul>
 *   <li>filters, REQUEST dispatch only: {@link PassThroughFilter} on {@code /*}, then {@link AnsweringFilter} on
 *       {@code /filtered}; both async-supported, as they sit in front of the async servlet</li>
 *   <li>servlets: {@link OrdersServlet} {@code /orders/*}, {@link HealthServlet} {@code /health}, the app's fail
 *       servlet {@code /fail}, {@link ClientErrorServlet} {@code /client-error}, {@link ForwardServlet}
 *       {@code /forward}, {@link AsyncServlet} {@code /async} (async-supported), {@link SlowServlet} {@code /slow}</li>
 * </ul>
 * Unmapped paths, and {@code /filtered}, which has no servlet of its own, are left to the container: 404.
 *
 * <p>A container initializer, or a context listener where the container takes no initializer instance (Jetty 9.4).
 */
public final class ShopEndpoints implements ServletContainerInitializer, ServletContextListener {

    private final Servlet failServlet;

    /**
     * @param failServlet throws on every request: {@link FailServlet}, or the app's own class, so that the stack
     *                    trace its container logs names the app
     */
    public ShopEndpoints(Servlet failServlet) {
        this.failServlet = failServlet;
    }

    @Override
    public void onStartup(Set<Class<?>> classes, ServletContext context) {
        addFilter(context, "passThrough", new PassThroughFilter(), "/*");
        addFilter(context, "answering", new AnsweringFilter(), "/filtered");

        context.addServlet("orders", new OrdersServlet()).addMapping("/orders/*");
        context.addServlet("health", new HealthServlet()).addMapping("/health");
        context.addServlet("fail", failServlet).addMapping("/fail");
        context.addServlet("clientError", new ClientErrorServlet()).addMapping("/client-error");
        context.addServlet("forward", new ForwardServlet()).addMapping("/forward");
        ServletRegistration.Dynamic async = context.addServlet("async", new AsyncServlet());
        async.addMapping("/async");
        async.setAsyncSupported(true);
        context.addServlet("slow", new SlowServlet()).addMapping("/slow");
    }

    @Override
    public void contextInitialized(ServletContextEvent event) {
        onStartup(Set.of(), event.getServletContext());
    }

    private static void addFilter(ServletContext context, String name, Filter filter, String urlPattern) {
        FilterRegistration.Dynamic registration = context.addFilter(name, filter);
        registration.setAsyncSupported(true);
        registration.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), true, urlPattern);
    }
}
