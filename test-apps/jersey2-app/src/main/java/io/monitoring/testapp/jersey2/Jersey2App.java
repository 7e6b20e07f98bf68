package io.monitoring.testapp.jersey2;

import javax.servlet.Servlet;

import org.apache.catalina.startup.Tomcat;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.servlet.ServletContainer;

import io.monitoring.testapp.jaxrs.ShopApplication;
import io.monitoring.testapp.launcher.EmbeddedTomcat;
import io.monitoring.testapp.launcher.LaunchProtocol;

/**
 * Jersey 2 on embedded Tomcat 9: the {@link ShopApplication} resources (jaxrs-resources, built for javax.ws.rs)
 * behind Jersey's servlet on {@code /api/*} of the webapp {@code /shop}; any other path is left to the default
 * servlet (404).
 *
 * <p>Usage: {@code java -jar jersey2-app.jar --port N}. Prints {@code READY port=N} once serving.
 */
public final class Jersey2App {

    private Jersey2App() {
    }

    public static void main(String[] args) throws Exception {
        EmbeddedTomcat<Servlet> tomcat =
                EmbeddedTomcat.create("jersey2-app", LaunchProtocol.port(args), "/shop", Tomcat::addServlet);
        tomcat.addServlet("jersey", new ServletContainer(ResourceConfig.forApplication(new ShopApplication())), "/api/*");
        tomcat.addDefaultServletForUnmappedPaths();
        tomcat.serveUntilStopped();
    }
}
