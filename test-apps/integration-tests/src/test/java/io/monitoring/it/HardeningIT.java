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
            System.out.printf("[hardening] %d requests in %d s from %d connections (%.0f/s), all counted%n",
                    (long) total, SECONDS, CONNECTIONS, total / SECONDS);
        }
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
