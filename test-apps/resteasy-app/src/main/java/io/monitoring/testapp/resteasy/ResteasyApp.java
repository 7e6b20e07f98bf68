package io.monitoring.testapp.resteasy;

import jakarta.servlet.Servlet;

import org.apache.catalina.Wrapper;
import org.apache.catalina.startup.Tomcat;
import org.jboss.resteasy.plugins.server.servlet.HttpServletDispatcher;

import io.monitoring.testapp.jaxrs.ShopApplication;
import io.monitoring.testapp.launcher.EmbeddedTomcat;
import io.monitoring.testapp.launcher.LaunchProtocol;

/**
 * RESTEasy 7 on embedded Tomcat 11: the {@link ShopApplication} resources behind RESTEasy's servlet on {@code /api/*}
 * of the webapp {@code /shop} (RESTEasy is told the mapping's prefix); any other path is left to the default servlet
 * (404).
 *
 * <p>Usage: {@code java -jar resteasy-app.jar --port N}. Prints {@code READY port=N} once serving.
 */
public final class ResteasyApp {

    private ResteasyApp() {
    }

    public static void main(String[] args) throws Exception {
        EmbeddedTomcat<Servlet> tomcat =
                EmbeddedTomcat.create("resteasy-app", LaunchProtocol.port(args), "/shop", Tomcat::addServlet);
        Wrapper resteasy = tomcat.addServlet("resteasy", new HttpServletDispatcher(), "/api/*");
        resteasy.addInitParameter("jakarta.ws.rs.Application", ShopApplication.class.getName());
        resteasy.addInitParameter("resteasy.servlet.mapping.prefix", "/api");
        tomcat.addDefaultServletForUnmappedPaths();
        tomcat.serveUntilStopped();
    }
}
