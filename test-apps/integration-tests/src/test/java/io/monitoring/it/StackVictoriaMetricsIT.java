package io.monitoring.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import io.monitoring.it.support.Poll;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code stack --storage victoria --ha} end to end on loopback, with the generated files: two real Prometheus
 * replicas (Debian's {@code prometheus}) run the generated {@code prometheus.yml} and rules, scrape two test apps with
 * the agent and remote-write to a real VictoriaMetrics (Debian's {@code victoria-metrics}) started with the generated
 * flags; the generated dashboards' queries that answer from Prometheus answer from VictoriaMetrics too, and the two
 * replicas' samples are one series there (their {@code replica} label dropped, {@code -dedup.minScrapeInterval}).
 * Only the compose network's host names are mapped to local ports, as {@code StackIT} does.
 */
class StackVictoriaMetricsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Duration TOOL = Duration.ofSeconds(60);

    @Test
    void theDashboardsQueriesAnswerFromVictoriaMetricsAsFromPrometheusAndTheReplicasAreOneSeriesThere(@TempDir Path dir)
            throws Exception {
        String prometheus = NativeProcess.require("prometheus");
        String victoria = NativeProcess.require("victoria-metrics");
        String compose = NativeProcess.require("docker-compose");
        Path stack = dir.resolve("stack");
        // one-second scrapes and rule evaluations: the rules' rates have samples within seconds
        NativeProcess.Result generated = NativeProcess.run(dir, TOOL, Jdks.current().java().toString(), "-jar",
                Artifacts.agentJar().toString(), "stack", "--services", "petshop=petshop:9464,frontend=frontend:9464",
                "--storage", "victoria", "--ha", "--scrape-interval", "1s", "--out", stack.toString());
        assertEquals(0, generated.exitCode(), generated.output());
        NativeProcess.Result config = NativeProcess.run(stack, TOOL, compose, "-f", "docker-compose.yml", "config");
        assertEquals(0, config.exitCode(), config.output());
        JsonNode services = YAML.readTree(config.output()).path("services");

        try (AgentApp petshop = AgentApp.start("spring-boot-app", Jdks.current(), null, "--server.port=", "service.name=petshop");
             AgentApp frontend = AgentApp.start("http-client-app", Jdks.current(), null, "--port", "service.name=frontend")) {
            int victoriaPort = ChildJvm.freePort();
            int[] prometheusPorts = {ChildJvm.freePort(), ChildJvm.freePort()};
            Map<String, String> hosts = Map.of(
                    "victoriametrics:8428", "127.0.0.1:" + victoriaPort,
                    "prometheus:9090", "127.0.0.1:" + prometheusPorts[0],
                    "prometheus-2:9090", "127.0.0.1:" + prometheusPorts[1],
                    // no Alertmanager here: a closed port, alerts are StackIT's part
                    "alertmanager:9093", "127.0.0.1:9",
                    "alertmanager-2:9093", "127.0.0.1:9",
                    "petshop:9464", "127.0.0.1:" + petshop.metricsPort,
                    "frontend:9464", "127.0.0.1:" + frontend.metricsPort);
            Path prometheusConfig = onLoopback(stack.resolve("prometheus/prometheus.yml"), hosts);

            // the generated flags (retention, deduplication), only the data path and address changed; latencyOffset 1s
            // instead of 30s so that an instant query sees the last seconds, as Prometheus does
            List<String> victoriaCommand = new ArrayList<>(List.of(victoria));
            strings(services.at("/victoriametrics/command")).stream()
                    .filter(flag -> !flag.startsWith("-storageDataPath") && !flag.startsWith("-httpListenAddr")).forEach(victoriaCommand::add);
            assertTrue(victoriaCommand.contains("-dedup.minScrapeInterval=1s"), victoriaCommand.toString());
            victoriaCommand.addAll(List.of("-storageDataPath=" + dir.resolve("victoria-data"), "-httpListenAddr=127.0.0.1:" + victoriaPort,
                    "-search.latencyOffset=1s"));
            try (NativeProcess vm = NativeProcess.start(dir.resolve("victoria.log"), victoriaCommand.toArray(new String[0]));
                 NativeProcess replica1 = startPrometheus(prometheus, services.path("prometheus"), prometheusConfig, dir, "1", prometheusPorts[0]);
                 NativeProcess replica2 = startPrometheus(prometheus, services.path("prometheus-2"), prometheusConfig, dir, "2", prometheusPorts[1])) {
                String victoriaApi = "http://127.0.0.1:" + victoriaPort + "/api/v1/";
                String prometheusApi = "http://127.0.0.1:" + prometheusPorts[0] + "/api/v1/";
                Poll.until(() -> Http.get("http://127.0.0.1:" + victoriaPort + "/health").status(), s -> s == 200,
                        NativeProcess.STARTUP, "VictoriaMetrics to be ready: " + vm.log());
                for (int port : prometheusPorts) {
                    Poll.until(() -> Http.get("http://127.0.0.1:" + port + "/-/ready").status(), s -> s == 200,
                            NativeProcess.STARTUP, "Prometheus to be ready: " + replica1.log() + replica2.log());
                }

                long until = System.nanoTime() + Duration.ofSeconds(15).toNanos();
                for (int round = 1; System.nanoTime() < until; round++) {
                    Http.get(petshop.url("/orders/" + (1 + round % 5)));
                    Http.get(petshop.url("/owners/7/pets/9"));
                    Http.get(petshop.url("/db/fail"));
                    Http.get(petshop.url("/boom"));
                    Http.get(frontend.url("/svc/call/java-http-client?url=" + encode(petshop.url("/prices/A"))));
                    Thread.sleep(250);
                }

                // both replicas scrape both services; in VictoriaMetrics their samples are one series per target
                Poll.until(() -> values(victoriaApi, "count(up{job=\"services\"} == 1)"), v -> v.equals(List.of("2")), Duration.ofSeconds(30),
                        "VictoriaMetrics to hold each service's `up` once; Prometheus log:\n" + replica1.log());
                assertEquals(List.of(), values(victoriaApi, "count({replica=~\".+\"})"), "no series in VictoriaMetrics carries `replica`");
                assertEquals(List.of("2"), values(prometheusApi, "count(up{job=\"services\"} == 1)"));

                // every dashboard query with data in Prometheus has data in VictoriaMetrics (given a few seconds to arrive)
                Set<String> expressions = dashboardExpressions(stack);
                Set<String> fromPrometheus = answering(prometheusApi, expressions);
                assertTrue(fromPrometheus.size() >= 30, "the dashboards' queries with data: " + fromPrometheus.size());
                Set<String> missing = Poll.until(() -> {
                    Set<String> notYet = new TreeSet<>(fromPrometheus);
                    notYet.removeAll(answering(victoriaApi, fromPrometheus));
                    return notYet;
                }, Set::isEmpty, Duration.ofSeconds(20), "every query answering from Prometheus to answer from VictoriaMetrics");
                assertEquals(Set.of(), missing);
                System.out.println("[stack] " + fromPrometheus.size() + " of the dashboards' " + expressions.size()
                        + " queries answer from Prometheus (the others need traffic these two apps do not make), all from VictoriaMetrics");
            }
        }
    }

    private static NativeProcess startPrometheus(String prometheus, JsonNode service, Path config, Path dir, String replica, int port) {
        List<String> command = new ArrayList<>(List.of(prometheus));
        strings(service.path("command")).stream()
                .filter(flag -> !flag.startsWith("--config.file") && !flag.startsWith("--storage.tsdb.path")).forEach(command::add);
        assertTrue(command.contains("--enable-feature=expand-external-labels"), command.toString());
        command.addAll(List.of("--config.file=" + config, "--storage.tsdb.path=" + dir.resolve("prometheus-" + replica),
                "--web.listen-address=127.0.0.1:" + port));
        assertEquals(replica, service.at("/environment/PROMETHEUS_REPLICA").asText());
        return NativeProcess.start(dir.resolve("prometheus-" + replica + ".log"), Map.of("PROMETHEUS_REPLICA", replica),
                command.toArray(new String[0]));
    }

    /** The generated file beside itself (its rule_files are relative), compose host names replaced by local ports. */
    private static Path onLoopback(Path config, Map<String, String> hosts) throws IOException {
        String text = Files.readString(config);
        for (Map.Entry<String, String> host : hosts.entrySet()) {
            assertTrue(text.contains("\"" + host.getKey() + "\"") || text.contains(host.getKey() + "/"), host.getKey() + " in " + config);
            text = text.replace(host.getKey(), host.getValue());
        }
        return Files.writeString(config.resolveSibling("prometheus-on-loopback.yml"), text);
    }

    private static Set<String> answering(String api, Set<String> expressions) {
        Set<String> answering = new TreeSet<>();
        for (String expr : expressions) {
            if (!query(api, expr).isEmpty()) {
                answering.add(expr);
            }
        }
        return answering;
    }

    private static List<String> values(String api, String expr) {
        List<String> values = new ArrayList<>();
        query(api, expr).forEach(series -> values.add(series.path("value").get(1).asText()));
        return values;
    }

    private static JsonNode query(String api, String expr) {
        Http.Response response = Http.get(api + "query?query=" + encode(expr));
        try {
            JsonNode body = JSON.readTree(response.body());
            assertEquals("success", body.path("status").asText(), expr + " -> " + response.body());
            return body.path("data").path("result");
        } catch (IOException e) {
            throw new AssertionError(expr + " -> " + response.body(), e);
        }
    }

    /** Every query of every generated dashboard, Grafana's variables as StackIT substitutes them. */
    private static Set<String> dashboardExpressions(Path stack) throws IOException {
        Set<String> exprs = new LinkedHashSet<>();
        try (Stream<Path> dashboards = Files.list(stack.resolve("grafana/dashboards"))) {
            for (Path file : dashboards.filter(p -> p.toString().endsWith(".json")).sorted().collect(Collectors.toList())) {
                for (JsonNode target : JSON.readTree(file.toFile()).findValues("targets")) {
                    target.forEach(t -> {
                        if (!t.path("expr").asText().isBlank()) {
                            exprs.add(StackIT.substitute(t.path("expr").asText()));
                        }
                    });
                }
            }
        }
        return exprs;
    }

    private static List<String> strings(JsonNode array) {
        List<String> strings = new ArrayList<>();
        array.forEach(s -> strings.add(s.asText()));
        return strings;
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
