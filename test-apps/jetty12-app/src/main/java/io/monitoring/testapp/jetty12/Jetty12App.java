package io.monitoring.testapp.jetty12;

import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

import io.monitoring.testapp.launcher.LaunchProtocol;
import io.monitoring.testapp.servlets.ShopEndpoints;

/**
 * Embedded Jetty 12 (ee10) test application. Webapp context path {@code /shop}; all servlets and
 * filters are registered programmatically on a {@link ServletContextHandler}: those of
 * {@link ShopEndpoints}, with this app's {@link FailServlet} on {@code /fail}.
 *
 * <p>Usage: {@code java -jar jetty12-app.jar --port N}. Prints {@code READY port=N} once serving.
 */
public final class Jetty12App {

    static final String CONTEXT_PATH = "/shop";

    private Jetty12App() {
    }

    public static void main(String[] args) throws Exception {
        int port = LaunchProtocol.port(args);

        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        server.addConnector(connector);

        ServletContextHandler ctx = new ServletContextHandler(ServletContextHandler.NO_SESSIONS);
        ctx.setContextPath(CONTEXT_PATH);
        ctx.addServletContainerInitializer(new ShopEndpoints(new FailServlet()));
        // No servlet on "/": Jetty's ServletHandler adds its Default404Servlet for unmapped paths
        // (ensureDefaultServlet=true), which is also what /filtered maps to.

        server.setHandler(ctx);
        server.setStopAtShutdown(true); // graceful stop from a JVM shutdown hook (SIGTERM)
        server.start();

        LaunchProtocol.announceReady(connector.getLocalPort());

        server.join();
    }
}
