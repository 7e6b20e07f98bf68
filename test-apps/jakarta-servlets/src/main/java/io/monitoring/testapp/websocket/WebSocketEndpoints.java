package io.monitoring.testapp.websocket;

import java.util.Set;

import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerContainer;

/**
 * Deploys {@link ChatEndpoint} ({@code /chat/{room}}) and {@link IdleEndpoint} ({@code /idle}) in the webapp, on the
 * container's JSR 356 server container; the app registers its container's WebSocket initializer before this one.
 * javax-servlets compiles this same source against javax.websocket.
 */
public final class WebSocketEndpoints implements ServletContainerInitializer {

    @Override
    public void onStartup(Set<Class<?>> classes, ServletContext context) throws ServletException {
        ServerContainer container = (ServerContainer) context.getAttribute(ServerContainer.class.getName());
        if (container == null) {
            throw new ServletException("no WebSocket server container in " + context.getContextPath());
        }
        try {
            deploy(container);
        } catch (DeploymentException e) {
            throw new ServletException(e);
        }
    }

    /** For a container whose WebSocket set-up hands over its server container itself (Jetty's configurator). */
    public static void deploy(ServerContainer container) throws DeploymentException {
        container.addEndpoint(ChatEndpoint.class);
        container.addEndpoint(IdleEndpoint.class);
    }
}
