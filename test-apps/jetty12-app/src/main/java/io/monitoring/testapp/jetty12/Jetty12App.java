package io.monitoring.testapp.jetty12;

import java.util.EnumSet;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.Servlet;

import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * Embedded Jetty 12 (ee10) test application. Webapp context path {@code /shop}; all servlets and
 * filters are registered programmatically on a {@link ServletContextHandler}.
 *
 * <p>Usage: {@code java -jar jetty12-app.jar --port N}. Prints {@code READY port=N} once serving.
 */
public final class Jetty12App {

    static final String CONTEXT_PATH = "/shop";

    private Jetty12App() {
    }

    public static void main(String[] args) throws Exception {
        int port = parsePort(args);

        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        server.addConnector(connector);

        ServletContextHandler ctx = new ServletContextHandler(ServletContextHandler.NO_SESSIONS);
        ctx.setContextPath(CONTEXT_PATH);

        // Filters: PassThroughFilter first (REQUEST only, /*), then AnsweringFilter on /filtered.
        addFilter(ctx, "passThrough", new PassThroughFilter(), "/*");
        addFilter(ctx, "answering", new AnsweringFilter(), "/filtered");

        addServlet(ctx, "orders", new OrdersServlet(), "/orders/*");
        addServlet(ctx, "health", new HealthServlet(), "/health");
        addServlet(ctx, "fail", new FailServlet(), "/fail");
        addServlet(ctx, "clientError", new ClientErrorServlet(), "/client-error");
        addServlet(ctx, "forward", new ForwardServlet(), "/forward");
        addServlet(ctx, "async", new AsyncServlet(), "/async").setAsyncSupported(true);
        addServlet(ctx, "slow", new SlowServlet(), "/slow");
        // No servlet on "/": Jetty's ServletHandler adds its Default404Servlet for unmapped paths
        // (ensureDefaultServlet=true), which is also what /filtered maps to.

        server.setHandler(ctx);
        server.setStopAtShutdown(true); // graceful stop from a JVM shutdown hook (SIGTERM)
        server.start();

        System.out.println("READY port=" + connector.getLocalPort());
        System.out.flush();

        server.join();
    }

    private static ServletHolder addServlet(ServletContextHandler ctx, String name, Servlet servlet, String mapping) {
        ServletHolder holder = new ServletHolder(name, servlet);
        ctx.addServlet(holder, mapping);
        return holder;
    }

    private static void addFilter(ServletContextHandler ctx, String name, Filter filter, String urlPattern) {
        FilterHolder holder = new FilterHolder(filter);
        holder.setName(name);
        holder.setAsyncSupported(true); // sits in front of the async servlet
        ctx.addFilter(holder, urlPattern, EnumSet.of(DispatcherType.REQUEST));
    }

    static int parsePort(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--port") && i + 1 < args.length) {
                return Integer.parseInt(args[i + 1]);
            }
            if (a.startsWith("--port=")) {
                return Integer.parseInt(a.substring("--port=".length()));
            }
        }
        throw new IllegalArgumentException("usage: --port N");
    }
}
