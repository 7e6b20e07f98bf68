package io.monitoring.testapp.tomcat9;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import javax.servlet.DispatcherType;
import javax.servlet.Filter;

import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.Wrapper;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.servlets.DefaultServlet;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;

/**
 * Embedded Tomcat 9 test application. Webapp context path {@code /shop}; all servlets and
 * filters are registered programmatically (no web.xml, no JSP, no annotation scanning).
 *
 * <p>Usage: {@code java -jar tomcat9-app.jar --port N}. Prints {@code READY port=N} once serving.
 */
public final class Tomcat9App {

    static final String CONTEXT_PATH = "/shop";

    private Tomcat9App() {
    }

    public static void main(String[] args) throws Exception {
        int port = parsePort(args);

        Path baseDir = Files.createTempDirectory("tomcat9-app-");
        Path docBase = Files.createDirectories(baseDir.resolve("docroot"));

        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(baseDir.toString());
        tomcat.setPort(port);
        Connector connector = tomcat.getConnector(); // creates the default HTTP/1.1 connector
        connector.setProperty("address", "127.0.0.1");

        Context ctx = tomcat.addContext(CONTEXT_PATH, docBase.toString());

        // Filters: PassThroughFilter first (REQUEST only, /*), then AnsweringFilter on /filtered.
        addFilter(ctx, "passThrough", new PassThroughFilter(), "/*", DispatcherType.REQUEST);
        addFilter(ctx, "answering", new AnsweringFilter(), "/filtered", DispatcherType.REQUEST);

        addServlet(ctx, "orders", new OrdersServlet(), "/orders/*");
        addServlet(ctx, "health", new HealthServlet(), "/health");
        addServlet(ctx, "fail", new FailServlet(), "/fail");
        addServlet(ctx, "clientError", new ClientErrorServlet(), "/client-error");
        addServlet(ctx, "forward", new ForwardServlet(), "/forward");
        addServlet(ctx, "async", new AsyncServlet(), "/async").setAsyncSupported(true);
        addServlet(ctx, "slow", new SlowServlet(), "/slow");
        // Unknown paths (and /filtered, which has no servlet of its own) map to the default servlet,
        // which answers 404 for anything not in the (empty) doc base.
        addServlet(ctx, "default", new DefaultServlet(), "/");

        tomcat.start();

        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                tomcat.stop();
                tomcat.destroy();
            } catch (LifecycleException e) {
                System.err.println("tomcat9-app: error during shutdown: " + e);
            }
            deleteRecursively(baseDir);
        }, "tomcat9-app-shutdown"));

        System.out.println("READY port=" + connector.getLocalPort());
        System.out.flush();

        tomcat.getServer().await(); // embedded server has no shutdown port; returns when stopped
    }

    private static Wrapper addServlet(Context ctx, String name, javax.servlet.Servlet servlet, String mapping) {
        Wrapper wrapper = Tomcat.addServlet(ctx, name, servlet);
        ctx.addServletMappingDecoded(mapping, name);
        return wrapper;
    }

    private static void addFilter(Context ctx, String name, Filter filter, String urlPattern, DispatcherType type) {
        FilterDef def = new FilterDef();
        def.setFilterName(name);
        def.setFilter(filter);
        def.setAsyncSupported("true"); // sits in front of the async servlet
        ctx.addFilterDef(def);
        FilterMap map = new FilterMap();
        map.setFilterName(name);
        map.addURLPatternDecoded(urlPattern);
        map.setDispatcher(type.name());
        ctx.addFilterMap(map);
    }

    static int parsePort(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--port") && i + 1 < args.length) {
                return Integer.parseInt(args[i + 1]);
            }
            if (a.startsWith("--port=")) {
                return Integer.parseInt(a.substring("--port=".length()));
            }
        }
        throw new IllegalArgumentException("usage: --port N");
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        } catch (IOException ignored) {
            // best effort
        }
    }
}
