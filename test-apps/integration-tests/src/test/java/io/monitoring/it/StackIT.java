package io.monitoring.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.sun.net.httpserver.HttpServer;
import io.monitoring.it.support.AgentApp;
import io.monitoring.it.support.Artifacts;
import io.monitoring.it.support.ChildJvm;
import io.monitoring.it.support.Http;
import io.monitoring.it.support.Jdks;
import io.monitoring.it.support.NativeProcess;
import io.monitoring.it.support.OtlpReceiver;
import io.monitoring.it.support.Poll;
import io.monitoring.it.support.Services;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The monitoring stack under {@code stack/}, proven without Docker with the real binaries from Debian's
 * packages: the configuration, rules and their unit tests pass {@code promtool}/{@code amtool}, the compose
 * file passes {@code docker-compose config}, every alert has a runbook, the dashboards are well formed; and,
 * end to end on loopback, a real Prometheus scraping test apps with the agent answers every dashboard query
 * and recording rule with data, holds exemplars with trace ids, and a burst of 5xx reaches a webhook through
 * a real Alertmanager routed by the stack's own configuration.
 */
class StackIT {
    private static final Path STACK = Artifacts.appsDir().resolve("../stack").normalize();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Duration TOOL = Duration.ofSeconds(60);

    @Test
    void configurationRulesAndComposeFilePassTheRealTools() throws IOException {
        String promtool = NativeProcess.require("promtool");
        String amtool = NativeProcess.require("amtool");
        String compose = NativeProcess.require("docker-compose");
        expectSuccess(NativeProcess.run(STACK, TOOL, promtool, "check", "config", "prometheus/prometheus.yml"));
        List<String> rules = new ArrayList<>(List.of(promtool, "check", "rules"));
        rules.addAll(files("prometheus/rules", ".yml"));
        expectSuccess(NativeProcess.run(STACK, TOOL, rules.toArray(new String[0])));
        List<String> tests = new ArrayList<>(List.of(promtool, "test", "rules"));
        tests.addAll(files("prometheus/tests", ".yml"));
        expectSuccess(NativeProcess.run(STACK, TOOL, tests.toArray(new String[0])));
        expectSuccess(NativeProcess.run(STACK, TOOL, amtool, "check-config", "alertmanager/alertmanager.yml"));
        expectSuccess(NativeProcess.run(STACK, TOOL, compose, "-f", "docker-compose.yml", "config", "-q"));
    }

    @Test
    void everyAlertHasSeverityAnnotationsARunbookAndAUnitTest() throws IOException {
        Set<String> tested = new LinkedHashSet<>();
        for (String test : files("prometheus/tests", ".yml")) {
            Matcher m = Pattern.compile("alertname:\\s*(\\w+)").matcher(Files.readString(STACK.resolve(test)));
            while (m.find()) {
                tested.add(m.group(1));
            }
        }
        List<JsonNode> alerts = alertingRules();
        assertTrue(alerts.size() >= 12, "the alert set of the issue: " + alerts.size());
        for (JsonNode alert : alerts) {
            String name = alert.get("alert").asText();
            assertTrue(alert.path("labels").has("severity"), name);
            for (String annotation : List.of("summary", "description", "runbook_url")) {
                assertTrue(alert.path("annotations").has(annotation), name + " has " + annotation);
            }
            String url = alert.path("annotations").get("runbook_url").asText();
            String file = url.substring(url.lastIndexOf('/') + 1);
            assertTrue(Files.isRegularFile(STACK.resolve("runbooks").resolve(file)), name + ": runbook " + file);
            assertTrue(tested.contains(name), name + " has a promtool unit test");
        }
    }

    @Test
    void dashboardsAreModernWellFormedAndTakeTheirDatasourceFromAVariable() throws IOException {
        List<String> dashboards = files("grafana/dashboards", ".json");
        assertEquals(4, dashboards.size(), dashboards.toString());
        for (String file : dashboards) {
            JsonNode dashboard = JSON.readTree(STACK.resolve(file).toFile());
            List<JsonNode> panels = panels(dashboard);
            assertTrue(panels.size() < 30, file + ": " + panels.size() + " panels");
            Set<Integer> ids = new LinkedHashSet<>();
            for (JsonNode panel : panels) {
                assertTrue(ids.add(panel.get("id").asInt()), file + ": duplicate panel id " + panel.get("id"));
                if (panel.path("type").asText().equals("row")) {
                    continue;
                }
                assertTrue(Set.of("timeseries", "stat", "table", "bargauge", "gauge", "text").contains(panel.path("type").asText()),
                        file + ": panel type " + panel.path("type"));
                assertDatasourceVariable(file, panel.get("datasource"));
                for (JsonNode target : panel.path("targets")) {
                    assertDatasourceVariable(file, target.get("datasource"));
                }
            }
        }
    }

    @Test
    void everyDashboardQueryAndRecordingRuleHasDataAndA5xxBurstReachesTheWebhook(@TempDir Path dir) throws Exception {
        String prometheus = NativeProcess.require("prometheus");
        String alertmanager = NativeProcess.require("prometheus-alertmanager");
        boolean redis = Services.REDIS.isListening();
        if (!redis && Jdks.isCi()) {
            Services.REDIS.requireOrSkip(); // fails under CI
        }
        List<String> received = new CopyOnWriteArrayList<>();
        HttpServer sink = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        sink.createContext("/", exchange -> {
            received.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        sink.start();
        try (OtlpReceiver receiver = OtlpReceiver.start();
             AgentApp petshop = AgentApp.start("spring-boot-app", Jdks.current(), receiver, "--server.port=",
                     "service.name=petshop,db.slow-query.threshold=100ms");
             AgentApp backend = AgentApp.start("http-client-app", Jdks.current(), receiver, "--port", "service.name=backend");
             AgentApp frontend = AgentApp.start("http-client-app", Jdks.current(), receiver, "--port", "service.name=frontend");
             AgentApp caches = AgentApp.start("cache-app", Jdks.current(), receiver, "--port", "service.name=caches");
             AgentApp breakers = AgentApp.start("resilience4j-app", Jdks.current(), receiver, "--port", "service.name=breakers")) {
            int amPort = ChildJvm.freePort();
            int promPort = ChildJvm.freePort();
            Path config = prometheusConfig(dir, amPort, List.of(petshop, backend, frontend, caches, breakers));
            Path amConfig = alertmanagerConfig(dir, sink.getAddress().getPort());
            try (NativeProcess am = NativeProcess.start(dir.resolve("alertmanager.log"), alertmanager,
                         "--config.file=" + amConfig, "--storage.path=" + dir.resolve("am-data"),
                         "--web.listen-address=127.0.0.1:" + amPort, "--cluster.listen-address=");
                 NativeProcess prom = NativeProcess.start(dir.resolve("prometheus.log"), prometheus,
                         "--config.file=" + config, "--storage.tsdb.path=" + dir.resolve("prom-data"),
                         "--web.listen-address=127.0.0.1:" + promPort, "--enable-feature=exemplar-storage")) {
                String api = "http://127.0.0.1:" + promPort + "/api/v1/";
                Poll.until(() -> Http.get("http://127.0.0.1:" + promPort + "/-/ready").status(), s -> s == 200,
                        NativeProcess.STARTUP, "Prometheus to be ready: " + prom.log());

                // traffic for every family the dashboards show, twice a second for a while, 5xx included; one
                // WebSocket session on the petshop's Spring handler stays open, a message each way per round
                WebSocket chat = HttpClient.newHttpClient().newWebSocketBuilder()
                        .buildAsync(URI.create("ws://127.0.0.1:" + petshop.port + "/ws/echo/stack"), new WebSocket.Listener() { })
                        .get(20, TimeUnit.SECONDS);
                long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                for (int round = 1; System.nanoTime() < until; round++) {
                    drive(petshop, backend, frontend, caches, round, redis);
                    chat.sendText("round " + round, true).get(20, TimeUnit.SECONDS);
                    chat.request(1);
                    // a breaker that succeeds, fails and opens, and a rate limiter past its two permits
                    Http.get(breakers.url(round % 2 == 0 ? "/backend/ok" : "/backend/fail"));
                    Http.get(breakers.url("/quota"));
                    Thread.sleep(400);
                }
                Poll.until(() -> query(api, "count(up == 1)"), r -> r.path("data").path("result").size() > 0
                        && r.path("data").path("result").get(0).path("value").get(1).asInt() == 5, Duration.ofSeconds(30),
                        "five targets up");

                List<String> empty = new ArrayList<>();
                for (String expr : dashboardExpressions()) {
                    if (!redis && expr.contains("redis")) {
                        continue;
                    }
                    String substituted = substitute(expr);
                    if (query(api, substituted).path("data").path("result").isEmpty()) {
                        empty.add(substituted);
                    }
                }
                for (String rule : recordingRules()) {
                    if (query(api, rule).path("data").path("result").isEmpty()) {
                        empty.add("recording rule " + rule);
                    }
                }
                assertEquals(List.of(), empty, "queries without data");

                long now = System.currentTimeMillis() / 1000;
                JsonNode exemplars = JSON.readTree(Http.get(api + "query_exemplars?query="
                        + encode("http_request_duration_seconds_bucket") + "&start=" + (now - 600) + "&end=" + (now + 60)).body());
                assertTrue(exemplars.toString().contains("trace_id"), exemplars.toString());

                // the error-rate alert, routed by the stack's Alertmanager configuration, reaches the webhook
                // (its inhibition of the warning twin is covered by the stack's amtool route tests, not timed here)
                Poll.until(() -> received.stream().anyMatch(body -> body.contains("\"HighErrorRateCritical\"")
                        && body.contains("\"petshop\"")), found -> found,
                        Duration.ofSeconds(60), "HighErrorRateCritical to reach the webhook; Alertmanager log:\n" + am.log());
            }
        } finally {
            sink.stop(0);
        }
    }

    private static void drive(AgentApp petshop, AgentApp backend, AgentApp frontend, AgentApp caches, int round, boolean redis) {
        drivePetshop(petshop, round);
        Http.get(frontend.url("/svc/call/java-http-client?url=" + encode(backend.url("/svc/items/" + round))));
        Http.get(frontend.url("/svc/call/okhttp?url=" + encode(backend.url("/svc/unavailable"))));
        Http.get(caches.url("/cache/caffeine/workload?round=" + round));
        if (redis) {
            Http.get(caches.url("/cache/redis/workload?client=jedis&round=" + round));
        }
    }

    /** One round on the Spring Boot test app: JDBC and JPA reads and writes, a cache, 5xx, an N+1 and a slow statement. */
    static void drivePetshop(AgentApp petshop, int round) {
        Http.get(petshop.url("/orders/" + (1 + round % 5)));
        Http.get(petshop.url("/owners/7/pets/9"));
        Http.request("POST", petshop.url("/orders"));
        Http.get(petshop.url("/prices/" + (char) ('A' + round % 3)));
        Http.get(petshop.url("/db/fail"));
        Http.get(petshop.url("/owners"));             // an N+1: 1 + 10 statements
        Http.get(petshop.url("/owners/with-pets"));   // its fix
        Http.get(petshop.url("/db/slow?ms=120"));     // a slow statement (threshold 100 ms)
        Http.get(petshop.url("/boom"));
    }

    /** Grafana's variables as a query over everything: every service, environment and route; a one-minute rate window. */
    static String substitute(String expr) {
        return expr.replace("$__rate_interval", "1m").replace("${__rate_interval}", "1m")
                .replace("$__interval", "15s").replace("$__range", "5m")
                .replaceAll("\\$\\{?service(:\\w+)?}?", ".+")
                .replaceAll("\\$\\{?environment(:\\w+)?}?", ".+")
                .replaceAll("\\$\\{?route(:\\w+)?}?", ".+")
                .replaceAll("\\$\\{?cache(_name)?(:\\w+)?}?", ".+")
                .replaceAll("\\$\\{?target(:\\w+)?}?", ".+")
                .replaceAll("\\$\\{?pool(:\\w+)?}?", ".+")
                .replaceAll("\\$\\{?instance(:\\w+)?}?", ".+");
    }

    private Path prometheusConfig(Path dir, int amPort, List<AgentApp> apps) throws IOException {
        Path rules = Files.createDirectories(dir.resolve("rules"));
        for (String file : files("prometheus/rules", ".yml")) {
            String text = Files.readString(STACK.resolve(file));
            // a test copy: alerts fire as soon as their condition holds
            text = text.replaceAll("(?m)^(\\s*)for:\\s*\\S+", "$1for: 0s");
            Files.writeString(rules.resolve(Path.of(file).getFileName()), text);
        }
        StringBuilder targets = new StringBuilder();
        for (AgentApp app : apps) {
            targets.append(targets.length() == 0 ? "" : ", ").append("'127.0.0.1:").append(app.metricsPort).append("'");
        }
        String config = "global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\n"
                + "rule_files: ['" + rules + "/*.yml']\n"
                + "alerting:\n  alertmanagers:\n    - static_configs:\n        - targets: ['127.0.0.1:" + amPort + "']\n"
                + "scrape_configs:\n  - job_name: demo-services\n    static_configs:\n      - targets: [" + targets + "]\n";
        return Files.writeString(dir.resolve("prometheus.yml"), config);
    }

    /**
     * The stack's own Alertmanager configuration, pointed at this test: the webhook sink's address replaces
     * the compose service's, the secrets directory is a temporary one holding the sink's URL, and groups are
     * sent after a second instead of the production wait.
     */
    private Path alertmanagerConfig(Path dir, int sinkPort) throws IOException {
        String sinkUrl = "http://127.0.0.1:" + sinkPort;
        Path secrets = Files.createDirectories(dir.resolve("secrets"));
        String text = Files.readString(STACK.resolve("alertmanager/alertmanager.yml"));
        Matcher files = Pattern.compile("/etc/alertmanager/secrets/([\\w.-]+)").matcher(text);
        while (files.find()) {
            Files.writeString(secrets.resolve(files.group(1)), sinkUrl + "/" + files.group(1) + "\n");
        }
        text = text.replace("/etc/alertmanager/secrets/", secrets + "/")
                .replace("http://webhook-sink:9095", sinkUrl)
                .replaceAll("(?m)^(\\s*)group_wait:\\s*\\S+", "$1group_wait: 1s")
                .replaceAll("(?m)^(\\s*)group_interval:\\s*\\S+", "$1group_interval: 1s");
        return Files.writeString(dir.resolve("alertmanager.yml"), text);
    }

    static JsonNode query(String api, String expr) {
        Http.Response response = Http.get(api + "query?query=" + encode(expr));
        try {
            JsonNode body = JSON.readTree(response.body());
            if (!"success".equals(body.path("status").asText())) {
                throw new AssertionError("query failed: " + expr + " -> " + response.body());
            }
            return body;
        } catch (IOException e) {
            throw new AssertionError(expr + " -> " + response.body(), e);
        }
    }

    private List<String> dashboardExpressions() throws IOException {
        Set<String> exprs = new LinkedHashSet<>();
        for (String file : files("grafana/dashboards", ".json")) {
            for (JsonNode panel : panels(JSON.readTree(STACK.resolve(file).toFile()))) {
                for (JsonNode target : panel.path("targets")) {
                    if (target.hasNonNull("expr") && !target.get("expr").asText().isBlank()) {
                        exprs.add(target.get("expr").asText());
                    }
                }
            }
        }
        assertFalse(exprs.isEmpty());
        return new ArrayList<>(exprs);
    }

    private List<String> recordingRules() throws IOException {
        List<String> names = new ArrayList<>();
        for (JsonNode rule : rules()) {
            if (rule.has("record")) {
                names.add(rule.get("record").asText());
            }
        }
        return names;
    }

    private List<JsonNode> alertingRules() throws IOException {
        List<JsonNode> alerts = new ArrayList<>();
        for (JsonNode rule : rules()) {
            if (rule.has("alert")) {
                alerts.add(rule);
            }
        }
        return alerts;
    }

    private List<JsonNode> rules() throws IOException {
        List<JsonNode> rules = new ArrayList<>();
        for (String file : files("prometheus/rules", ".yml")) {
            for (JsonNode group : YAML.readTree(STACK.resolve(file).toFile()).path("groups")) {
                group.path("rules").forEach(rules::add);
            }
        }
        return rules;
    }

    /** Every panel, those inside collapsed rows included. */
    private static List<JsonNode> panels(JsonNode dashboard) {
        List<JsonNode> all = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            all.add(panel);
            panel.path("panels").forEach(all::add);
        }
        return all;
    }

    private static void assertDatasourceVariable(String file, JsonNode datasource) {
        if (datasource == null || datasource.isNull()) {
            return; // inherits the panel's or the dashboard's default: still the variable
        }
        String uid = datasource.isTextual() ? datasource.asText() : datasource.path("uid").asText();
        assertTrue(uid.startsWith("$") || uid.startsWith("${"), file + ": datasource " + datasource + " is not a variable");
    }

    private static List<String> files(String relativeDir, String suffix) throws IOException {
        try (Stream<Path> stream = Files.list(STACK.resolve(relativeDir))) {
            List<String> files = new ArrayList<>();
            for (Iterator<Path> it = stream.sorted().iterator(); it.hasNext(); ) {
                Path p = it.next();
                if (p.getFileName().toString().endsWith(suffix)) {
                    files.add(STACK.relativize(p).toString());
                }
            }
            return files;
        }
    }

    private static void expectSuccess(NativeProcess.Result result) {
        assertEquals(0, result.exitCode(), result.output());
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
