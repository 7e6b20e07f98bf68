package io.monitoring.testapp.isolation;

import static net.bytebuddy.matcher.ElementMatchers.named;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.dynamic.loading.ClassLoadingStrategy;
import net.bytebuddy.implementation.FixedValue;

import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;

/**
 * Embedded Tomcat 11 app (context path "") that bundles its own, different versions of Byte Buddy,
 * the OpenTelemetry SDK and the Prometheus client 1.x, and uses all three on every request to
 * {@code /hello}.
 *
 * <p>Usage: {@code java -jar isolation-app.jar --port N --app-metrics-port M}. The app's own
 * Prometheus HTTPServer serves {@code isolation_hello_total} on {@code http://127.0.0.1:M/metrics}.
 * Prints {@code READY port=N} once serving.
 */
public final class IsolationApp {

    private IsolationApp() {
    }

    public static void main(String[] args) throws Exception {
        int port = intArg(args, "--port");
        int metricsPort = intArg(args, "--app-metrics-port");

        // 1. the app's own OpenTelemetry SDK, registered as GlobalOpenTelemetry
        InMemorySpanExporter spanExporter = InMemorySpanExporter.create();
        OpenTelemetrySdk openTelemetry = OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder()
                        .addSpanProcessor(SimpleSpanProcessor.create(spanExporter))
                        .build())
                .buildAndRegisterGlobal();

        // 2. the app's own Prometheus client 1.x: counter in the default registry + its own HTTPServer
        Counter helloCounter = Counter.builder()
                .name("isolation_hello")
                .help("Requests to /hello served by the isolation app")
                .register(PrometheusRegistry.defaultRegistry);
        HTTPServer metricsServer = HTTPServer.builder()
                .hostname("127.0.0.1")
                .port(metricsPort)
                .registry(PrometheusRegistry.defaultRegistry)
                .buildAndStart();

        // 3. the app's own Byte Buddy: a subclass of Object whose toString() is fixed
        Class<?> generated = new ByteBuddy()
                .subclass(Object.class)
                .method(named("toString"))
                .intercept(FixedValue.value("bytebuddy-ok"))
                .make()
                .load(IsolationApp.class.getClassLoader(), ClassLoadingStrategy.Default.WRAPPER)
                .getLoaded();

        Path baseDir = Files.createTempDirectory("isolation-app-");
        Path docBase = Files.createDirectories(baseDir.resolve("docroot"));

        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(baseDir.toString());
        tomcat.setPort(port);
        Connector connector = tomcat.getConnector();
        connector.setProperty("address", "127.0.0.1");

        Context ctx = tomcat.addContext("", docBase.toString());
        Tomcat.addServlet(ctx, "hello", new HelloServlet(helloCounter, spanExporter, generated));
        ctx.addServletMappingDecoded("/hello", "hello");

        tomcat.start();

        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                tomcat.stop();
                tomcat.destroy();
            } catch (LifecycleException e) {
                System.err.println("isolation-app: error during shutdown: " + e);
            }
            metricsServer.close();
            openTelemetry.close();
            deleteRecursively(baseDir);
        }, "isolation-app-shutdown"));

        System.out.println("READY port=" + connector.getLocalPort());
        System.out.flush();

        tomcat.getServer().await();
    }

    static int intArg(String[] args, String name) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals(name) && i + 1 < args.length) {
                return Integer.parseInt(args[i + 1]);
            }
            if (a.startsWith(name + "=")) {
                return Integer.parseInt(a.substring(name.length() + 1));
            }
        }
        throw new IllegalArgumentException("usage: --port N --app-metrics-port M (missing " + name + ")");
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        } catch (IOException ignored) {
            // best effort
        }
    }
}
