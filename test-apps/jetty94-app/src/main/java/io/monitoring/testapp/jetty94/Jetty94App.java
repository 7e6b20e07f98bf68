package io.monitoring.testapp.jetty94;

import org.eclipse.jetty.servlet.ServletContextHandler;

import io.monitoring.testapp.launcher.EmbeddedJetty;
import io.monitoring.testapp.launcher.LaunchProtocol;
import io.monitoring.testapp.servlets.FailServlet;
import io.monitoring.testapp.servlets.ShopEndpoints;

/**
 * Embedded Jetty 9.4 (javax.servlet), context path {@code /shop}: the filters and servlets of {@link ShopEndpoints}
 * (javax-servlets) in a {@code ServletContextHandler}, where Jetty's Default404Servlet answers unmapped paths and
 * {@code /filtered}.
 *
 * <p>Usage: {@code java -jar jetty94-app.jar --port N}. Prints {@code READY port=N} once serving.
 */
public final class Jetty94App {

    private Jetty94App() {
    }

    public static void main(String[] args) throws Exception {
        ServletContextHandler context = new ServletContextHandler(ServletContextHandler.NO_SESSIONS);
        context.setContextPath("/shop");
        // Jetty 9.4 takes no initializer instance: the endpoints register themselves as the context starts
        context.addEventListener(new ShopEndpoints(new FailServlet()));
        EmbeddedJetty.serveUntilStopped(LaunchProtocol.port(args), context);
    }
}
