package io.monitoring.testapp.isolation;

import static net.bytebuddy.matcher.ElementMatchers.named;

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

import io.monitoring.testapp.launcher.EmbeddedTomcat;
import io.monitoring.testapp.launcher.LaunchProtocol;
import jakarta.servlet.Servlet;

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

    private static final String USAGE = "usage: --port N --app-metrics-port M";

    private IsolationApp() {
    }

    public static void main(String[] args) throws Exception {
        int port = LaunchProtocol.intArg(args, "--port", USAGE + " (missing --port)");
        int metricsPort = LaunchProtocol.intArg(args, "--app-metrics-port", USAGE + " (missing --app-metrics-port)");

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

        EmbeddedTomcat<Servlet> tomcat = EmbeddedTomcat.create("isolation-app", port, "", Tomcat::addServlet);
        tomcat.addServlet("hello", new HelloServlet(helloCounter, spanExporter, generated), "/hello");
        tomcat.onShutdown(metricsServer::close);
        tomcat.onShutdown(openTelemetry::close);

        tomcat.serveUntilStopped();
    }
}
