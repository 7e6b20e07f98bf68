package io.monitoring.it.support;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;

/**
 * An in-process OTLP/HTTP trace receiver: {@code POST /v1/traces} with {@code application/x-protobuf} (optionally
 * gzip-encoded) on 127.0.0.1. Point the agent at {@link #endpoint()}.
 */
public final class OtlpReceiver implements AutoCloseable {

    /**
     * One received span. Ids are lower-case hex; {@code parentSpanId} is "" for a root span. {@code kind} is e.g.
     * SERVER, {@code statusCode} UNSET / OK / ERROR. Attribute values are String, Long, Double or Boolean (arrays
     * become Lists, key-value lists Maps, bytes hex Strings); {@code scopeName} and {@code scopeVersion}: the tracer's
     * instrumentation scope; {@code startEpochNanos}, {@code endEpochNanos}: when it started and ended.
     */
    public record ReceivedSpan(String traceId, String spanId, String parentSpanId, String name, String kind,
                               String statusCode, Map<String, Object> attributes, Map<String, Object> resource,
                               List<Event> events, String scopeName, String scopeVersion,
                               long startEpochNanos, long endEpochNanos) {

        /** The attribute's value, or {@code null}. */
        public Object attribute(String key) {
            return attributes.get(key);
        }

        public boolean isRoot() {
            return parentSpanId.isEmpty();
        }

        public double durationMillis() {
            return (endEpochNanos - startEpochNanos) / 1e6;
        }
    }

    /** One event of a span, with its attributes (values as for span attributes). */
    public record Event(String name, Map<String, Object> attributes) {
    }

    private static final String TRACES_PATH = "/v1/traces";
    private static final HexFormat HEX = HexFormat.of();

    private final HttpServer server;
    private final ExecutorService executor;
    private final Object lock = new Object();
    private final List<ReceivedSpan> spans = new ArrayList<>();
    private final List<String> rejected = new ArrayList<>();
    private int exportRequests;

    private OtlpReceiver(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Starts a receiver on an ephemeral port of 127.0.0.1. */
    public static OtlpReceiver start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
            ExecutorService executor = Executors.newFixedThreadPool(2, runnable -> {
                Thread thread = new Thread(runnable, "otlp-receiver");
                thread.setDaemon(true);
                return thread;
            });
            OtlpReceiver receiver = new OtlpReceiver(server, executor);
            server.createContext("/", receiver::handle);
            server.setExecutor(executor);
            server.start();
            return receiver;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the OTLP receiver", e);
        }
    }

    /** {@code http://127.0.0.1:<port>} (the exporter appends {@code /v1/traces}). */
    public String endpoint() {
        return "http://127.0.0.1:" + port();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** A snapshot of every span received since start or the last {@link #clear()}, in arrival order. */
    public List<ReceivedSpan> spans() {
        synchronized (lock) {
            return List.copyOf(spans);
        }
    }

    /** How many export requests were accepted since start or the last {@link #clear()}. */
    public int exportRequests() {
        synchronized (lock) {
            return exportRequests;
        }
    }

    /**
     * Waits until at least {@code count} received spans match {@code filter} and returns all the matching ones.
     *
     * @throws AssertionError listing every span received when the timeout passes first
     */
    public List<ReceivedSpan> awaitSpans(Predicate<ReceivedSpan> filter, int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (true) {
                List<ReceivedSpan> matching = spans.stream().filter(filter).toList();
                if (matching.size() >= count) {
                    return matching;
                }
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    throw new AssertionError("Expected at least " + count + " matching span(s) within "
                            + timeout.toMillis() + " ms but " + matching.size() + " matched; received "
                            + spans.size() + " span(s) in " + exportRequests + " request(s):"
                            + spans.stream().map(span -> "\n  " + span).collect(Collectors.joining())
                            + (rejected.isEmpty() ? "" : "\nrejected requests:\n  " + String.join("\n  ", rejected)));
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(lock, Math.min(remaining, TimeUnit.MILLISECONDS.toNanos(50)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("Interrupted waiting for spans", e);
                }
            }
        }
    }

    /** Forgets the spans (and counts) received so far. */
    public void clear() {
        synchronized (lock) {
            spans.clear();
            rejected.clear();
            exportRequests = 0;
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getPath();
            String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
            String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
            if (!path.equals(TRACES_PATH)) {
                reply(exchange, 404, method + " " + path + ": only " + TRACES_PATH + " is served");
            } else if (!method.equals("POST")) {
                reply(exchange, 405, method + " " + path + ": only POST");
            } else if (contentType == null || !contentType.startsWith("application/x-protobuf")) {
                reply(exchange, 415, "Content-Type " + contentType + ": only application/x-protobuf");
            } else if (encoding != null && !encoding.equalsIgnoreCase("gzip")
                    && !encoding.equalsIgnoreCase("identity")) {
                reply(exchange, 415, "Content-Encoding " + encoding + ": only gzip or none");
            } else if ("gzip".equalsIgnoreCase(encoding)) {
                byte[] unzipped;
                try {
                    unzipped = gunzip(body);
                } catch (IOException e) {
                    reply(exchange, 400, "Content-Encoding gzip but the body is not gzip: " + e);
                    return;
                }
                accept(exchange, unzipped);
            } else {
                accept(exchange, body);
            }
        } finally {
            exchange.close();
        }
    }

    private void accept(HttpExchange exchange, byte[] body) throws IOException {
        ExportTraceServiceRequest request;
        try {
            request = ExportTraceServiceRequest.parseFrom(body);
        } catch (InvalidProtocolBufferException e) {
            reply(exchange, 400, "Not an ExportTraceServiceRequest: " + e.getMessage());
            return;
        }
        List<ReceivedSpan> received = decode(request);
        synchronized (lock) {
            spans.addAll(received);
            exportRequests++;
            lock.notifyAll();
        }
        byte[] response = ExportTraceServiceResponse.getDefaultInstance().toByteArray();
        exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
        exchange.sendResponseHeaders(200, response.length == 0 ? -1 : response.length);
        if (response.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(response);
            }
        }
    }

    private void reply(HttpExchange exchange, int status, String message) throws IOException {
        synchronized (lock) {
            rejected.add(status + " " + message);
            lock.notifyAll();
        }
        byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static byte[] gunzip(byte[] body) throws IOException {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
            return in.readAllBytes();
        }
    }

    static List<ReceivedSpan> decode(ExportTraceServiceRequest request) {
        List<ReceivedSpan> result = new ArrayList<>();
        for (ResourceSpans resourceSpans : request.getResourceSpansList()) {
            Map<String, Object> resource = attributes(resourceSpans.getResource().getAttributesList());
            for (ScopeSpans scopeSpans : resourceSpans.getScopeSpansList()) {
                for (Span span : scopeSpans.getSpansList()) {
                    result.add(new ReceivedSpan(
                            hex(span.getTraceId()),
                            hex(span.getSpanId()),
                            hex(span.getParentSpanId()),
                            span.getName(),
                            span.getKind().name().replaceFirst("^SPAN_KIND_", ""),
                            span.getStatus().getCode().name().replaceFirst("^STATUS_CODE_", ""),
                            attributes(span.getAttributesList()),
                            resource,
                            span.getEventsList().stream()
                                    .map(e -> new Event(e.getName(), attributes(e.getAttributesList()))).toList(),
                            scopeSpans.getScope().getName(), scopeSpans.getScope().getVersion(),
                            span.getStartTimeUnixNano(), span.getEndTimeUnixNano()));
                }
            }
        }
        return result;
    }

    private static Map<String, Object> attributes(List<KeyValue> keyValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (KeyValue keyValue : keyValues) {
            map.put(keyValue.getKey(), value(keyValue.getValue()));
        }
        return Collections.unmodifiableMap(map);
    }

    private static Object value(AnyValue value) {
        return switch (value.getValueCase()) {
            case STRING_VALUE -> value.getStringValue();
            case BOOL_VALUE -> value.getBoolValue();
            case INT_VALUE -> value.getIntValue();
            case DOUBLE_VALUE -> value.getDoubleValue();
            case ARRAY_VALUE -> value.getArrayValue().getValuesList().stream().map(OtlpReceiver::value).toList();
            case KVLIST_VALUE -> attributes(value.getKvlistValue().getValuesList());
            case BYTES_VALUE -> hex(value.getBytesValue());
            default -> null;
        };
    }

    private static String hex(ByteString bytes) {
        return HEX.formatHex(bytes.toByteArray());
    }
}
