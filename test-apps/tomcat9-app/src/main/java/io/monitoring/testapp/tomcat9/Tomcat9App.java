package io.monitoring.testapp.tomcat9;

import javax.servlet.Servlet;

import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.websocket.server.WsSci;

import io.monitoring.testapp.launcher.EmbeddedTomcat;
import io.monitoring.testapp.launcher.LaunchProtocol;
import io.monitoring.testapp.servlets.FailServlet;
import io.monitoring.testapp.servlets.ShopEndpoints;
import io.monitoring.testapp.websocket.WebSocketEndpoints;

/**
 * Embedded Tomcat 9 test application. Webapp context path {@code /shop}; all servlets and
 * filters are registered programmatically (no web.xml, no JSP, no annotation scanning): those of
 * {@link ShopEndpoints} (javax-servlets), and the WebSocket endpoints of {@link WebSocketEndpoints}
 * ({@code /chat/{room}}, {@code /idle}).
 *
 * <p>Usage: {@code java -jar tomcat9-app.jar --port N}. Prints {@code READY port=N} once serving.
 */
public final class Tomcat9App {

    static final String CONTEXT_PATH = "/shop";

    private Tomcat9App() {
    }

    public static void main(String[] args) throws Exception {
        EmbeddedTomcat<Servlet> tomcat =
                EmbeddedTomcat.create("tomcat9-app", LaunchProtocol.port(args), CONTEXT_PATH, Tomcat::addServlet);
        tomcat.context().addServletContainerInitializer(new ShopEndpoints(new FailServlet()), null);
        // Tomcat's JSR 356 server container first, then the WebSocket endpoints deployed on it
        tomcat.context().addServletContainerInitializer(new WsSci(), null);
        tomcat.context().addServletContainerInitializer(new WebSocketEndpoints(), null);
        // also behind /filtered, which has no servlet of its own
        tomcat.addDefaultServletForUnmappedPaths();

        tomcat.serveUntilStopped();
    }
}
