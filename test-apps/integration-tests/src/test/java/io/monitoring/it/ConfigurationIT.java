package io.monitoring.it;

import static io.monitoring.it.AgentRuns.agentLines;
import static io.monitoring.it.AgentRuns.awaitMetricsEndpoint;
import static io.monitoring.it.AgentRuns.awaitReady;
import static io.monitoring.it.AgentRuns.awaitScrape;
import static io.monitoring.it.AgentRuns.linesContaining;
import static io.monitoring.it.AgentRuns.requests;
import static io.monitoring.it.AgentRuns.tomcat11;
import static io.monitoring.it.AgentRuns.url;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.monitoring.it.support.Artifacts;
import io.monitoring.it.support.ChildJvm;
import io.monitoring.it.support.Http;
import io.monitoring.it.support.OtlpReceiver;
import io.monitoring.it.support.Poll;
import io.monitoring.it.support.PrometheusScrape;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent's configuration end to end, in tomcat11-app: where settings come from, what a bad value or a busy port
 * does (one line, the application runs), and the settings that shape the HTTP metrics.
 */
class ConfigurationIT {

    private static final String ORDERS_ROUTE = "/shop/orders/{id}";

    // ---- (a) precedence: system property > agent argument > environment variable > properties file ----

    @Test
    void serviceNameComesFromTheSourceWithTheHighestPrecedence(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("monitoring.properties");
        Files.writeString(file, "monitoring.service.name=from-file\n");

        record Run(String expected, int metricsPort, ChildJvm.Builder builder) {
        }
        List<Run> runs = new ArrayList<>();
        int port = ChildJvm.freePort();
        runs.add(new Run("from-system-property", port, tomcat11("precedence-all-four")
                .systemProperty("monitoring.service.name", "from-system-property")
                .agentArgs(args(port, "service.name=from-agent-argument", file))
                .env("MONITORING_SERVICE_NAME", "from-environment")));
        port = ChildJvm.freePort();
        runs.add(new Run("from-agent-argument", port, tomcat11("precedence-arg-env-file")
                .agentArgs(args(port, "service.name=from-agent-argument", file))
                .env("MONITORING_SERVICE_NAME", "from-environment")));
        port = ChildJvm.freePort();
        runs.add(new Run("from-environment", port, tomcat11("precedence-env-file")
                .agentArgs(args(port, null, file))
                .env("MONITORING_SERVICE_NAME", "from-environment")));
        // the file alone: proves the file is read at all, so "the environment beats the file" above means something
        port = ChildJvm.freePort();
        runs.add(new Run("from-file", port, tomcat11("precedence-file").agentArgs(args(port, null, file))));

        // the four JVMs start side by side: they are independent and this halves the wall time
        List<ChildJvm> jvms = new ArrayList<>();
        try {
            for (Run run : runs) {
                jvms.add(run.builder().agent(Artifacts.agentJar()).start());
            }
            for (int i = 0; i < runs.size(); i++) {
                ChildJvm jvm = jvms.get(i);
                awaitReady(jvm);
                PrometheusScrape scrape = awaitMetricsEndpoint(runs.get(i).metricsPort());
                Set<Map<String, String>> info = scrape.labelSets("monitoring_agent_info");
                assertEquals(1, info.size(), () -> jvm.name() + ": one monitoring_agent_info series:\n" + scrape.raw());
                Map<String, String> labels = info.iterator().next();
                assertEquals(runs.get(i).expected(), labels.get("service"), jvm.name() + ": " + labels);
                assertEquals("production", labels.get("environment"), jvm.name() + ": " + labels);
                assertEquals(null, labels.get("service_version"), "no version known (a jar without one): no label");
            }
        } finally {
            jvms.forEach(ChildJvm::close);
        }
    }

    private static String args(int metricsPort, String serviceName, Path file) {
        return "metrics.port=" + metricsPort + ",traces.exporter=none,config.file=" + file
                + (serviceName == null ? "" : "," + serviceName);
    }

    // ---- (b) every kind of bad value at once ----

    @Test
    void badValuesGiveOneLineEachAndTheAppAndTheAgentRunOnDefaults(@TempDir Path dir) {
        Path missingFile = dir.resolve("no-such-dir").resolve("monitoring.properties");
        int metricsPort = ChildJvm.freePort();
        try (OtlpReceiver receiver = OtlpReceiver.start();
             ChildJvm app = tomcat11("bad-values").agent(Artifacts.agentJar())
                     .agentArgs("metrics.port=" + metricsPort
                             + ",otlp.endpoint=" + receiver.endpoint()
                             + ",traces.sampler.ratio=7"
                             + ",traces.exporter=zipkin"
                             + ",metrics.max-label-values=-5"
                             + ",log.level=loud"
                             + ",metrics.enabled=yes"
                             + ",metrics.prot=9999"
                             + ",config.file=" + missingFile)
                     .start()) {
            int port = awaitReady(app);
            Http.Response response = Http.get(url(port, "/shop/orders/1"));
            assertEquals(200, response.status());
            assertEquals("order 1", response.body());

            // metrics.enabled fell back to true: the endpoint is up, and the request is counted
            PrometheusScrape scrape = awaitScrape(metricsPort,
                    s -> requests(s, Map.of("route", ORDERS_ROUTE)) >= 1, "the request to be counted");
            assertEquals(1.0, requests(scrape, Map.of("method", "GET", "route", ORDERS_ROUTE, "status_code", "200")),
                    scrape::raw);
            // traces.exporter fell back to otlp and the sampler ratio to 1.0: the request's span is exported
            receiver.awaitSpans(span -> span.name().equals("GET " + ORDERS_ROUTE), 1, Duration.ofSeconds(30));

            Map<String, String> expected = new LinkedHashMap<>();
            expected.put("monitoring.traces.sampler.ratio",
                    "monitoring.traces.sampler.ratio='7' is not valid (expected a number from 0.0 to 1.0); using 1.0");
            expected.put("monitoring.traces.exporter",
                    "monitoring.traces.exporter='zipkin' is not valid (expected one of otlp, logging, none); using otlp");
            expected.put("monitoring.metrics.max-label-values", "monitoring.metrics.max-label-values='-5' is not"
                    + " valid (expected an integer from 1 to 1000000); using 1000");
            expected.put("monitoring.log.level",
                    "monitoring.log.level='loud' is not valid (expected one of debug, info, warn, off); using info");
            expected.put("monitoring.metrics.enabled",
                    "monitoring.metrics.enabled='yes' is not valid (expected true or false); using true");
            expected.put("monitoring.metrics.prot",
                    "unknown key monitoring.metrics.prot (did you mean monitoring.metrics.port?); ignored");
            expected.put("monitoring.config.file", "monitoring.config.file: file '" + missingFile
                    + "' does not exist; using the other sources only");

            List<String> agentLines = agentLines(app.stderr());
            for (Map.Entry<String, String> entry : expected.entrySet()) {
                assertEquals(List.of("[monitoring-agent] WARN " + entry.getValue()),
                        agentLines.stream().filter(line -> line.contains(entry.getKey())).toList(),
                        "agent lines naming " + entry.getKey() + "; all agent lines:\n" + String.join("\n", agentLines));
            }
            // nothing else at WARN: no line twice, no collector warning (the spans reached the receiver)
            List<String> warnings = agentLines.stream().filter(line -> !line.startsWith("[monitoring-agent] INFO "))
                    .toList();
            assertEquals(expected.size(), warnings.size(), () -> "agent lines:\n" + String.join("\n", agentLines));
            // log.level fell back to info: the INFO line is there
            assertEquals(1, linesContaining(app.stderr(), "[monitoring-agent] INFO serving metrics on http://0.0.0.0:"
                    + metricsPort + "/metrics").size(), app::stderr);
        }
    }

    // ---- (c) metrics port in use ----

    @Test
    void metricsPortInUseIsOneLineAndTheAppRuns() throws IOException {
        try (ServerSocket held = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
             ChildJvm app = tomcat11("metrics-port-in-use").agent(Artifacts.agentJar())
                     .agentArgs("metrics.host=127.0.0.1,metrics.port=" + held.getLocalPort() + ",traces.exporter=none")
                     .start()) {
            int port = awaitReady(app);
            String prefix = "[monitoring-agent] WARN monitoring.metrics.port=" + held.getLocalPort()
                    + " on 127.0.0.1 cannot be bound (";
            app.awaitLine(prefix, Duration.ofSeconds(30));
            assertOk(port);

            List<String> lines = linesContaining(app.stderr(), "cannot be bound");
            assertEquals(1, lines.size(), app::stderr);
            assertTrue(lines.get(0).startsWith(prefix)
                    && lines.get(0).endsWith("); the metrics endpoint is off, the application runs on"), lines.get(0));
            assertEquals(List.of(), linesContaining(app.stderr(), "serving metrics on"));
            assertEquals(lines, warnings(app), app::stderr);
        }
    }

    // ---- (d) unknown metrics host ----

    @Test
    void unknownMetricsHostIsOneLineAndTheAppRuns() {
        try (ChildJvm app = tomcat11("metrics-host-unknown").agent(Artifacts.agentJar())
                .agentArgs("metrics.host=no-such-host.invalid,metrics.port=" + ChildJvm.freePort()
                        + ",traces.exporter=none")
                .start()) {
            int port = awaitReady(app);
            String prefix = "[monitoring-agent] WARN monitoring.metrics.host='no-such-host.invalid' is not a known"
                    + " address (";
            app.awaitLine(prefix, Duration.ofSeconds(30));
            assertOk(port);

            List<String> lines = linesContaining(app.stderr(), "monitoring.metrics.host");
            assertEquals(1, lines.size(), app::stderr);
            assertTrue(lines.get(0).startsWith(prefix)
                    && lines.get(0).endsWith("); the metrics endpoint is off, the application runs on"), lines.get(0));
            assertEquals(lines, warnings(app), app::stderr);
        }
    }

    /** The agent's lines above INFO. */
    private static List<String> warnings(ChildJvm app) {
        return agentLines(app.stderr()).stream().filter(line -> !line.startsWith("[monitoring-agent] INFO ")).toList();
    }

    private static void assertOk(int port) {
        Http.Response response = Http.get(url(port, "/shop/orders/1"));
        assertEquals(200, response.status());
        assertEquals("order 1", response.body());
    }

    // ---- (e) collector down ----

    @Test
    void collectorDownIsOneLineAndDroppedSpansAreCounted() {
        int closedPort = ChildJvm.freePort(); // nothing listens there
        int metricsPort = ChildJvm.freePort();
        String destination = "http://127.0.0.1:" + closedPort + "/v1/traces";
        try (ChildJvm app = tomcat11("collector-down").agent(Artifacts.agentJar())
                .agentArgs("metrics.port=" + metricsPort + ",traces.exporter=otlp,otlp.endpoint=http://127.0.0.1:"
                        + closedPort)
                .start()) {
            int port = awaitReady(app);
            // the endpoint starts after the tracer is in place: from now on every request has a span
            awaitMetricsEndpoint(metricsPort);

            // Each failed export is retried by the OTLP exporter for about 8 s before the batch counts as failed, so
            // three failed batches take ~25 s. Batch 1 takes the first span at once, batch 2 the rest of this round.
            sendOrders(port, 10);
            app.awaitLine("span export to " + destination + " failed", Duration.ofSeconds(30));
            double dropped = awaitDroppedAbove(metricsPort, 0);
            // keep sending: every round lands in a later batch, whose failure grows the counter again
            for (int growth = 0; growth < 2; growth++) {
                sendOrders(port, 10);
                dropped = awaitDroppedAbove(metricsPort, dropped);
            }

            List<String> failures = linesContaining(app.stderr(), "span export to");
            assertEquals(1, failures.size(), () -> "one line for a dead collector, not one per batch:\n"
                    + app.stderr());
            assertTrue(failures.get(0).startsWith("[monitoring-agent] WARN span export to " + destination + " failed (")
                    && failures.get(0).endsWith("; spans are dropped and counted in monitoring_agent_spans_dropped_total"
                    + " until it recovers"), failures.get(0));

            PrometheusScrape scrape = awaitScrape(metricsPort,
                    s -> requests(s, Map.of("route", ORDERS_ROUTE)) >= 30, "30 requests counted");
            assertEquals(30.0, requests(scrape, Map.of("method", "GET", "route", ORDERS_ROUTE, "status_code", "200")),
                    scrape::raw);
            assertEquals(30.0, scrape.value("http_requests_total"), scrape::raw);
            double exportFailed = scrape.value("monitoring_agent_spans_dropped_total", Map.of("reason", "export_failed"));
            assertTrue(exportFailed > 0 && exportFailed <= 30, "export_failed=" + exportFailed);
        }
    }

    private static void sendOrders(int port, int count) {
        for (int i = 0; i < count; i++) {
            Http.Response response = Http.get(url(port, "/shop/orders/" + (1000 + i)));
            assertEquals(200, response.status());
            assertEquals("order " + (1000 + i), response.body());
        }
    }

    private static double awaitDroppedAbove(int metricsPort, double previous) {
        return Poll.until(
                () -> PrometheusScrape.fetch(metricsPort)
                        .value("monitoring_agent_spans_dropped_total", Map.of("reason", "export_failed")),
                value -> value > previous, Duration.ofSeconds(30),
                "monitoring_agent_spans_dropped_total{reason=\"export_failed\"} to grow above " + previous);
    }

    // ---- (f) ignored paths ----

    @Test
    void ignoredPathsAreNotCounted() {
        int metricsPort = ChildJvm.freePort();
        try (ChildJvm app = tomcat11("ignore-paths").agent(Artifacts.agentJar())
                .agentArgs("metrics.port=" + metricsPort + ",traces.exporter=none,http.server.ignore-paths=/shop/health")
                .start()) {
            int port = awaitReady(app);
            awaitMetricsEndpoint(metricsPort);
            for (int i = 0; i < 5; i++) {
                Http.Response health = Http.get(url(port, "/shop/health"));
                assertEquals(200, health.status());
                assertEquals("ok", health.body());
            }
            assertOk(port);
            assertOk(port);

            // the health requests were answered before the orders requests were sent
            PrometheusScrape scrape = awaitScrape(metricsPort, s -> requests(s, Map.of("route", ORDERS_ROUTE)) >= 2
                    && s.value("http_requests_in_flight") == 0, "the two orders requests to be counted");
            assertEquals(2.0, requests(scrape, Map.of("route", ORDERS_ROUTE, "status_code", "200")), scrape::raw);
            assertEquals(Set.of(ORDERS_ROUTE), routes(scrape, "http_requests_total"), scrape::raw);
            assertEquals(Set.of(ORDERS_ROUTE), routes(scrape, "http_request_duration_seconds_count"), scrape::raw);
        }
    }

    // ---- (g) the servlet instrumentation switched off ----

    @Test
    void servletInstrumentationCanBeSwitchedOff() {
        int metricsPort = ChildJvm.freePort();
        try (ChildJvm app = tomcat11("servlet-disabled").agent(Artifacts.agentJar())
                .agentArgs("metrics.port=" + metricsPort + ",traces.exporter=none,instrumentation.servlet.enabled=false")
                .start()) {
            int port = awaitReady(app);
            // the agent runs: its endpoint serves monitoring_agent_info (fails without the agent)
            awaitMetricsEndpoint(metricsPort);
            assertOk(port);
            assertOk(port);
            assertEquals(404, Http.get(url(port, "/shop/nope")).status());

            // With the instrumentation on, a request is recorded as its filter chain returns, microseconds after the
            // response; this scrape is a full HTTP round trip later, so it would see them.
            PrometheusScrape scrape = PrometheusScrape.fetch(metricsPort);
            assertEquals(List.of(), scrape.samples("http_requests_total"), scrape::raw);
            assertEquals(List.of(), scrape.samples("http_request_duration_seconds_count"), scrape::raw);
            assertEquals(1, scrape.samples("monitoring_agent_info").size(), scrape::raw);
        }
    }

    // ---- (h) hostile URLs against the label cap ----

    @Test
    void distinctRoutesAreCappedAndTheRestFoldIntoOther() throws Exception {
        int metricsPort = ChildJvm.freePort();
        try (ChildJvm app = tomcat11("label-cap").agent(Artifacts.agentJar())
                .agentArgs("metrics.port=" + metricsPort + ",traces.exporter=none,metrics.max-label-values=50")
                .start()) {
            int port = awaitReady(app);
            awaitMetricsEndpoint(metricsPort);

            // 2000 distinct unknown paths: all one route, "unmatched", which takes the first of the 50 slots
            String run = Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36);
            sendConcurrently(2000, i -> {
                Http.Response response = Http.get(url(port, "/shop/nope/" + run + "x" + i));
                return response.status() == 404 ? null : "/shop/nope/" + run + "x" + i + " -> " + response.status();
            });
            // 300 distinct non-id segments, each its own route: 49 are admitted, 251 fold into _other
            sendConcurrently(300, i -> {
                Http.Response response = Http.get(url(port, "/shop/orders/item-" + i));
                return response.status() == 200 && response.body().equals("order item-" + i) ? null
                        : "/shop/orders/item-" + i + " -> " + response.status() + " " + response.body();
            });

            PrometheusScrape scrape = awaitScrape(metricsPort, s -> s.value("http_requests_total") >= 2300,
                    "all 2300 requests to be counted");
            assertEquals(2300.0, scrape.value("http_requests_total"));

            Set<String> routes = routes(scrape, "http_requests_total");
            Set<String> itemRoutes = routes.stream().filter(route -> route.startsWith("/shop/orders/item-"))
                    .collect(Collectors.toCollection(TreeSet::new));
            assertEquals(49, itemRoutes.size(), () -> "admitted item routes: " + itemRoutes);
            assertEquals(51, routes.size(), () -> "routes: " + routes);
            assertTrue(routes.contains("unmatched") && routes.contains("_other"), () -> "routes: " + routes);
            assertEquals(2000.0, requests(scrape, Map.of("route", "unmatched", "status_code", "404")));
            assertEquals(251.0, requests(scrape, Map.of("route", "_other", "status_code", "200")));
            for (String route : itemRoutes) {
                assertEquals(1.0, requests(scrape, Map.of("route", route, "status_code", "200")), route);
            }
            assertEquals(251.0, scrape.value("monitoring_agent_label_overflow_total",
                    Map.of("metric", "http_requests_total")), scrape::raw);
            // the histogram shares the cap
            assertEquals(routes, routes(scrape, "http_request_duration_seconds_count"));
        }
    }

    /**
     * Sends {@code count} requests from 4 threads; {@code request} returns null when the answer is right, else a
     * description. Fails on the first wrong answer or after 60 s.
     */
    private static void sendConcurrently(int count, IntFunction<String> request) throws Exception {
        int threads = 4;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<List<String>>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int first = t;
                futures.add(pool.submit(() -> {
                    List<String> wrong = new ArrayList<>();
                    for (int i = first; i < count; i += threads) {
                        String problem = request.apply(i);
                        if (problem != null) {
                            wrong.add(problem);
                        }
                    }
                    return wrong;
                }));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            List<String> wrong = new ArrayList<>();
            for (Future<List<String>> future : futures) {
                wrong.addAll(future.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
            }
            assertEquals(List.of(), wrong);
        } finally {
            pool.shutdownNow();
        }
    }

    private static Set<String> routes(PrometheusScrape scrape, String name) {
        return scrape.samples(name).stream().map(sample -> sample.labels().get("route"))
                .collect(Collectors.toCollection(TreeSet::new));
    }
}
