package io.monitoring.testapp.jetty12ee9;

import org.eclipse.jetty.ee9.servlet.ServletContextHandler;
import org.eclipse.jetty.ee9.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer;

import io.monitoring.testapp.launcher.EmbeddedJetty;
import io.monitoring.testapp.launcher.LaunchProtocol;
import io.monitoring.testapp.servlets.FailServlet;
import io.monitoring.testapp.servlets.ShopEndpoints;
import io.monitoring.testapp.websocket.WebSocketEndpoints;

/**
 * Embedded Jetty 12, ee9 environment (jakarta.servlet 5), context path {@code /shop}: the filters and servlets of
 * {@link ShopEndpoints} (jakarta-servlets) in a {@code ServletContextHandler}, where Jetty's Default404Servlet answers
 * unmapped paths and {@code /filtered}; and the WebSocket endpoints of {@link WebSocketEndpoints} ({@code /chat/{room}},
 * {@code /idle}).
 *
 * <p>Usage: {@code java -jar jetty12-ee9-app.jar --port N}. Prints {@code READY port=N} once serving.
 */
public final class Jetty12Ee9App {

    private Jetty12Ee9App() {
    }

    public static void main(String[] args) throws Exception {
        ServletContextHandler context = new ServletContextHandler(ServletContextHandler.NO_SESSIONS);
        context.setContextPath("/shop");
        context.addServletContainerInitializer(new ShopEndpoints(new FailServlet()));
        JakartaWebSocketServletContainerInitializer.configure(context, (servletContext, container) -> WebSocketEndpoints.deploy(container));
        // the environment's context is nested in a core handler, which the server takes
        EmbeddedJetty.serveUntilStopped(LaunchProtocol.port(args), context.get());
    }
}
