package io.monitoring.testapp.jetty10;

import org.eclipse.jetty.servlet.ServletContextHandler;

import io.monitoring.testapp.launcher.EmbeddedJetty;
import io.monitoring.testapp.launcher.LaunchProtocol;
import io.monitoring.testapp.servlets.FailServlet;
import io.monitoring.testapp.servlets.ShopEndpoints;

/**
 * Embedded Jetty 10 (javax.servlet), context path {@code /shop}: the filters and servlets of {@link ShopEndpoints}
 * (javax-servlets) in a {@code ServletContextHandler}, where Jetty's Default404Servlet answers unmapped paths and
 * {@code /filtered}.
 *
 * <p>Usage: {@code java -jar jetty10-app.jar --port N}. Prints {@code READY port=N} once serving.
 */
public final class Jetty10App {

    private Jetty10App() {
    }

    public static void main(String[] args) throws Exception {
        ServletContextHandler context = new ServletContextHandler(ServletContextHandler.NO_SESSIONS);
        context.setContextPath("/shop");
        context.addServletContainerInitializer(new ShopEndpoints(new FailServlet()));
        EmbeddedJetty.serveUntilStopped(LaunchProtocol.port(args), context);
    }
}
