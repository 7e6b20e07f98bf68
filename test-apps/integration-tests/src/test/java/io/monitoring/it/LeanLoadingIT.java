package io.monitoring.it;

import static io.monitoring.it.AgentRuns.awaitMetricsEndpoint;
import static io.monitoring.it.AgentRuns.awaitReady;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.monitoring.it.support.AgentApp;
import io.monitoring.it.support.Artifacts;
import io.monitoring.it.support.ChildJvm;
import io.monitoring.it.support.Http;
import io.monitoring.it.support.OtlpReceiver;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Nothing is loaded that the configuration does not need (the JVM's class-loading log of a Tomcat 11 app with the
 * agent, after requests and a scrape): with traces off not one class of the OpenTelemetry SDK nor its context, and the protobuf
 * runtime of the exposition only once a scraper asks for protobuf; of Byte Buddy what weaves advice, never its
 * agent builder (~270 classes the agent's own transformer does without); and spans written and sent by the agent's
 * own exporter (tracing.OtlpSpanExporter), never the OpenTelemetry exporter (~200 classes loaded at the first export)
 * nor the JDK HttpClient, whose selector thread would hold the JVM's exit for 300 ms; and the request's spans made by the agent itself (tracing.AgentSpan), the SDK's
 * tracer provider and spans being for the application's OpenTelemetry API alone; and the JVM metrics written by the
 * agent itself (metrics.JvmMetrics), never the Prometheus client's instrumentation-jvm (~115 classes, and the platform
 * MBean server it started to ask about native memory). Each is checked against its opposite, so a log that lost its
 * lines cannot pass.
 */
class LeanLoadingIT {
    private static final String SDK = ".opentelemetry.sdk.";
    private static final String OTEL_EXPORTER = ".opentelemetry.exporter.";
    private static final String CONTEXT = ".opentelemetry.context.Context ";
    private static final String PROTOBUF_RUNTIME = "com_google_protobuf";
    private static final String SHADED = "io.monitoring.agent.shaded.";
    private static final String ASM = "io.monitoring.agent.shaded.org.objectweb.asm.";
    private static final String JDK_HTTP_CLIENT = "jdk.internal.net.http.";
    private static final String SDK_SPANS = ".opentelemetry.sdk.trace.Sdk"; // SdkTracerProvider, SdkSpan, SdkSpanBuilder

    @Test
    void withTracesOffNotOneClassOfTheSdkIsLoadedWithTracesOnItIs() throws Exception {
        try (OtlpReceiver receiver = OtlpReceiver.start()) {
            assertEquals(List.of(), classesLoaded("traces.exporter=none", SDK, false));
            assertTrue(!classesLoaded("otlp.endpoint=" + receiver.endpoint(), SDK, false).isEmpty(), "the SDK with traces on");
            // nor, with traces off, the context a request would carry its span in
            assertEquals(List.of(), classesLoaded("traces.exporter=none", CONTEXT, false));
            assertTrue(!classesLoaded("otlp.endpoint=" + receiver.endpoint(), CONTEXT, false).isEmpty(), "a context with traces on");
        }
    }

    @Test
    void theProtobufRuntimeIsLoadedByAProtobufScrapeOnly() throws Exception {
        assertEquals(List.of(), classesLoaded("traces.exporter=none", PROTOBUF_RUNTIME, false));
        assertTrue(!classesLoaded("traces.exporter=none", PROTOBUF_RUNTIME, true).isEmpty(), "a protobuf scrape loads it");
    }

    @Test
    void adviceIsWovenWithAsmAlone() throws Exception {
        List<String> shaded = classesLoaded("traces.exporter=none", SHADED, false);
        List<String> asm = shaded.stream().filter(l -> l.contains(ASM)).toList();
        assertTrue(asm.stream().anyMatch(l -> l.contains(ASM + "tree.MethodNode ")), "advice woven: " + asm.size());
        assertTrue(asm.size() <= 150, "ASM classes loaded: " + asm.size());
        assertEquals(List.of(), shaded.stream().filter(l -> l.contains("bytebuddy")).toList());
    }

    @Test
    void theJvmMetricsAreTheAgentsOwn() throws Exception {
        List<String> agents = classesLoaded("traces.exporter=none", "io.monitoring.agent.", false);
        assertTrue(agents.stream().anyMatch(l -> l.contains("io.monitoring.agent.metrics.JvmMetrics ")), "the agent's JVM metrics");
        assertEquals(List.of(), agents.stream().filter(l -> l.contains(".prometheus.metrics.instrumentation.")).toList());
    }

    @Test
    void spansAreTheAgentsOwnAndExportedByItsOwnExporter() throws Exception {
        try (OtlpReceiver receiver = OtlpReceiver.start()) {
            List<String> loaded = classesLoaded("otlp.endpoint=" + receiver.endpoint(), "", false,
                    () -> receiver.awaitSpans(span -> span.kind().equals("SERVER"), 1, Duration.ofSeconds(20)));
            assertTrue(loaded.stream().anyMatch(l -> l.contains(".tracing.AgentSpan ")), "the agent's span");
            assertEquals(List.of(), loaded.stream().filter(l -> l.contains(SDK_SPANS)).toList(),
                    "the SDK's span machinery is for the application's OpenTelemetry API only");
            assertTrue(loaded.stream().anyMatch(l -> l.contains(".tracing.OtlpSpanExporter ")), "the agent's exporter");
            assertEquals(List.of(), loaded.stream().filter(l -> l.contains(OTEL_EXPORTER)).toList());
            assertEquals(List.of(), loaded.stream().filter(l -> l.contains(JDK_HTTP_CLIENT)).toList());
        }
    }

    /** The classes whose name holds {@code fragment}, loaded by the app after a request and a text scrape (and a protobuf one). */
    private static List<String> classesLoaded(String agentArgs, String fragment, boolean protobufScrape) throws Exception {
        return classesLoaded(agentArgs, fragment, protobufScrape, () -> { });
    }

    /** The same, once {@code before} returns. */
    private static List<String> classesLoaded(String agentArgs, String fragment, boolean protobufScrape, Runnable before)
            throws Exception {
        int metricsPort = ChildJvm.freePort();
        try (ChildJvm app = ChildJvm.app("tomcat11-app").env(AgentApp.withoutAgentEnvironment())
                .jvmFlags("-Xlog:class+load=info").agent(Artifacts.agentJar())
                .agentArgs("metrics.host=127.0.0.1,metrics.port=" + metricsPort + "," + agentArgs)
                .args("--port", "0").start()) {
            int port = awaitReady(app);
            awaitMetricsEndpoint(metricsPort);
            Http.get("http://127.0.0.1:" + port + "/shop/health");
            assertEquals(200, Http.get("http://127.0.0.1:" + metricsPort + "/metrics").status());
            if (protobufScrape) {
                HttpResponse<byte[]> scrape = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + metricsPort + "/metrics")).header("Accept",
                        "application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited").build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                assertTrue(scrape.headers().firstValue("Content-Type").orElse("").startsWith("application/vnd.google.protobuf"),
                        scrape.headers().toString());
            }
            before.run();
            return app.stdout().lines().filter(l -> l.contains("[class,load]") && l.contains(fragment)).toList();
        }
    }
}
