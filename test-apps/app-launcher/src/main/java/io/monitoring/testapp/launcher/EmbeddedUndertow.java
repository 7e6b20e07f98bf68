package io.monitoring.testapp.launcher;

import java.net.InetSocketAddress;
import java.util.concurrent.CountDownLatch;

import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.server.DefaultByteBufferPool;
import io.undertow.servlet.Servlets;
import io.undertow.servlet.api.DeploymentInfo;
import io.undertow.servlet.api.DeploymentManager;
import io.undertow.websockets.jsr.WebSocketDeploymentInfo;

import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.Xnio;

/**
 * The embedded Undertow of a test app: one servlet deployment under its context path, one HTTP listener on
 * 127.0.0.1, and a JVM shutdown hook that stops both.
 *
 * <p>The same class runs on Undertow 2.2 (javax.servlet) and 2.3 (jakarta.servlet): it names no servlet API type,
 * only Undertow's own, whose methods used here both have alike. The app describes its deployment (context path,
 * servlets or an initializer) in its API's types and hands over the {@link DeploymentInfo}.
 */
public final class EmbeddedUndertow {

    private EmbeddedUndertow() {
    }

    /**
     * {@code deployment} with the JSR 356 server endpoints {@code endpoints} (annotated classes), deployed through
     * Undertow's {@link WebSocketDeploymentInfo} (undertow-websockets-jsr, 2.2 or 2.3, on the app's class path).
     */
    public static DeploymentInfo withWebSocketEndpoints(DeploymentInfo deployment, Class<?>... endpoints)
            throws Exception {
        WebSocketDeploymentInfo webSockets = new WebSocketDeploymentInfo()
                .setWorker(Xnio.getInstance().createWorker(OptionMap.create(Options.THREAD_DAEMON, true)))
                .setBuffers(new DefaultByteBufferPool(false, 1024));
        for (Class<?> endpoint : endpoints) {
            webSockets.addEndpoint(endpoint);
        }
        return deployment.addServletContextAttribute(WebSocketDeploymentInfo.ATTRIBUTE_NAME, webSockets);
    }

    /**
     * Deploys {@code deployment}, serves it on {@code port} (0: any free port), announces {@code READY port=N} and
     * returns only once the shutdown hook has stopped Undertow.
     */
    public static void serveUntilStopped(int port, DeploymentInfo deployment) throws Exception {
        DeploymentManager manager = Servlets.defaultContainer().addDeployment(deployment);
        manager.deploy();
        Undertow server = Undertow.builder()
                .addHttpListener(port, "127.0.0.1")
                .setHandler(Handlers.path().addPrefixPath(deployment.getContextPath(), manager.start()))
                .build();
        server.start();

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stop();
            try {
                manager.stop();
            } catch (Exception e) {
                System.err.println("undertow: error during shutdown: " + e);
            }
            manager.undeploy();
            stopped.countDown();
        }, "undertow-shutdown"));
        LaunchProtocol.announceReady(((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort());

        stopped.await();
    }
}
