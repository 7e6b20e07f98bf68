package io.monitoring.testapp.jetty12ee8;

import org.eclipse.jetty.ee8.servlet.ServletContextHandler;
import org.eclipse.jetty.ee8.websocket.javax.server.config.JavaxWebSocketServletContainerInitializer;

import io.monitoring.testapp.launcher.EmbeddedJetty;
import io.monitoring.testapp.launcher.LaunchProtocol;
import io.monitoring.testapp.servlets.FailServlet;
import io.monitoring.testapp.servlets.ShopEndpoints;
import io.monitoring.testapp.websocket.WebSocketEndpoints;

/**
 * Embedded Jetty 12, ee8 environment (javax.servlet), context path {@code /shop}: the filters and servlets of
 * {@link ShopEndpoints} (javax-servlets) in a {@code ServletContextHandler}, where Jetty's Default404Servlet answers
 * unmapped paths and {@code /filtered}; and the WebSocket endpoints of {@link WebSocketEndpoints} ({@code /chat/{room}},
 * {@code /idle}).
 *
 * <p>Usage: {@code java -jar jetty12-ee8-app.jar --port N}. Prints {@code READY port=N} once serving.
 */
public final class Jetty12Ee8App {

    private Jetty12Ee8App() {
    }

    public static void main(String[] args) throws Exception {
        ServletContextHandler context = new ServletContextHandler(ServletContextHandler.NO_SESSIONS);
        context.setContextPath("/shop");
        context.addServletContainerInitializer(new ShopEndpoints(new FailServlet()));
        JavaxWebSocketServletContainerInitializer.configure(context, (servletContext, container) -> WebSocketEndpoints.deploy(container));
        // the environment's context is nested in a core handler, which the server takes
        EmbeddedJetty.serveUntilStopped(LaunchProtocol.port(args), context.get());
    }
}
