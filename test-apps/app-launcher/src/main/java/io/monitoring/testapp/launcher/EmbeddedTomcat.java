package io.monitoring.testapp.launcher;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.Wrapper;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.servlets.DefaultServlet;
import org.apache.catalina.startup.Tomcat;

/**
 * The embedded Tomcat of a test app: one context, the default HTTP/1.1 connector on 127.0.0.1, and a temporary base
 * directory with an empty doc base. The app registers its servlets, then {@link #serveUntilStopped()} starts Tomcat,
 * announces {@code READY port=N} and blocks; a JVM shutdown hook stops Tomcat, runs the app's own clean-ups and
 * deletes the base directory.
 *
 * <p>The same class runs on Tomcat 9 (javax.servlet) and on Tomcat 10+ (jakarta.servlet): it names no servlet API
 * type, only {@code org.apache.catalina} ones that both have alike. Servlets come in through the app's own
 * {@code Tomcat::addServlet} (a {@link ServletAdder}), which takes the servlet type of the app's API.
 *
 * @param <S> the servlet type of the app's API: {@code javax.servlet.Servlet} or {@code jakarta.servlet.Servlet}
 */
public final class EmbeddedTomcat<S> {

    /** {@code Tomcat::addServlet} of the app's Tomcat. */
    @FunctionalInterface
    public interface ServletAdder<S> {
        Wrapper add(Context context, String name, S servlet);
    }

    private final String appName;
    private final Path baseDir;
    private final Tomcat tomcat;
    private final Connector connector;
    private final Context context;
    private final ServletAdder<S> servletAdder;
    private final List<Runnable> shutdownActions = new ArrayList<>();

    private EmbeddedTomcat(String appName, int port, String contextPath, ServletAdder<S> servletAdder)
            throws IOException {
        this.appName = appName;
        this.servletAdder = servletAdder;
        baseDir = Files.createTempDirectory(appName + "-");
        Path docBase = Files.createDirectories(baseDir.resolve("docroot"));

        tomcat = new Tomcat();
        tomcat.setBaseDir(baseDir.toString());
        tomcat.setPort(port);
        connector = tomcat.getConnector(); // creates the default HTTP/1.1 connector
        connector.setProperty("address", "127.0.0.1");

        context = tomcat.addContext(contextPath, docBase.toString());
    }

    /**
     * @param appName     the temporary base directory's prefix, the shutdown hook's thread name and the prefix of
     *                    its error message
     * @param port        0: any free port; {@code READY} names the one bound
     * @param contextPath {@code ""} for the root context
     */
    public static <S> EmbeddedTomcat<S> create(String appName, int port, String contextPath,
            ServletAdder<S> servletAdder) throws IOException {
        return new EmbeddedTomcat<>(appName, port, contextPath, servletAdder);
    }

    /** The app's context, for anything beyond {@link #addServlet}. */
    public Context context() {
        return context;
    }

    public Wrapper addServlet(String name, S servlet, String mapping) {
        Wrapper wrapper = servletAdder.add(context, name, servlet);
        context.addServletMappingDecoded(mapping, name);
        return wrapper;
    }

    /**
     * Tomcat's DefaultServlet on {@code /}: a path no other servlet maps is looked up in the empty doc base, so it is
     * answered 404.
     */
    @SuppressWarnings("unchecked") // a DefaultServlet is a servlet of the API of the Tomcat on the class path, i.e. an S
    public void addDefaultServletForUnmappedPaths() {
        addServlet("default", (S) new DefaultServlet(), "/");
    }

    /** Run by the shutdown hook after Tomcat has stopped, in the order given. */
    public void onShutdown(Runnable action) {
        shutdownActions.add(action);
    }

    /** Starts Tomcat, announces {@code READY port=N} and returns only once Tomcat has stopped. */
    public void serveUntilStopped() throws LifecycleException {
        tomcat.start();
        Runtime.getRuntime().addShutdownHook(new Thread(this::shutDown, appName + "-shutdown"));
        LaunchProtocol.announceReady(connector.getLocalPort());
        tomcat.getServer().await(); // embedded server has no shutdown port; returns when stopped
    }

    private void shutDown() {
        try {
            tomcat.stop();
            tomcat.destroy();
        } catch (LifecycleException e) {
            System.err.println(appName + ": error during shutdown: " + e);
        }
        shutdownActions.forEach(Runnable::run);
        deleteRecursively(baseDir);
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        } catch (IOException ignored) {
            // best effort
        }
    }
}
