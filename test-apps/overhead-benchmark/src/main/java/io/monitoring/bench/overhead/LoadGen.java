package io.monitoring.bench.overhead;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The load generator of the overhead benchmark: one invocation drives one running application through these
 * phases and prints one JSON object with the results on stdout (progress on stderr):
 * <ol>
 *   <li><b>warm-up</b> ({@code --warmup S}): closed model, {@code --concurrency C} connections each sending its next
 *       request as soon as the last one is answered; nothing recorded (JIT, pools, caches, lazy instrumentation);</li>
 *   <li><b>saturation</b> ({@code --saturate S}): the same load continued and counted: throughput = 200 answers
 *       per second; the process's CPU ({@code --pid}, /proc/&lt;pid&gt;/stat utime+stime) over the phase;</li>
 *   <li><b>fixed rate</b> ({@code --rate R} requests/s, or {@code --rate-fraction F} of the saturation throughput
 *       just measured): open model, request i is due at start + i/R whatever happened before, sent by the first of
 *       {@code --rate-connections N} connections that is free, and its latency counts from when it was due (so
 *       queueing behind a slow response is measured, no coordinated omission). The first {@code --rate-lead S}
 *       seconds are not recorded; then for {@code --rate-duration S}: p50/p90/p99/p99.9/max latency and CPU
 *       seconds per 10,000 requests;</li>
 *   <li><b>scrape</b> ({@code --scrape URL --scrape-n N}): N sequential GETs of a Prometheus endpoint, each on a
 *       new connection (plain GET, no Accept or Accept-Encoding, so the uncompressed text format): median and p90
 *       time and the body size; then N more over one kept-alive connection (median reported apart);</li>
 *   <li>with {@code --sink URL}: the OTLP sink's span count before and after, as spans per request sent.</li>
 * </ol>
 * Requests go to {@code --target http://127.0.0.1:P} + {@code --path} with {@code %d} replaced by 1..{@code --ids}
 * in turn. Exit status 2 when more than {@code --max-error-fraction} (default 0.01) of the requests of a phase
 * fail, when a phase completes none, or when a scrape fails; every phase is bounded in time (socket timeout
 * {@code --timeout-ms}, default 10 s).
 */
public final class LoadGen {

    private final Map<String, String> opts;
    private final String host;
    private final int port;
    private final String path;
    private final int ids;
    private final long pid;
    private final int timeoutMs;

    private LoadGen(Map<String, String> opts) {
        this.opts = opts;
        URI target = URI.create(opt("target", null));
        this.host = target.getHost();
        this.port = target.getPort();
        this.path = opt("path", "/checkout/%d");
        this.ids = Integer.parseInt(opt("ids", "5"));
        this.pid = Long.parseLong(opt("pid", "-1"));
        this.timeoutMs = Integer.parseInt(opt("timeout-ms", "10000"));
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 == args.length) {
                System.err.println("usage: LoadGen --target http://127.0.0.1:PORT [--option value]... (see the class comment)");
                System.exit(64);
            }
            opts.put(args[i].substring(2), args[++i]);
        }
        System.exit(new LoadGen(opts).run());
    }

    private String opt(String name, String dflt) {
        String v = opts.get(name);
        if (v == null && dflt == null) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return v == null ? dflt : v;
    }

    private String pathFor(long n) {
        return path.replace("%d", Long.toString(n % ids + 1));
    }

    private int run() throws Exception {
        double maxErrors = Double.parseDouble(opt("max-error-fraction", "0.01"));
        List<String> failures = new ArrayList<>();
        Map<String, Object> result = new LinkedHashMap<>();
        String sink = opts.get("sink");
        Map<String, Long> sink0 = sink == null ? null : sinkStats(sink);
        long sent0 = 0;

        // warm-up and saturation: one closed-model load, counted only during the second part
        int concurrency = Integer.parseInt(opt("concurrency", "16"));
        double warmup = Double.parseDouble(opt("warmup", "10"));
        double saturate = Double.parseDouble(opt("saturate", "10"));
        Closed closed = new Closed(concurrency);
        closed.start();
        sleepSeconds(warmup);
        long ok0 = closed.ok.sum(), err0 = closed.errors.sum();
        double cpu0 = Proc.cpuSeconds(pid);
        long t0 = System.nanoTime();
        sleepSeconds(saturate);
        long ok1 = closed.ok.sum(), err1 = closed.errors.sum();
        double cpu1 = Proc.cpuSeconds(pid);
        long t1 = System.nanoTime();
        closed.stop();
        sent0 += closed.ok.sum() + closed.errors.sum();
        double seconds = (t1 - t0) / 1e9;
        long satOk = ok1 - ok0, satErr = err1 - err0;
        double rps = satOk / seconds;
        Map<String, Object> sat = new LinkedHashMap<>();
        sat.put("seconds", round(seconds, 3));
        sat.put("concurrency", concurrency);
        sat.put("requests", satOk);
        sat.put("errors", satErr);
        sat.put("rps", round(rps, 1));
        sat.put("cpu_s", round(cpu1 - cpu0, 2));
        sat.put("cpu_s_per_10k", satOk == 0 ? null : round((cpu1 - cpu0) / satOk * 10000, 3));
        sat.put("warmup_requests", ok0);
        sat.put("warmup_errors", err0);
        result.put("saturation", sat);
        log(String.format(Locale.ROOT, "saturation: %.1f req/s over %.1f s (%d errors, %d in warm-up)", rps, seconds, satErr, err0));
        if (satOk == 0 || satErr > maxErrors * (satOk + satErr)) {
            failures.add("saturation: " + satOk + " answered 200, " + satErr + " failed");
        }

        // fixed rate
        double rate = opts.containsKey("rate") ? Double.parseDouble(opts.get("rate"))
                : Math.max(10, Math.round(rps * Double.parseDouble(opt("rate-fraction", "0.5")) / 10) * 10);
        double lead = Double.parseDouble(opt("rate-lead", "2"));
        double duration = Double.parseDouble(opt("rate-duration", "12"));
        int connections = Integer.parseInt(opt("rate-connections", "32"));
        Open open = new Open(rate, lead, duration, connections);
        Map<String, Object> fixed = open.run();
        sent0 += open.sent.get();
        result.put("rate", fixed);
        long rateOk = (Long) fixed.get("requests");
        long rateErr = (Long) fixed.get("errors");
        log(String.format(Locale.ROOT, "fixed rate %.0f req/s: p50 %s ms, p99 %s ms (%d errors)", rate, fixed.get("p50_ms"),
                fixed.get("p99_ms"), rateErr));
        if (rateOk == 0 || rateErr > maxErrors * (rateOk + rateErr)) {
            failures.add("fixed rate: " + rateOk + " answered 200, " + rateErr + " failed");
        }

        // scrape
        String scrape = opts.get("scrape");
        if (scrape != null) {
            Map<String, Object> s = scrape(URI.create(scrape), Integer.parseInt(opt("scrape-n", "50")));
            result.put("scrape", s);
            if (!Boolean.TRUE.equals(s.get("ok"))) {
                failures.add("scrape of " + scrape + ": " + s.get("error"));
            }
        }

        if (sink != null) {
            Map<String, Long> sink1 = sinkStats(sink);
            Map<String, Object> o = new LinkedHashMap<>();
            long spans = sink1.get("spans") - sink0.get("spans");
            o.put("requests_sent", sent0);
            o.put("spans", spans);
            o.put("spans_per_request", sent0 == 0 ? null : round((double) spans / sent0, 3));
            o.put("trace_exports", sink1.get("trace_requests") - sink0.get("trace_requests"));
            o.put("trace_bytes", sink1.get("trace_bytes") - sink0.get("trace_bytes"));
            o.put("bad_trace_bodies", sink1.get("bad_trace_bodies") - sink0.get("bad_trace_bodies"));
            o.put("backend_calls", sink1.get("backend_requests") - sink0.get("backend_requests"));
            result.put("otlp", o);
        }
        result.put("failures", failures);
        System.out.println(json(result));
        for (String f : failures) {
            log("FAILED " + f);
        }
        return failures.isEmpty() ? 0 : 2;
    }

    /** Closed model: each connection sends its next request when the last one is answered. */
    private final class Closed {
        final LongAdder ok = new LongAdder();
        final LongAdder errors = new LongAdder();
        final AtomicLong seq = new AtomicLong();
        volatile boolean running = true;
        final Thread[] threads;

        Closed(int n) {
            threads = new Thread[n];
            for (int i = 0; i < n; i++) {
                threads[i] = new Thread(this::loop, "closed-" + i);
                threads[i].setDaemon(true);
            }
        }

        void start() {
            for (Thread t : threads) {
                t.start();
            }
        }

        void loop() {
            try (RawHttp http = new RawHttp(host, port, timeoutMs)) {
                while (running) {
                    try {
                        if (http.get(pathFor(seq.getAndIncrement())) == 200) {
                            ok.increment();
                        } else {
                            errors.increment();
                        }
                    } catch (IOException | RuntimeException e) {
                        errors.increment();
                        LockSupport.parkNanos(10_000_000); // do not spin on a refused connection
                    }
                }
            }
        }

        void stop() throws InterruptedException {
            running = false;
            for (Thread t : threads) {
                t.join(timeoutMs + 1000L);
            }
        }
    }

    /** Open model at a fixed rate; latency from the time each request was due. */
    private final class Open {
        final double rate;
        final long leadNs;
        final long durationNs;
        final int connections;
        final AtomicLong next = new AtomicLong();
        final AtomicLong sent = new AtomicLong();
        final LongAdder errors = new LongAdder();
        final LongAdder late = new LongAdder();
        final long[][] samples;
        final int[] counts;
        long start;

        Open(double rate, double lead, double duration, int connections) {
            this.rate = rate;
            this.leadNs = (long) (lead * 1e9);
            this.durationNs = (long) (duration * 1e9);
            this.connections = connections;
            this.samples = new long[connections][];
            this.counts = new int[connections];
        }

        Map<String, Object> run() throws InterruptedException {
            Thread[] threads = new Thread[connections];
            for (int i = 0; i < connections; i++) {
                int w = i;
                samples[w] = new long[1024];
                threads[i] = new Thread(() -> loop(w), "open-" + i);
                threads[i].setDaemon(true);
            }
            start = System.nanoTime() + 50_000_000; // all threads parked before the first request is due
            for (Thread t : threads) {
                t.start();
            }
            long measureFrom = start + leadNs;
            long end = measureFrom + durationNs;
            parkUntil(measureFrom);
            double cpu0 = Proc.cpuSeconds(pid);
            long errors0 = errors.sum();
            parkUntil(end);
            double cpu1 = Proc.cpuSeconds(pid);
            for (Thread t : threads) {
                t.join(timeoutMs + 1000L);
            }
            long errorsInWindow = errors.sum() - errors0;
            int n = 0;
            for (int c : counts) {
                n += c;
            }
            long[] all = new long[n];
            int k = 0;
            for (int w = 0; w < connections; w++) {
                System.arraycopy(samples[w], 0, all, k, counts[w]);
                k += counts[w];
            }
            Arrays.sort(all);
            double seconds = durationNs / 1e9;
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("target_rps", rate);
            r.put("seconds", round(seconds, 3));
            r.put("connections", connections);
            r.put("requests", (long) n);
            r.put("errors", errorsInWindow);
            r.put("achieved_rps", round(n / seconds, 1));
            r.put("late_over_1ms", late.sum());
            r.put("p50_ms", pct(all, 0.50));
            r.put("p90_ms", pct(all, 0.90));
            r.put("p99_ms", pct(all, 0.99));
            r.put("p999_ms", pct(all, 0.999));
            r.put("max_ms", n == 0 ? null : round(all[n - 1] / 1000.0, 3));
            r.put("cpu_s", round(cpu1 - cpu0, 2));
            r.put("cpu_s_per_10k", n == 0 ? null : round((cpu1 - cpu0) / (n + errorsInWindow) * 10000, 3));
            return r;
        }

        void loop(int w) {
            long measureFrom = start + leadNs;
            long end = measureFrom + durationNs;
            try (RawHttp http = new RawHttp(host, port, timeoutMs)) {
                for (;;) {
                    long i = next.getAndIncrement();
                    long due = start + (long) (i * 1e9 / rate);
                    if (due >= end) {
                        return;
                    }
                    parkUntil(due);
                    long sentAt = System.nanoTime();
                    if (sentAt - due > 1_000_000 && due >= measureFrom) {
                        late.increment();
                    }
                    sent.incrementAndGet();
                    boolean ok;
                    try {
                        ok = http.get(pathFor(i)) == 200;
                    } catch (IOException | RuntimeException e) {
                        ok = false;
                    }
                    long latencyUs = (System.nanoTime() - due) / 1000;
                    if (due < measureFrom) {
                        continue;
                    }
                    if (!ok) {
                        errors.increment();
                        continue;
                    }
                    if (counts[w] == samples[w].length) {
                        samples[w] = Arrays.copyOf(samples[w], samples[w].length * 2);
                    }
                    samples[w][counts[w]++] = latencyUs;
                }
            }
        }
    }

    /**
     * N GETs on a new connection each (what the endpoint costs to render and send), then N more over one
     * kept-alive connection (which also shows TCP stalls such as Nagle's algorithm against delayed ACKs).
     */
    private Map<String, Object> scrape(URI url, int n) {
        Map<String, Object> r = new LinkedHashMap<>();
        String p = url.getRawPath() + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
        long[] fresh = new long[n];
        long[] kept = new long[n];
        long bytes = 0;
        try (RawHttp http = new RawHttp(url.getHost(), url.getPort(), timeoutMs)) {
            for (int i = 0; i < n; i++) {
                long t = System.nanoTime();
                int status = http.get(p);
                fresh[i] = (System.nanoTime() - t) / 1000;
                http.close(); // the next GET connects again
                if (status != 200) {
                    throw new IOException("status " + status);
                }
                bytes = http.lastBodyBytes;
            }
            for (int i = 0; i < n; i++) {
                long t = System.nanoTime();
                int status = http.get(p);
                kept[i] = (System.nanoTime() - t) / 1000;
                if (status != 200) {
                    throw new IOException("status " + status);
                }
            }
        } catch (IOException | RuntimeException e) {
            r.put("ok", false);
            r.put("error", e.toString());
            return r;
        }
        Arrays.sort(fresh);
        Arrays.sort(kept);
        r.put("ok", true);
        r.put("n", n);
        r.put("median_ms", pct(fresh, 0.5));
        r.put("p90_ms", pct(fresh, 0.9));
        r.put("keepalive_median_ms", pct(kept, 0.5));
        r.put("bytes", bytes);
        log("scrape: median " + r.get("median_ms") + " ms (kept-alive connection: " + r.get("keepalive_median_ms")
                + " ms), " + bytes + " bytes");
        return r;
    }

    private static final Pattern NUMBER_FIELD = Pattern.compile("\"(\\w+)\":(-?\\d+)");

    private Map<String, Long> sinkStats(String sink) throws IOException {
        HttpURLConnection c = (HttpURLConnection) URI.create(sink + "/_stats").toURL().openConnection();
        c.setConnectTimeout(timeoutMs);
        c.setReadTimeout(timeoutMs);
        String body;
        try (InputStream in = c.getInputStream()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Map<String, Long> m = new LinkedHashMap<>();
        Matcher matcher = NUMBER_FIELD.matcher(body);
        while (matcher.find()) {
            m.put(matcher.group(1), Long.parseLong(matcher.group(2)));
        }
        return m;
    }

    /** The q-quantile (nearest rank) of sorted microsecond values, in milliseconds. */
    private static Double pct(long[] sortedUs, double q) {
        if (sortedUs.length == 0) {
            return null;
        }
        int rank = (int) Math.ceil(q * sortedUs.length);
        return round(sortedUs[Math.max(0, Math.min(sortedUs.length - 1, rank - 1))] / 1000.0, 3);
    }

    private static double round(double v, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }

    private static void parkUntil(long nanoTime) {
        for (long d = nanoTime - System.nanoTime(); d > 0; d = nanoTime - System.nanoTime()) {
            LockSupport.parkNanos(d);
        }
    }

    private static void sleepSeconds(double s) {
        parkUntil(System.nanoTime() + (long) (s * 1e9));
    }

    private static void log(String s) {
        System.err.println("[loadgen] " + s);
    }

    @SuppressWarnings("unchecked")
    private static String json(Object o) {
        if (o == null) {
            return "null";
        }
        if (o instanceof Map<?, ?> m) {
            StringBuilder b = new StringBuilder("{");
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (b.length() > 1) {
                    b.append(',');
                }
                b.append(json(e.getKey().toString())).append(':').append(json(e.getValue()));
            }
            return b.append('}').toString();
        }
        if (o instanceof List<?> l) {
            StringBuilder b = new StringBuilder("[");
            for (Object x : l) {
                if (b.length() > 1) {
                    b.append(',');
                }
                b.append(json(x));
            }
            return b.append(']').toString();
        }
        if (o instanceof String s) {
            return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + '"';
        }
        if (o instanceof Double d && (d.isNaN() || d.isInfinite())) {
            return "null";
        }
        return o.toString();
    }
}
