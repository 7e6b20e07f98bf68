package io.monitoring.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.tools.attach.VirtualMachine;
import io.monitoring.it.support.AgentApp;
import io.monitoring.it.support.Artifacts;
import io.monitoring.it.support.ChildJvm;
import io.monitoring.it.support.Http;
import io.monitoring.it.support.Jdks;
import io.monitoring.it.support.Poll;
import io.monitoring.it.support.PrometheusScrape;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;

/**
 * The guest that never hurts its host: under saturation nothing is lost (every completed request, query and
 * cache operation is counted exactly once), and an agent attached to a running JVM instruments the classes
 * already loaded and counts from then on. The load phase lasts {@code -Dhardening.seconds} (default 10 s;
 * the soak profile documented in the README runs it longer).
 */
class HardeningIT {
    private static final int SECONDS = Integer.getInteger("hardening.seconds", 10);
    private static final int CONNECTIONS = 16;

    @Test
    void nothingIsLostUnderSaturation() throws Exception {
        java.util.Set<String> withoutAgent;
        try (ChildJvm plain = ChildJvm.app("spring-boot-app").env(AgentApp.withoutAgentEnvironment()).args("--server.port=0").start()) {
            String base = "http://127.0.0.1:" + AgentApp.awaitReady(plain);
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(Math.max(3, SECONDS / 2));
            for (String path : List.of("/orders/1", "/prices/A", "/boom", "/nope/1", "/health")) {
                Http.get(base + path);
            }
            while (System.nanoTime() < until) {
                Http.get(base + "/orders/2");
                Http.get(base + "/boom");
            }
            withoutAgent = exceptionTypes(plain.output());
        }
        try (AgentApp app = AgentApp.start("spring-boot-app", Jdks.current(), null, "--server.port=", "service.name=petshop")) {
            Map<String, LongAdder> completed = new ConcurrentHashMap<>();
            LongAdder numericOrders = new LongAdder();
            LongAdder prices = new LongAdder();
            ExecutorService clients = Executors.newFixedThreadPool(CONNECTIONS);
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(SECONDS);
            try {
                List<Future<?>> running = new java.util.ArrayList<>();
                for (int c = 0; c < CONNECTIONS; c++) {
                    running.add(clients.submit(() -> {
                        ThreadLocalRandom random = ThreadLocalRandom.current();
                        while (System.nanoTime() < until) {
                            int pick = random.nextInt(10);
                            String path;
                            if (pick < 4) {
                                path = "/orders/" + (1 + random.nextInt(5));
                            } else if (pick < 7) {
                                path = "/prices/" + (char) ('A' + random.nextInt(4));
                            } else if (pick < 8) {
                                path = "/boom";
                            } else if (pick < 9) {
                                path = "/nope/" + random.nextInt(100);
                            } else {
                                path = "/health";
                            }
                            Http.Response response = Http.get(app.url(path));
                            String route = path.startsWith("/orders/") ? "/orders/{id}" : path.startsWith("/prices/") ? "/prices/{sku}"
                                    : path.startsWith("/nope/") ? "unmatched" : path;
                            completed.computeIfAbsent(route + " " + response.status(), k -> new LongAdder()).increment();
                            if (route.equals("/orders/{id}")) {
                                numericOrders.increment();
                            } else if (route.equals("/prices/{sku}")) {
                                prices.increment();
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> f : running) {
                    f.get(SECONDS + 60, TimeUnit.SECONDS);
                }
            } finally {
                clients.shutdownNow();
            }
            Map<String, Double> expected = new TreeMap<>();
            completed.forEach((key, count) -> expected.put(key, count.doubleValue()));
            double total = expected.values().stream().mapToDouble(Double::doubleValue).sum();
            assertTrue(total > 500, "the load generator completed " + total + " requests");

            PrometheusScrape scrape = Poll.until(app::scrape, s -> s.value("http_requests_total") >= total, Duration.ofSeconds(20),
                    "every completed request counted");
            assertEquals(expected, scrape.valuesBy("http_requests_total", "route", "status_code"),
                    "requests counted by the agent = requests the load generator completed");
            assertEquals(numericOrders.doubleValue(), scrape.value("db_query_duration_seconds_count",
                    Map.of("operation", "select", "table", "orders")), "one JdbcTemplate query per /orders request");
            double reads = scrape.value("cache_operations_total", Map.of("system", "spring", "operation", "get"));
            assertEquals(prices.doubleValue(), reads, "one @Cacheable lookup per /prices request");
            assertEquals(0.0, scrape.value("monitoring_agent_errors_total"), scrape::raw);
            assertEquals(0.0, scrape.value("http_requests_in_flight"));
            assertFalse(app.jvm.stderr().contains("[monitoring-agent] WARN"), app.jvm.stderr());
            java.util.Set<String> withAgent = exceptionTypes(app.jvm.output());
            withAgent.removeAll(withoutAgent);
            assertEquals(java.util.Set.of(), withAgent, "exceptions in the log only with the agent");
            System.out.printf("[hardening] %d requests in %d s from %d connections (%.0f/s), all counted%n",
                    (long) total, SECONDS, CONNECTIONS, total / SECONDS);
        }
    }

    /**
     * 20,000 distinct paths (with query strings) and 500 junk methods: every metric's route label stays within
     * max-label-values + 1, the method label within the nine standard methods and {@code _OTHER}, the folded
     * requests are counted, the heap after a full GC does not grow with them, and a scrape stays fast.
     */
    @Test
    void hostileUrlsAndMethodsCannotGrowTheSeriesOrTheHeap() throws Exception {
        int paths = Integer.getInteger("hardening.paths", 20_000);
        int maxLabels = 1000;
        try (AgentApp app = AgentApp.start("tomcat11-app", Jdks.current(), null, "--port", "metrics.max-label-values=" + maxLabels)) {
            String base = app.url("");
            for (int i = 0; i < 200; i++) {
                Http.get(base + "/shop/orders/warmup" + i);
            }
            long heapBefore = heapAfterGc(app);
            String run = Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36);
            ExecutorService senders = Executors.newFixedThreadPool(8);
            try {
                List<Future<?>> sent = new java.util.ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    int first = t;
                    sent.add(senders.submit(() -> {
                        for (int i = first; i < paths; i += 8) {
                            Http.get(base + "/shop/orders/" + run + "-w" + i + "?session=" + i + "&q=" + run);
                        }
                        for (int i = first; i < 500; i += 8) {
                            Http.request("X" + run.toUpperCase() + i, base + "/shop/orders/1", Map.of(), null);
                        }
                        return null;
                    }));
                }
                for (Future<?> f : sent) {
                    f.get(300, TimeUnit.SECONDS);
                }
            } finally {
                senders.shutdownNow();
            }
            long heapAfter = heapAfterGc(app);
            long start = System.nanoTime();
            PrometheusScrape scrape = app.scrape();
            long scrapeMillis = (System.nanoTime() - start) / 1_000_000;

            java.util.Set<String> routes = new java.util.TreeSet<>();
            java.util.Set<String> methods = new java.util.TreeSet<>();
            for (PrometheusScrape.Sample sample : scrape.samples("http_requests_total")) {
                routes.add(sample.labels().get("route"));
                methods.add(sample.labels().get("method"));
            }
            assertTrue(routes.size() <= maxLabels + 1, "routes: " + routes.size());
            assertTrue(routes.contains("_other"));
            assertTrue(methods.size() <= 10 && methods.contains("_OTHER"), "methods: " + methods);
            double overflow = scrape.value("monitoring_agent_label_overflow_total", Map.of("metric", "http_requests_total"));
            assertTrue(overflow >= paths - maxLabels, "folded requests counted: " + overflow);
            long growth = heapAfter - heapBefore;
            assertTrue(growth < 32L * 1024 * 1024, "heap after GC grew by " + growth / 1024 + " KiB");
            System.out.printf("[hardening] %d hostile paths + 500 junk methods: %d routes, %d methods, %.0f folded, heap after GC"
                    + " %d -> %d KiB, scrape %d ms%n", paths, routes.size(), methods.size(), overflow, heapBefore / 1024,
                    heapAfter / 1024, scrapeMillis);
        }
    }

    /**
     * With the collector refusing connections, or accepting them and never answering, requests cost what they
     * cost with traces off (p50/p99 printed for the three runs, not asserted: timing belongs to benchmarks),
     * spans are dropped and counted, the agent says so in one line, and resident memory stays flat.
     */
    @Test
    void aDeadOrHangingCollectorCostsTheApplicationNothing() throws Exception {
        try (java.net.ServerSocket hanging = new java.net.ServerSocket(0, 50, java.net.InetAddress.getByName("127.0.0.1"))) {
            Thread acceptor = new Thread(() -> {
                List<java.net.Socket> held = new java.util.ArrayList<>();
                try {
                    while (!hanging.isClosed()) {
                        held.add(hanging.accept()); // accepted, read by nobody, never answered
                    }
                } catch (java.io.IOException closed) {
                    // test over
                }
            }, "hanging-collector");
            acceptor.setDaemon(true);
            acceptor.start();
            Map<String, String> modes = new java.util.LinkedHashMap<>();
            modes.put("traces off", "traces.exporter=none");
            modes.put("collector refusing", "otlp.endpoint=http://127.0.0.1:" + ChildJvm.freePort());
            modes.put("collector hanging", "otlp.endpoint=http://127.0.0.1:" + hanging.getLocalPort());
            for (Map.Entry<String, String> mode : modes.entrySet()) {
                int metricsPort = ChildJvm.freePort();
                try (ChildJvm app = ChildJvm.app("tomcat11-app").env(AgentApp.withoutAgentEnvironment()).agent(Artifacts.agentJar())
                        .agentArgs("metrics.host=127.0.0.1,metrics.port=" + metricsPort + "," + mode.getValue())
                        .args("--port", "0").start()) {
                    String base = "http://127.0.0.1:" + AgentApp.awaitReady(app);
                    long rssBefore = rssKiB(app.pid());
                    long[] latencies = load(base, SECONDS);
                    long rssAfter = rssKiB(app.pid());
                    PrometheusScrape scrape = PrometheusScrape.fetch(metricsPort);
                    double dropped = scrape.value("monitoring_agent_spans_dropped_total");
                    long exportLines = app.stderr().lines().filter(l -> l.contains("span export to")).count();
                    System.out.printf("[hardening] %s: %d requests, p50 %.2f ms, p99 %.2f ms, RSS %d -> %d MiB, spans dropped %.0f,"
                            + " export log lines %d%n", mode.getKey(), latencies.length, percentile(latencies, 0.50) / 1e6,
                            percentile(latencies, 0.99) / 1e6, rssBefore / 1024, rssAfter / 1024, dropped, exportLines);
                    assertTrue(rssAfter - rssBefore < 64 * 1024, mode.getKey() + ": RSS grew " + (rssAfter - rssBefore) + " KiB");
                    if (!mode.getKey().equals("traces off")) {
                        Poll.until(() -> PrometheusScrape.fetch(metricsPort).value("monitoring_agent_spans_dropped_total"), d -> d > 0,
                                Duration.ofSeconds(30), mode.getKey() + ": dropped spans counted");
                        Poll.until(() -> app.stderr().lines().filter(l -> l.contains("span export to")).count(), n -> n == 1,
                                Duration.ofSeconds(30), mode.getKey() + ": one line about the failing export");
                        assertEquals(1, app.stderr().lines().filter(l -> l.contains("span export to")).count(), app.stderr());
                    }
                }
            }
        }
    }

    /** The exception and error classes a log mentions (fully qualified names). */
    private static java.util.Set<String> exceptionTypes(String log) {
        java.util.Set<String> types = new java.util.TreeSet<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\b((?:[a-z_][\\w$]*\\.)+[A-Z][\\w$]*(?:Exception|Error))\\b")
                .matcher(log);
        while (m.find()) {
            types.add(m.group(1));
        }
        return types;
    }

    /** Sends requests from 8 connections for {@code seconds}; returns every request's latency in nanoseconds. */
    private static long[] load(String base, int seconds) throws Exception {
        List<Long> all = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        ExecutorService clients = Executors.newFixedThreadPool(8);
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        try {
            List<Future<?>> running = new java.util.ArrayList<>();
            for (int c = 0; c < 8; c++) {
                running.add(clients.submit(() -> {
                    int i = 0;
                    while (System.nanoTime() < until) {
                        long start = System.nanoTime();
                        assertEquals(200, Http.get(base + "/shop/orders/" + (i++ % 100)).status());
                        all.add(System.nanoTime() - start);
                    }
                    return null;
                }));
            }
            for (Future<?> f : running) {
                f.get(seconds + 60, TimeUnit.SECONDS);
            }
        } finally {
            clients.shutdownNow();
        }
        return all.stream().mapToLong(Long::longValue).sorted().toArray();
    }

    private static double percentile(long[] sorted, double p) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }

    private static long rssKiB(long pid) throws java.io.IOException {
        for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return 0;
    }

    /** Heap used right after a full GC requested through jcmd, read from the agent's own JVM metrics. */
    private static long heapAfterGc(AgentApp app) throws Exception {
        String jcmd = Jdks.current().home().resolve("bin/jcmd").toString();
        Process gc = new ProcessBuilder(jcmd, Long.toString(app.jvm.pid()), "GC.run").redirectErrorStream(true).start();
        gc.getInputStream().readAllBytes();
        gc.waitFor(30, TimeUnit.SECONDS);
        return (long) app.scrape().value("jvm_memory_used_bytes", Map.of("area", "heap"));
    }

    @Test
    void anAgentAttachedToARunningJvmMeasuresFromThenOn() throws Exception {
        int metricsPort = ChildJvm.freePort();
        try (ChildJvm app = ChildJvm.app("tomcat11-app").env(AgentApp.withoutAgentEnvironment()).args("--port", "0").start()) {
            int port = AgentApp.awaitReady(app);
            String base = "http://127.0.0.1:" + port;
            for (int i = 0; i < 3; i++) {
                assertEquals(200, Http.get(base + "/shop/orders/" + i).status()); // before the agent: not counted
            }
            VirtualMachine vm = VirtualMachine.attach(Long.toString(app.pid()));
            try {
                vm.loadAgent(Artifacts.agentJar().toString(),
                        "metrics.host=127.0.0.1,metrics.port=" + metricsPort + ",traces.exporter=none,service.name=attached");
            } finally {
                vm.detach();
            }
            Poll.until(() -> Http.get("http://127.0.0.1:" + metricsPort + "/-/healthy").status(), s -> s == 200,
                    Duration.ofSeconds(30), "the attached agent's metrics endpoint");
            // the servlet classes were loaded before the agent: retransformed on attach, then measured
            Poll.until(() -> {
                Http.get(base + "/shop/health");
                return PrometheusScrape.fetch(metricsPort).value("http_requests_total", Map.of("route", "/shop/health"));
            }, n -> n >= 1, Duration.ofSeconds(30), "requests counted after attach");
            for (int i = 0; i < 5; i++) {
                assertEquals(200, Http.get(base + "/shop/orders/" + (10 + i)).status());
            }
            PrometheusScrape scrape = PrometheusScrape.fetch(metricsPort);
            assertEquals(5.0, scrape.value("http_requests_total", Map.of("route", "/shop/orders/{id}")),
                    "the five requests after attach, none from before");
            assertEquals(0.0, scrape.value("monitoring_agent_errors_total"), scrape::raw);
        }
    }
}
