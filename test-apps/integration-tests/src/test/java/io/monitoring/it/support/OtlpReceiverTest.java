package io.monitoring.it.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OtlpReceiverTest {

    private static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";
    private static final String SERVER_SPAN_ID = "b7ad6b7169203331";
    private static final String CLIENT_SPAN_ID = "00f067aa0ba902b7";

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private OtlpReceiver receiver;

    @BeforeEach
    void start() {
        receiver = OtlpReceiver.start();
    }

    @AfterEach
    void stop() {
        receiver.close();
    }

    @Test
    void decodesAnExportRequest() throws Exception {
        HttpResponse<byte[]> response = post(request().toByteArray(), null);

        assertEquals(200, response.statusCode());
        assertEquals(ExportTraceServiceResponse.getDefaultInstance(),
                ExportTraceServiceResponse.parseFrom(response.body()));
        List<OtlpReceiver.ReceivedSpan> spans = receiver.spans();
        assertEquals(2, spans.size());
        assertEquals(1, receiver.exportRequests());

        OtlpReceiver.ReceivedSpan server = spans.get(0);
        assertEquals(TRACE_ID, server.traceId());
        assertEquals(SERVER_SPAN_ID, server.spanId());
        assertEquals("", server.parentSpanId());
        assertTrue(server.isRoot());
        assertEquals("GET /orders/{id}", server.name());
        assertEquals("SERVER", server.kind());
        assertEquals("ERROR", server.statusCode());
        assertEquals(Map.of("http.request.method", "GET", "http.response.status_code", 500L,
                "sampling.ratio", 0.5, "error", true, "tags", List.of("a", 1L)), server.attributes());
        assertEquals(500L, server.attribute("http.response.status_code"));
        assertEquals(Map.of("service.name", "tomcat9-app", "process.pid", 4242L), server.resource());

        OtlpReceiver.ReceivedSpan clientSpan = spans.get(1);
        assertEquals(SERVER_SPAN_ID, clientSpan.parentSpanId());
        assertEquals("CLIENT", clientSpan.kind());
        assertEquals("UNSET", clientSpan.statusCode());
        assertEquals(Map.of(), clientSpan.attributes());
    }

    @Test
    void acceptsGzip() throws Exception {
        ByteArrayOutputStream zipped = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(zipped)) {
            request().writeTo(gzip);
        }

        assertEquals(200, post(zipped.toByteArray(), "gzip").statusCode());
        assertEquals(2, receiver.spans().size());
        assertEquals("GET /orders/{id}", receiver.spans().get(0).name());
    }

    @Test
    void rejectsWhatIsNotProtobufTraces() throws Exception {
        HttpResponse<String> json = client.send(HttpRequest.newBuilder(URI.create(receiver.endpoint() + "/v1/traces"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> metrics = client.send(HttpRequest.newBuilder(URI.create(receiver.endpoint() + "/v1/metrics"))
                .header("Content-Type", "application/x-protobuf")
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[0])).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<byte[]> garbage = post(new byte[] {(byte) 0xff, 0x01, 0x02}, null);
        HttpResponse<byte[]> notGzip = post(request().toByteArray(), "gzip");

        assertEquals(415, json.statusCode());
        assertEquals(404, metrics.statusCode());
        assertEquals(400, garbage.statusCode());
        assertEquals(400, notGzip.statusCode());
        assertEquals(List.of(), receiver.spans());
        assertEquals(0, receiver.exportRequests());
    }

    @Test
    void awaitSpansReturnsAsSoonAsEnoughMatch() {
        CompletableFuture<Void> later = CompletableFuture.runAsync(() -> {
            sleep(200);
            post(request().toByteArray(), null);
        });

        List<OtlpReceiver.ReceivedSpan> servers =
                receiver.awaitSpans(span -> span.kind().equals("SERVER"), 1, Duration.ofSeconds(10));

        assertEquals(1, servers.size());
        assertEquals(SERVER_SPAN_ID, servers.get(0).spanId());
        later.join();
    }

    @Test
    void awaitSpansFailsListingWhatArrived() {
        post(request().toByteArray(), null);

        AssertionError e = assertThrows(AssertionError.class,
                () -> receiver.awaitSpans(span -> span.kind().equals("SERVER"), 2, Duration.ofMillis(200)));

        assertTrue(e.getMessage().contains("1 matched; received 2 span(s) in 1 request(s)"), e.getMessage());
        assertTrue(e.getMessage().contains("GET /orders/{id}"), e.getMessage());
        assertTrue(e.getMessage().contains("SELECT orders"), e.getMessage());
    }

    @Test
    void clearForgetsSpans() {
        post(request().toByteArray(), null);
        receiver.clear();

        assertEquals(List.of(), receiver.spans());
        assertEquals(0, receiver.exportRequests());
        assertTrue(receiver.endpoint().matches("http://127\\.0\\.0\\.1:\\d+"), receiver.endpoint());
    }

    private HttpResponse<byte[]> post(byte[] body, String encoding) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(receiver.endpoint() + "/v1/traces"))
                .header("Content-Type", "application/x-protobuf")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (encoding != null) {
            request.header("Content-Encoding", encoding);
        }
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private static ExportTraceServiceRequest request() {
        Span server = Span.newBuilder()
                .setTraceId(bytes(TRACE_ID))
                .setSpanId(bytes(SERVER_SPAN_ID))
                .setName("GET /orders/{id}")
                .setKind(Span.SpanKind.SPAN_KIND_SERVER)
                .setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR))
                .addAttributes(attribute("http.request.method", AnyValue.newBuilder().setStringValue("GET")))
                .addAttributes(attribute("http.response.status_code", AnyValue.newBuilder().setIntValue(500)))
                .addAttributes(attribute("sampling.ratio", AnyValue.newBuilder().setDoubleValue(0.5)))
                .addAttributes(attribute("error", AnyValue.newBuilder().setBoolValue(true)))
                .addAttributes(attribute("tags", AnyValue.newBuilder().setArrayValue(ArrayValue.newBuilder()
                        .addValues(AnyValue.newBuilder().setStringValue("a"))
                        .addValues(AnyValue.newBuilder().setIntValue(1)))))
                .build();
        Span clientSpan = Span.newBuilder()
                .setTraceId(bytes(TRACE_ID))
                .setSpanId(bytes(CLIENT_SPAN_ID))
                .setParentSpanId(bytes(SERVER_SPAN_ID))
                .setName("SELECT orders")
                .setKind(Span.SpanKind.SPAN_KIND_CLIENT)
                .build();
        return ExportTraceServiceRequest.newBuilder()
                .addResourceSpans(ResourceSpans.newBuilder()
                        .setResource(Resource.newBuilder()
                                .addAttributes(attribute("service.name",
                                        AnyValue.newBuilder().setStringValue("tomcat9-app")))
                                .addAttributes(attribute("process.pid", AnyValue.newBuilder().setIntValue(4242))))
                        .addScopeSpans(ScopeSpans.newBuilder()
                                .setScope(InstrumentationScope.newBuilder().setName("io.monitoring.agent"))
                                .addSpans(server)
                                .addSpans(clientSpan)))
                .build();
    }

    private static KeyValue attribute(String key, AnyValue.Builder value) {
        return KeyValue.newBuilder().setKey(key).setValue(value).build();
    }

    private static ByteString bytes(String hex) {
        return ByteString.copyFrom(HexFormat.of().parseHex(hex));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
