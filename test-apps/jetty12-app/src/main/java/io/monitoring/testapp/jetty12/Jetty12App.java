package io.monitoring.testapp.jetty12;

import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer;

import io.monitoring.testapp.launcher.EmbeddedJetty;
import io.monitoring.testapp.launcher.LaunchProtocol;
import io.monitoring.testapp.servlets.ShopEndpoints;
import io.monitoring.testapp.websocket.WebSocketEndpoints;

/**
 * Embedded Jetty 12 (ee10) test application. Webapp context path {@code /shop}; all servlets and
 * filters are registered programmatically on a {@link ServletContextHandler}: those of
 * {@link ShopEndpoints}, with this app's {@link FailServlet} on {@code /fail}, and the WebSocket endpoints of
 * {@link WebSocketEndpoints} ({@code /chat/{room}}, {@code /idle}).
 *
 * <p>Usage: {@code java -jar jetty12-app.jar --port N}. Prints {@code READY port=N} once serving.
 */
public final class Jetty12App {

    static final String CONTEXT_PATH = "/shop";

    private Jetty12App() {
    }

    public static void main(String[] args) throws Exception {
        ServletContextHandler ctx = new ServletContextHandler(ServletContextHandler.NO_SESSIONS);
        ctx.setContextPath(CONTEXT_PATH);
        ctx.addServletContainerInitializer(new ShopEndpoints(new FailServlet()));
        JakartaWebSocketServletContainerInitializer.configure(ctx, (context, container) -> WebSocketEndpoints.deploy(container));
        // No servlet on "/": Jetty's ServletHandler adds its Default404Servlet for unmapped paths
        // (ensureDefaultServlet=true), which is also what /filtered maps to.

        EmbeddedJetty.serveUntilStopped(LaunchProtocol.port(args), ctx);
    }
}
