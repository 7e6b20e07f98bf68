package io.monitoring.testapp.jersey3;

import jakarta.servlet.Servlet;

import org.apache.catalina.startup.Tomcat;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.servlet.ServletContainer;

import io.monitoring.testapp.jaxrs.ShopApplication;
import io.monitoring.testapp.launcher.EmbeddedTomcat;
import io.monitoring.testapp.launcher.LaunchProtocol;

/**
 * Jersey 3.1 on embedded Tomcat 11: the {@link ShopApplication} resources behind Jersey's servlet on {@code /api/*}
 * of the webapp {@code /shop}; any other path is left to the default servlet (404).
 *
 * <p>Usage: {@code java -jar jersey3-app.jar --port N}. Prints {@code READY port=N} once serving.
 */
public final class Jersey3App {

    private Jersey3App() {
    }

    public static void main(String[] args) throws Exception {
        EmbeddedTomcat<Servlet> tomcat =
                EmbeddedTomcat.create("jersey3-app", LaunchProtocol.port(args), "/shop", Tomcat::addServlet);
        tomcat.addServlet("jersey", new ServletContainer(ResourceConfig.forApplication(new ShopApplication())), "/api/*");
        tomcat.addDefaultServletForUnmappedPaths();
        tomcat.serveUntilStopped();
    }
}
