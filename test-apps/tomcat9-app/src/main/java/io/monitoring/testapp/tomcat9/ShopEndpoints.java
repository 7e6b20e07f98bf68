package io.monitoring.testapp.tomcat9;

import java.util.EnumSet;
import java.util.Set;

import javax.servlet.DispatcherType;
import javax.servlet.Filter;
import javax.servlet.FilterRegistration;
import javax.servlet.ServletContainerInitializer;
import javax.servlet.ServletContext;
import javax.servlet.ServletRegistration;

/**
 * The {@code /shop} webapp in javax.servlet: a copy of jakarta-servlets' {@code ShopEndpoints} (the same filters and
 * servlets, in the same order, registered the same way), since a Tomcat 9 context takes javax.servlet types only.
 */
public final class ShopEndpoints implements ServletContainerInitializer {

    @Override
    public void onStartup(Set<Class<?>> classes, ServletContext context) {
        addFilter(context, "passThrough", new PassThroughFilter(), "/*");
        addFilter(context, "answering", new AnsweringFilter(), "/filtered");

        context.addServlet("orders", new OrdersServlet()).addMapping("/orders/*");
        context.addServlet("health", new HealthServlet()).addMapping("/health");
        context.addServlet("fail", new FailServlet()).addMapping("/fail");
        context.addServlet("clientError", new ClientErrorServlet()).addMapping("/client-error");
        context.addServlet("forward", new ForwardServlet()).addMapping("/forward");
        ServletRegistration.Dynamic async = context.addServlet("async", new AsyncServlet());
        async.addMapping("/async");
        async.setAsyncSupported(true);
        context.addServlet("slow", new SlowServlet()).addMapping("/slow");
    }

    private static void addFilter(ServletContext context, String name, Filter filter, String urlPattern) {
        FilterRegistration.Dynamic registration = context.addFilter(name, filter);
        registration.setAsyncSupported(true);
        registration.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), true, urlPattern);
    }
}
