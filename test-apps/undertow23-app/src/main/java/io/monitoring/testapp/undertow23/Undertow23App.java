package io.monitoring.testapp.undertow23;

import java.util.Set;

import io.monitoring.testapp.launcher.EmbeddedUndertow;
import io.monitoring.testapp.launcher.LaunchProtocol;
import io.monitoring.testapp.servlets.FailServlet;
import io.monitoring.testapp.servlets.ShopEndpoints;
import io.monitoring.testapp.websocket.ChatEndpoint;
import io.monitoring.testapp.websocket.IdleEndpoint;
import io.monitoring.testapp.websocket.WebSocketEndpoints;
import io.undertow.servlet.Servlets;
import io.undertow.servlet.api.DeploymentInfo;
import io.undertow.servlet.api.ServletContainerInitializerInfo;
import io.undertow.servlet.util.ImmediateInstanceFactory;

/**
 * Embedded Undertow 2.3 (jakarta.servlet 6.0), context path {@code /shop}: the filters and servlets of
 * {@link ShopEndpoints} (jakarta-servlets) in one deployment, where Undertow's default servlet answers unmapped paths
 * and {@code /filtered} (404: it has no resources to serve); and the WebSocket endpoints of {@link WebSocketEndpoints}
 * ({@code /chat/{room}}, {@code /idle}), deployed through Undertow's
 * {@code WebSocketDeploymentInfo} ({@link EmbeddedUndertow#withWebSocketEndpoints}).
 *
 * <p>Usage: {@code java -jar undertow23-app.jar --port N}. Prints {@code READY port=N} once serving.
 */
public final class Undertow23App {

    private Undertow23App() {
    }

    public static void main(String[] args) throws Exception {
        ShopEndpoints endpoints = new ShopEndpoints(new FailServlet());
        DeploymentInfo deployment = Servlets.deployment()
                .setClassLoader(Undertow23App.class.getClassLoader())
                .setContextPath("/shop")
                .setDeploymentName("shop")
                .addServletContainerInitializer(new ServletContainerInitializerInfo(ShopEndpoints.class,
                        new ImmediateInstanceFactory<>(endpoints), Set.of()));
        EmbeddedUndertow.serveUntilStopped(LaunchProtocol.port(args),
                EmbeddedUndertow.withWebSocketEndpoints(deployment, ChatEndpoint.class, IdleEndpoint.class));
    }
}
