package io.monitoring.bench.overhead;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPInputStream;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The uninstrumented services every variant of the overhead benchmark shares, in one JVM started once per
 * benchmark (never with an agent), on 127.0.0.1 only:
 * <ul>
 *   <li><b>backend</b>: {@code GET /svc/items/{id}} answers 200 {@code {"id":"…","name":"item"}} at once (what
 *       {@code http-client-app} answers on that path), the target of {@code GET /checkout/{id}}'s outgoing call;</li>
 *   <li><b>OTLP sink</b>: {@code POST /v1/traces}, {@code /v1/metrics}, {@code /v1/logs} answer 200 with an empty
 *       {@code application/x-protobuf} body (an empty Export*ServiceResponse) as soon as the body is read; the
 *       spans in each trace export are counted (gzip bodies are inflated first);</li>
 *   <li>on the sink's port, for the benchmark script: {@code GET /_stats} (counters as JSON) and
 *       {@code GET /_wait?url=U&t0=EPOCH_MS&pid=P&timeout=S}, which polls {@code U} every 10 ms until it answers
 *       200 and returns {@code {"ok":true,"ms":<now - t0>,"cpu_s":<P's user+system CPU seconds then>}} (or
 *       {@code ok:false} with the reason when {@code P} exits or {@code S} seconds pass), so that the start-up of
 *       the application under test is timed by an already warm JVM instead of a polling loop of new processes.</li>
 * </ul>
 * Usage: {@code java -cp overhead-benchmark.jar io.monitoring.bench.overhead.Services [backendPort] [sinkPort]}
 * (0, the default, picks free ports); prints {@code READY backend=B sink=S} once both listen, and runs until
 * killed.
 */
public final class Services {

    private static final byte[] EMPTY = new byte[0];

    private final AtomicLong traceRequests = new AtomicLong();
    private final AtomicLong traceBytes = new AtomicLong();
    private final AtomicLong spans = new AtomicLong();
    private final AtomicLong badTraceBodies = new AtomicLong();
    private final AtomicLong metricRequests = new AtomicLong();
    private final AtomicLong logRequests = new AtomicLong();
    private final AtomicLong backendRequests = new AtomicLong();

    public static void main(String[] args) throws Exception {
        // the JDK's HTTP server writes headers and body separately: without TCP_NODELAY, Nagle's algorithm and
        // the client's delayed ACK hold each kept-alive response up to 40 ms
        System.setProperty("sun.net.httpserver.nodelay", "true");
        int backendPort = args.length > 0 ? Integer.parseInt(args[0]) : 0;
        int sinkPort = args.length > 1 ? Integer.parseInt(args[1]) : 0;
        new Services().start(backendPort, sinkPort);
    }

    private void start(int backendPort, int sinkPort) throws IOException {
        InetAddress loopback = InetAddress.getLoopbackAddress();

        HttpServer backend = HttpServer.create(new InetSocketAddress(loopback, backendPort), 512);
        ExecutorService backendPool = Executors.newFixedThreadPool(8, threads("backend"));
        backend.setExecutor(backendPool);
        backend.createContext("/", this::backend);
        backend.start();

        HttpServer sink = HttpServer.create(new InetSocketAddress(loopback, sinkPort), 128);
        sink.setExecutor(Executors.newCachedThreadPool(threads("sink")));
        sink.createContext("/", this::sink);
        sink.start();

        System.out.println("READY backend=" + backend.getAddress().getPort() + " sink=" + sink.getAddress().getPort());
        System.out.flush();
    }

    private void backend(HttpExchange exchange) throws IOException {
        try (exchange) {
            drain(exchange.getRequestBody());
            String path = exchange.getRequestURI().getRawPath();
            if (!"GET".equals(exchange.getRequestMethod()) || !path.startsWith("/svc/items/")) {
                respond(exchange, 404, "text/plain", "not found\n".getBytes(StandardCharsets.UTF_8));
                return;
            }
            backendRequests.incrementAndGet();
            String id = path.substring("/svc/items/".length());
            respond(exchange, 200, "application/json",
                    ("{\"id\":\"" + id + "\",\"name\":\"item\"}").getBytes(StandardCharsets.UTF_8));
        }
    }

    private void sink(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            byte[] body = readAll(exchange.getRequestBody());
            switch (path) {
                case "/v1/traces" -> {
                    traceRequests.incrementAndGet();
                    traceBytes.addAndGet(body.length);
                    String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
                    try {
                        byte[] plain = encoding != null && encoding.toLowerCase(Locale.ROOT).contains("gzip")
                                ? readAll(new GZIPInputStream(new java.io.ByteArrayInputStream(body))) : body;
                        spans.addAndGet(OtlpSpans.count(plain));
                    } catch (IOException | RuntimeException e) {
                        badTraceBodies.incrementAndGet();
                    }
                    respond(exchange, 200, "application/x-protobuf", EMPTY);
                }
                case "/v1/metrics" -> {
                    metricRequests.incrementAndGet();
                    respond(exchange, 200, "application/x-protobuf", EMPTY);
                }
                case "/v1/logs" -> {
                    logRequests.incrementAndGet();
                    respond(exchange, 200, "application/x-protobuf", EMPTY);
                }
                case "/_stats" -> respond(exchange, 200, "application/json", stats().getBytes(StandardCharsets.UTF_8));
                case "/_wait" -> respond(exchange, 200, "application/json",
                        await(query(exchange.getRequestURI())).getBytes(StandardCharsets.UTF_8));
                default -> respond(exchange, 404, "text/plain", "not found\n".getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    private String stats() {
        return "{\"trace_requests\":" + traceRequests.get() + ",\"trace_bytes\":" + traceBytes.get()
                + ",\"spans\":" + spans.get() + ",\"bad_trace_bodies\":" + badTraceBodies.get()
                + ",\"metric_requests\":" + metricRequests.get() + ",\"log_requests\":" + logRequests.get()
                + ",\"backend_requests\":" + backendRequests.get() + "}";
    }

    /** Polls until the URL answers 200, the process exits, or the timeout passes; bounded by the timeout. */
    private static String await(Map<String, String> q) {
        String url = q.get("url");
        long t0 = Long.parseLong(q.getOrDefault("t0", Long.toString(System.currentTimeMillis())));
        long pid = Long.parseLong(q.getOrDefault("pid", "-1"));
        long timeoutMs = (long) (Double.parseDouble(q.getOrDefault("timeout", "60")) * 1000);
        long deadline = t0 + timeoutMs;
        String last = "never tried";
        while (System.currentTimeMillis() < deadline) {
            if (pid > 0 && ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true)) {
                return "{\"ok\":false,\"reason\":\"process " + pid + " exited\"}";
            }
            try {
                HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
                c.setConnectTimeout(1000);
                c.setReadTimeout((int) Math.max(1000, deadline - System.currentTimeMillis()));
                c.setRequestProperty("Connection", "close");
                int status = c.getResponseCode();
                InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream();
                if (in != null) {
                    drain(in);
                    in.close();
                }
                if (status == 200) {
                    long ms = System.currentTimeMillis() - t0;
                    double cpu = pid > 0 ? Proc.cpuSeconds(pid) : -1;
                    return "{\"ok\":true,\"ms\":" + ms + ",\"cpu_s\":" + cpu + "}";
                }
                last = "status " + status;
            } catch (IOException e) {
                last = e.getClass().getSimpleName();
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return "{\"ok\":false,\"reason\":\"no 200 within the timeout (last: " + last.replace('"', '\'') + ")\"}";
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> q = new HashMap<>();
        String raw = uri.getRawQuery();
        if (raw == null) {
            return q;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                q.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return q;
    }

    private static void respond(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        in.transferTo(out);
        return out.toByteArray();
    }

    private static void drain(InputStream in) throws IOException {
        byte[] buffer = new byte[8192];
        while (in.read(buffer) >= 0) {
            // discard
        }
    }

    private static java.util.concurrent.ThreadFactory threads(String name) {
        AtomicLong n = new AtomicLong();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            return t;
        };
    }
}
