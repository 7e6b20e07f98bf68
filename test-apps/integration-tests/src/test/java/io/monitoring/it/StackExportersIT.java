package io.monitoring.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
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
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code stack --exporters node,blackbox,postgres,redis --discovery file}, end to end without Docker: the jar writes
 * the stack, its compose hostnames are mapped to loopback ports, and a real Prometheus loaded with the generated
 * {@code prometheus.yml} and rules scrapes two test apps with the agent (one listed by {@code --services}, one
 * found through the generated file discovery) and the real exporters of Debian's packages, run with the settings
 * of the generated compose file, against this machine's PostgreSQL and Redis. Every query of every generated
 * dashboard, the agent's and the infrastructure one, then returns data. cAdvisor has no Debian package: its
 * part is checked by {@code StackGeneratorIT} only.
 */
class StackExportersIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Duration TOOL = Duration.ofSeconds(120);

    @Test
    void prometheusScrapesTheAppsAndTheRealExportersAndEveryDashboardQueryHasData(@TempDir Path dir) throws Exception {
        String prometheus = NativeProcess.require("prometheus");
        String nodeExporter = NativeProcess.require("prometheus-node-exporter");
        String blackboxExporter = NativeProcess.require("prometheus-blackbox-exporter");
        String postgresExporter = NativeProcess.require("prometheus-postgres-exporter");
        String redisExporter = NativeProcess.require("prometheus-redis-exporter");
        Services.POSTGRESQL.requireOrSkip();
        Services.REDIS.requireOrSkip();

        Path stack = dir.resolve("stack");
        NativeProcess.Result generated = NativeProcess.run(dir, TOOL, Jdks.current().java().toString(), "-jar",
                Artifacts.agentJar().toString(), "stack", "--services", "petshop=petshop:9464", "--discovery", "file",
                "--exporters", "node,blackbox,postgres,redis", "--postgres", "postgres@127.0.0.1:5432/test",
                "--redis", "127.0.0.1:6379", "--scrape-interval", "1s", "--out", stack.toString());
        assertEquals(0, generated.exitCode(), generated.output());
        JsonNode compose = YAML.readTree(stack.resolve("docker-compose.yml").toFile());

        try (OtlpReceiver receiver = OtlpReceiver.start();
             AgentApp breakers = AgentApp.start("resilience4j-app", Jdks.current(), receiver, "--port", "service.name=breakers");
             AgentApp petshop = AgentApp.start("spring-boot-app", Jdks.current(), receiver, "--server.port=",
                     "service.name=petshop,db.slow-query.threshold=100ms", "--checkout.backend-url=" + breakers.url(""))) {
            // the exporters, each with what the compose file gives its container
            Map<String, Integer> ports = new LinkedHashMap<>();
            for (String name : List.of("prometheus", "node-exporter", "blackbox-exporter", "postgres-exporter", "redis-exporter")) {
                ports.put(name, ChildJvm.freePort());
            }
            Path secrets = stack.resolve("postgres-exporter/secrets");
            Files.writeString(secrets.resolve("postgres_password"), "ignored-under-trust-authentication\n");
            Map<String, String> postgresEnvironment = new LinkedHashMap<>();
            compose.at("/services/postgres-exporter/environment").fields()
                    .forEachRemaining(e -> postgresEnvironment.put(e.getKey(), e.getValue().asText()
                            .replace("/etc/postgres-exporter/secrets", secrets.toString())));
            String redisAddress = compose.at("/services/redis-exporter/environment/REDIS_ADDR").asText();
            assertEquals("redis://127.0.0.1:6379", redisAddress);

            // the generated configuration, each compose hostname replaced by the loopback port standing in for it
            Path config = stack.resolve("prometheus/prometheus.yml");
            String text = Files.readString(config)
                    .replace("localhost:9090", "127.0.0.1:" + ports.get("prometheus"))
                    .replace("petshop:9464", "127.0.0.1:" + petshop.metricsPort);
            for (String[] exporter : new String[][] {{"node-exporter", "9100"}, {"blackbox-exporter", "9115"},
                    {"postgres-exporter", "9187"}, {"redis-exporter", "9121"}}) {
                assertTrue(text.contains(exporter[0] + ":" + exporter[1]), exporter[0] + " in prometheus.yml");
                text = text.replace(exporter[0] + ":" + exporter[1], "127.0.0.1:" + ports.get(exporter[0]));
            }
            Files.writeString(config, text);
            // the second app through the generated file discovery, named by its group's service label
            Files.writeString(stack.resolve("prometheus/targets/apps.json"),
                    "[{\"targets\": [\"127.0.0.1:" + breakers.metricsPort + "\"], \"labels\": {\"service\": \"breakers\"}}]\n");

            try (NativeProcess node = NativeProcess.start(dir.resolve("node.log"), nodeExporter,
                         "--web.listen-address=127.0.0.1:" + ports.get("node-exporter"));
                 NativeProcess blackbox = NativeProcess.start(dir.resolve("blackbox.log"), blackboxExporter,
                         "--config.file=" + stack.resolve("blackbox/blackbox.yml"),
                         "--web.listen-address=127.0.0.1:" + ports.get("blackbox-exporter"));
                 NativeProcess postgres = NativeProcess.start(dir.resolve("postgres.log"), postgresEnvironment, postgresExporter,
                         "--web.listen-address=127.0.0.1:" + ports.get("postgres-exporter"));
                 NativeProcess redis = NativeProcess.start(dir.resolve("redis.log"), Map.of("REDIS_ADDR", redisAddress), redisExporter,
                         "--web.listen-address=127.0.0.1:" + ports.get("redis-exporter"));
                 NativeProcess prom = NativeProcess.start(dir.resolve("prometheus.log"), prometheus,
                         "--config.file=" + config, "--storage.tsdb.path=" + dir.resolve("prom-data"),
                         "--web.listen-address=127.0.0.1:" + ports.get("prometheus"))) {
                String api = "http://127.0.0.1:" + ports.get("prometheus") + "/api/v1/";
                Poll.until(() -> Http.get("http://127.0.0.1:" + ports.get("prometheus") + "/-/ready").status(), s -> s == 200,
                        NativeProcess.STARTUP, "Prometheus to be ready: " + prom.log());

                // traffic for every family the dashboards show, twice a second, 5xx and a WebSocket session included
                WebSocket chat = HttpClient.newHttpClient().newWebSocketBuilder()
                        .buildAsync(URI.create("ws://127.0.0.1:" + petshop.port + "/ws/echo/stack"), new WebSocket.Listener() { })
                        .get(20, TimeUnit.SECONDS);
                long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                for (int round = 1; System.nanoTime() < until; round++) {
                    drive(petshop, breakers, round);
                    chat.sendText("round " + round, true).get(20, TimeUnit.SECONDS);
                    chat.request(1);
                    redisReads(round);
                    Thread.sleep(400);
                }

                // each target up, the discovered app and the probe carrying their service
                for (String up : List.of("up{job=\"services\", service=\"petshop\"}", "up{job=\"files\", service=\"breakers\"}",
                        "up{job=\"node\"}", "up{job=\"blackbox\", service=\"petshop\"}", "up{job=\"postgres\", instance=\"127.0.0.1:5432\"}",
                        "up{job=\"redis\", instance=\"127.0.0.1:6379\"}")) {
                    Poll.until(() -> value(api, up), v -> v == 1.0, Duration.ofSeconds(30), up + " == 1; targets: " + Http.get(api + "targets").body()
                            + "\nexporter logs:\n" + node.log() + blackbox.log() + postgres.log() + redis.log());
                }
                for (String answers : List.of("probe_success{service=\"petshop\"}", "pg_up", "redis_up")) {
                    assertEquals(1.0, value(api, answers), answers + "; exporter logs:\n" + postgres.log() + redis.log() + blackbox.log());
                }

                List<String> empty = new ArrayList<>();
                Set<String> exprs = dashboardExpressions(stack);
                for (String expr : exprs) {
                    String substituted = StackIT.substitute(expr);
                    if (StackIT.query(api, substituted).path("data").path("result").isEmpty()) {
                        empty.add(substituted);
                    }
                }
                assertEquals(List.of(), empty, "queries without data (of " + exprs.size() + "); node-exporter log:\n" + node.log());
            }
        }
    }

    private static void drive(AgentApp petshop, AgentApp breakers, int round) {
        StackIT.drivePetshop(petshop, round);
        Http.get(petshop.url("/checkout/" + round));  // an outgoing call to the breakers app
        // a breaker that succeeds, fails and opens, and a rate limiter past its two permits
        Http.get(breakers.url(round % 2 == 0 ? "/backend/ok" : "/backend/fail"));
        Http.get(breakers.url("/quota"));
    }

    /** A hit and a miss in Redis' keyspace statistics (the infrastructure dashboard's hit ratio), in RESP inline commands. */
    private static void redisReads(int round) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", Services.REDIS.port())) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write(("SET stack-exporters-it " + round + "\r\nGET stack-exporters-it\r\nGET stack-exporters-it-absent\r\n"
                    + "DEL stack-exporters-it\r\nQUIT\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String replies = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            assertTrue(replies.startsWith("+OK"), replies);
        }
    }

    private static double value(String api, String expr) {
        JsonNode result = StackIT.query(api, expr).path("data").path("result");
        return result.isEmpty() ? Double.NaN : result.get(0).path("value").get(1).asDouble();
    }

    /** Every expression of every panel of every generated dashboard (those inside rows included). */
    private static Set<String> dashboardExpressions(Path stack) throws IOException {
        Set<String> exprs = new LinkedHashSet<>();
        List<String> dashboards = new ArrayList<>();
        try (Stream<Path> files = Files.list(stack.resolve("grafana/dashboards"))) {
            for (Path file : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".json")).sorted()::iterator) {
                dashboards.add(file.getFileName().toString());
                for (JsonNode panel : JSON.readTree(file.toFile()).path("panels")) {
                    List<JsonNode> all = new ArrayList<>(List.of(panel));
                    panel.path("panels").forEach(all::add);
                    for (JsonNode p : all) {
                        for (JsonNode target : p.path("targets")) {
                            if (!target.path("expr").asText().isBlank()) {
                                exprs.add(target.get("expr").asText());
                            }
                        }
                    }
                }
            }
        }
        assertEquals(List.of("api-red.json", "dependencies.json", "infrastructure.json", "jvm.json", "slo.json"), dashboards);
        assertFalse(exprs.isEmpty());
        return exprs;
    }
}
