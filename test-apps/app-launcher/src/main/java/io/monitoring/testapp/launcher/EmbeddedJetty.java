package io.monitoring.testapp.launcher;

import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The embedded Jetty of a test app: one HTTP/1.1 connector on 127.0.0.1 in front of the app's context handler,
 * stopped gracefully by a JVM shutdown hook.
 *
 * <p>The same class runs on Jetty 9.4, 10, 11 and 12: it names no servlet API type and only {@code Server},
 * {@code ServerConnector} and {@code Handler}, whose methods used here all Jetty versions have alike. The app builds
 * its {@code ServletContextHandler} (javax or jakarta, Jetty 12's ee8, ee9 or ee10) and hands it over as a
 * {@code Handler}: on Jetty 12 ee8 and ee9 that is the context's {@code get()}.
 */
public final class EmbeddedJetty {

    private EmbeddedJetty() {
    }

    /**
     * Starts Jetty on {@code port} (0: any free port), announces {@code READY port=N} and returns only once Jetty
     * has stopped.
     */
    public static void serveUntilStopped(int port, Handler context) throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        server.addConnector(connector);
        server.setHandler(context);
        server.setStopAtShutdown(true); // graceful stop from a JVM shutdown hook (SIGTERM)
        server.start();

        LaunchProtocol.announceReady(connector.getLocalPort());

        server.join();
    }
}
