package io.monitoring.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.monitoring.it.support.Artifacts;
import io.monitoring.it.support.Jdks;
import io.monitoring.it.support.NativeProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code java -jar monitoring-agent.jar stack [options]}, the real jar: each option set writes a stack that the real
 * {@code promtool}, {@code amtool} and {@code docker-compose} accept (Debian's packages; absent, the test is skipped
 * with the reason, a failure under {@code CI=true}), Alertmanager routes every severity and team where the options
 * say, the repository's {@code stack/} is exactly the output of {@code stack --demo}, a bad option is one line and
 * exit code 2, and the generator is never loaded when the same jar runs as an agent.
 */
class StackGeneratorIT {
    private static final Path STACK = Artifacts.appsDir().resolve("../stack").normalize();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TOOL = Duration.ofSeconds(120);

    @Test
    void defaultsWriteJaegerOnAVolumeFifteenDaysRetentionFifteenSecondScrapesAndChatPlusWebhookAlerts(@TempDir Path dir) throws IOException {
        Path stack = generateAndCheck(dir, "--services", "orders=orders:9464,billing=10.0.0.5:9500");
        JsonNode compose = yaml(stack, "docker-compose.yml");
        assertEquals(List.of("alertmanager", "grafana", "jaeger", "prometheus", "trace-storage-init", "webhook-sink"),
                names(compose.path("services")));
        assertEquals(List.of("alertmanager-data", "grafana-data", "prometheus-data", "trace-data"), names(compose.path("volumes")));
        assertTrue(strings(compose.at("/services/prometheus/command")).contains("--storage.tsdb.retention.time=15d"));
        assertEquals("badger", compose.at("/services/jaeger/environment/SPAN_STORAGE_TYPE").asText());
        assertTrue(strings(compose.at("/services/jaeger/volumes")).contains("trace-data:/badger"));
        assertTrue(strings(compose.at("/services/grafana/volumes")).contains("grafana-data:/var/lib/grafana"));

        JsonNode prometheus = yaml(stack, "prometheus/prometheus.yml");
        assertEquals("15s", prometheus.at("/global/scrape_interval").asText());
        JsonNode services = prometheus.at("/scrape_configs/2");
        assertEquals("services", services.path("job_name").asText());
        assertEquals("[{\"targets\":[\"orders:9464\"],\"labels\":{\"service\":\"orders\"}},"
                + "{\"targets\":[\"10.0.0.5:9500\"],\"labels\":{\"service\":\"billing\"}}]", services.path("static_configs").toString());

        assertEquals("webhook,chat", route(stack, "severity=critical"));
        assertEquals("webhook,chat", route(stack, "severity=warning"));
        assertEquals("jaeger", yaml(stack, "grafana/provisioning/datasources/datasources.yml")
                .at("/datasources/0/jsonData/exemplarTraceIdDestinations/0/datasourceUid").asText());
    }

    @Test
    void everyAlertChannelReadsItsSecretFromAFileAndRoutesWarningToChatCriticalToThePagerAndEachTeamToItsOwn(@TempDir Path dir)
            throws IOException {
        Path stack = generateAndCheck(dir, "--services", "orders=orders:9464@payments,search=search:9464@search,web=web:9464",
                "--alerts", "webhook,slack,pagerduty,opsgenie,email", "--email-to", "oncall@shop.example", "--smtp", "mail.shop.example:587");
        assertEquals("webhook,pager,chat", route(stack, "severity=critical"));
        assertEquals("webhook,chat", route(stack, "severity=warning"));
        assertEquals("webhook,payments-pager,payments-chat", route(stack, "severity=critical", "team=payments"));
        assertEquals("webhook,search-chat", route(stack, "severity=warning", "team=search"));
        // Prometheus gives the alerts of a service the team of --services NAME=HOST:PORT@TEAM
        JsonNode relabel = yaml(stack, "prometheus/prometheus.yml").at("/alerting/alert_relabel_configs");
        assertEquals("[{\"source_labels\":[\"service\"],\"regex\":\"orders\",\"target_label\":\"team\",\"replacement\":\"payments\"},"
                + "{\"source_labels\":[\"service\"],\"regex\":\"search\",\"target_label\":\"team\",\"replacement\":\"search\"}]",
                relabel.toString());

        JsonNode am = yaml(stack, "alertmanager/alertmanager.yml");
        assertEquals("/etc/alertmanager/secrets/smtp_password", am.at("/global/smtp_auth_password_file").asText());
        List<String> secretFiles = new ArrayList<>();
        for (JsonNode receiver : am.path("receivers")) {
            receiver.fields().forEachRemaining(channel -> {
                for (JsonNode config : channel.getValue()) {
                    config.fields().forEachRemaining(field -> {
                        if (field.getKey().endsWith("_file")) {
                            secretFiles.add(receiver.path("name").asText() + " " + field.getValue().asText());
                        }
                        // no secret is ever in the configuration itself
                        assertFalse(List.of("api_url", "routing_key", "service_key", "api_key", "auth_password").contains(field.getKey()),
                                receiver + " " + field.getKey());
                    });
                }
            });
        }
        assertEquals(List.of(
                "chat /etc/alertmanager/secrets/slack_api_url", "pager /etc/alertmanager/secrets/pagerduty_routing_key",
                "pager /etc/alertmanager/secrets/opsgenie_api_key",
                "payments-chat /etc/alertmanager/secrets/payments/slack_api_url",
                "payments-pager /etc/alertmanager/secrets/payments/pagerduty_routing_key",
                "payments-pager /etc/alertmanager/secrets/payments/opsgenie_api_key",
                "search-chat /etc/alertmanager/secrets/search/slack_api_url",
                "search-pager /etc/alertmanager/secrets/search/pagerduty_routing_key",
                "search-pager /etc/alertmanager/secrets/search/opsgenie_api_key"), secretFiles);
        String secretsReadme = Files.readString(stack.resolve("alertmanager/secrets/README.md"));
        for (String file : List.of("slack_api_url", "smtp_password", "pagerduty_routing_key", "opsgenie_api_key", "payments/slack_api_url")) {
            assertTrue(secretsReadme.contains("| `" + file + "` |"), file);
        }
        for (String example : List.of("slack_api_url", "smtp_password", "pagerduty_routing_key", "opsgenie_api_key")) {
            assertTrue(Files.isRegularFile(stack.resolve("alertmanager/secrets/" + example + ".example")), example);
        }
    }

    @Test
    void aPagerAloneTakesEveryAlertAndEmailAloneIsTheChat(@TempDir Path dir) throws IOException {
        Path pager = generateAndCheck(dir.resolve("pager"), "--services", "orders=orders:9464", "--alerts", "pagerduty");
        assertEquals("pager", route(pager, "severity=critical"));
        assertEquals("pager", route(pager, "severity=warning"));
        assertFalse(names(yaml(pager, "docker-compose.yml").path("services")).contains("webhook-sink"));
        Path email = generateAndCheck(dir.resolve("email"), "--services", "orders=orders:9464", "--alerts", "email");
        assertEquals("chat", route(email, "severity=critical"));
        assertEquals("oncall@example.com", yaml(email, "alertmanager/alertmanager.yml").at("/receivers/0/email_configs/0/to").asText());
    }

    @Test
    void tempoKeepsTracesOnAVolumeAndIsGrafanasTraceSource(@TempDir Path dir) throws IOException {
        Path stack = generateAndCheck(dir, "--services", "orders=orders:9464", "--tracing", "tempo");
        JsonNode compose = yaml(stack, "docker-compose.yml");
        assertEquals(List.of("alertmanager", "grafana", "prometheus", "tempo", "trace-storage-init", "webhook-sink"),
                names(compose.path("services")));
        assertTrue(strings(compose.at("/services/tempo/volumes")).contains("trace-data:/var/tempo"));
        assertEquals("local", yaml(stack, "tempo/tempo.yaml").at("/storage/trace/backend").asText());
        assertTraceSource(stack, "tempo", "http://tempo:3200");
    }

    @Test
    void zipkinReceivesTheAgentsOtlpThroughAnOpenTelemetryCollector(@TempDir Path dir) throws IOException {
        Path stack = generateAndCheck(dir, "--demo", "--tracing", "zipkin");
        JsonNode compose = yaml(stack, "docker-compose.yml");
        assertTrue(names(compose.path("services")).containsAll(List.of("otel-collector", "zipkin")));
        assertFalse(names(compose.path("volumes")).contains("trace-data"), "Zipkin's own storage is in memory");
        assertEquals("http://otel-collector:4318", compose.at("/services/frontend/environment/MONITORING_OTLP_ENDPOINT").asText());
        JsonNode collector = yaml(stack, "otel-collector/config.yaml");
        assertEquals("http://zipkin:9411/api/v2/spans", collector.at("/exporters/zipkin/endpoint").asText());
        assertEquals("[\"otlp\"]", collector.at("/service/pipelines/traces/receivers").toString());
        assertTraceSource(stack, "zipkin", "http://zipkin:9411");
    }

    @Test
    void withoutTracingTheDemoServicesExportNoSpansAndGrafanaHasNoTraceSource(@TempDir Path dir) throws IOException {
        Path stack = generateAndCheck(dir, "--demo", "--tracing", "none");
        JsonNode compose = yaml(stack, "docker-compose.yml");
        assertEquals(List.of("alertmanager", "backend", "frontend", "grafana", "postgres", "prometheus", "redis", "webhook-sink"),
                names(compose.path("services")));
        assertEquals("none", compose.at("/services/backend/environment/MONITORING_TRACES_EXPORTER").asText());
        JsonNode datasources = yaml(stack, "grafana/provisioning/datasources/datasources.yml").path("datasources");
        assertEquals(1, datasources.size());
        assertTrue(datasources.at("/0/jsonData/exemplarTraceIdDestinations").isMissingNode());
    }

    @Test
    void retentionAndScrapeIntervalReachPrometheusAndGrafana(@TempDir Path dir) throws IOException {
        Path stack = generateAndCheck(dir, "--services", "orders=orders:9464", "--retention", "90d", "--scrape-interval", "5s");
        assertTrue(strings(yaml(stack, "docker-compose.yml").at("/services/prometheus/command")).contains("--storage.tsdb.retention.time=90d"));
        JsonNode global = yaml(stack, "prometheus/prometheus.yml").path("global");
        assertEquals("{\"scrape_interval\":\"5s\",\"evaluation_interval\":\"5s\",\"scrape_timeout\":\"5s\"}", global.toString());
        assertEquals("5s", yaml(stack, "grafana/provisioning/datasources/datasources.yml").at("/datasources/0/jsonData/timeInterval").asText());
    }

    @Test
    void everyExporterIsAComposeServiceAScrapeJobAndDashboardPanelsWithAlertsThatHaveRunbooksAndUnitTests(@TempDir Path dir)
            throws IOException {
        Path stack = generateAndCheck(dir, "--services", "orders=orders:9464@payments", "--exporters", "node,blackbox,postgres,redis,cadvisor",
                "--postgres", "monitor@db.internal:5433/orders", "--redis", "cache.internal:6380");
        JsonNode compose = yaml(stack, "docker-compose.yml");
        assertTrue(names(compose.path("services")).containsAll(
                List.of("node-exporter", "blackbox-exporter", "postgres-exporter", "redis-exporter", "cadvisor")), compose.toString());
        JsonNode postgres = compose.at("/services/postgres-exporter/environment");
        assertEquals("{\"DATA_SOURCE_URI\":\"db.internal:5433/orders?sslmode=disable\",\"DATA_SOURCE_USER\":\"monitor\","
                + "\"DATA_SOURCE_PASS_FILE\":\"/etc/postgres-exporter/secrets/postgres_password\"}", postgres.toString());
        assertTrue(strings(compose.at("/services/postgres-exporter/volumes")).contains("./postgres-exporter/secrets:/etc/postgres-exporter/secrets:ro"));
        assertTrue(Files.isRegularFile(stack.resolve("postgres-exporter/secrets/postgres_password.example")));
        assertEquals("redis://cache.internal:6380", compose.at("/services/redis-exporter/environment/REDIS_ADDR").asText());

        JsonNode prometheus = yaml(stack, "prometheus/prometheus.yml");
        Map<String, JsonNode> jobs = new TreeMap<>();
        prometheus.path("scrape_configs").forEach(job -> jobs.put(job.path("job_name").asText(), job));
        assertEquals(List.of("alertmanager", "blackbox", "cadvisor", "node", "postgres", "prometheus", "redis", "services"),
                new ArrayList<>(jobs.keySet()));
        // each service's metrics endpoint is probed by default, labelled with its service
        assertEquals("[{\"targets\":[\"http://orders:9464/metrics\"],\"labels\":{\"service\":\"orders\"}}]",
                jobs.get("blackbox").path("static_configs").toString());
        assertEquals("db.internal:5433", jobs.get("postgres").at("/static_configs/0/labels/instance").asText());
        String blackboxCheck = NativeProcess.require("prometheus-blackbox-exporter");
        expectSuccess(NativeProcess.run(stack, TOOL, blackboxCheck, "--config.check", "--config.file=blackbox/blackbox.yml"));

        // every alert of the exporters: severity, annotations, a runbook here, a unit test
        String tests = Files.readString(stack.resolve("prometheus/tests/exporters_test.yml"));
        List<String> alerts = new ArrayList<>();
        for (JsonNode group : yaml(stack, "prometheus/rules/exporters.yml").path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                String name = rule.path("alert").asText();
                alerts.add(name);
                assertTrue(rule.at("/labels/severity").isTextual(), name);
                String runbook = rule.at("/annotations/runbook_url").asText();
                assertTrue(Files.isRegularFile(stack.resolve("runbooks").resolve(runbook.substring(runbook.lastIndexOf('/') + 1))), name + " " + runbook);
                assertTrue(tests.contains("alertname: " + name), name + " has a unit test");
            }
        }
        assertEquals(List.of("HostDiskAlmostFull", "HostCpuSaturated", "HostMemoryLow", "ProbeFailing", "PostgresDown",
                "PostgresConnectionsNearMax", "RedisDown", "RedisMemoryNearMax"), alerts);

        JsonNode dashboard = JSON.readTree(stack.resolve("grafana/dashboards/infrastructure.json").toFile());
        List<String> titles = new ArrayList<>();
        dashboard.path("panels").forEach(panel -> titles.add(panel.path("title").asText()));
        assertTrue(titles.containsAll(List.of("Host: CPU busy", "Host: disk space used", "Probe success", "PostgreSQL connections vs max",
                "Redis memory used vs maxmemory", "Redis hit ratio", "Containers: CPU (cores used)")), titles.toString());
    }

    @Test
    void anExporterAloneHasOnlyItsOwnAlertsPanelsAndFiles(@TempDir Path dir) throws IOException {
        Path redis = generateAndCheck(dir.resolve("redis"), "--services", "orders=orders:9464", "--exporters", "redis");
        assertEquals(List.of("RedisDown", "RedisMemoryNearMax"), alertNames(redis, "prometheus/rules/exporters.yml"));
        assertFalse(Files.exists(redis.resolve("blackbox")) || Files.exists(redis.resolve("postgres-exporter")));
        JsonNode panels = JSON.readTree(redis.resolve("grafana/dashboards/infrastructure.json").toFile()).path("panels");
        panels.forEach(panel -> assertTrue(panel.path("title").asText().matches("Exporters up|Redis.*"), panel.path("title").asText()));
    }

    @Test
    void eachDiscoveryGivesItsTargetsTheServiceLabelAndPromtoolAcceptsTheConfiguration(@TempDir Path dir) throws IOException {
        Path stack = generateAndCheck(dir.resolve("found"), "--services", "web=web:9464",
                "--discovery", "docker,dns:tasks.orders,dns:billing.internal:9500,dns:_metrics._tcp.search.example,file");
        Map<String, JsonNode> jobs = new TreeMap<>();
        yaml(stack, "prometheus/prometheus.yml").path("scrape_configs").forEach(job -> jobs.put(job.path("job_name").asText(), job));
        assertEquals(List.of("alertmanager", "dns", "docker", "files", "prometheus", "services"), new ArrayList<>(jobs.keySet()));

        JsonNode docker = jobs.get("docker");
        assertEquals("[{\"name\":\"label\",\"values\":[\"monitoring.scrape=true\"]}]", docker.at("/docker_sd_configs/0/filters").toString());
        assertEquals("10.0.0.7:9500", relabel(docker, "__address__", Map.of("__address__", "10.0.0.7:8080",
                "__meta_docker_network_ip", "10.0.0.7", "__meta_docker_container_label_monitoring_port", "9500")));
        assertEquals("10.0.0.7:9464", relabel(docker, "__address__", Map.of("__address__", "10.0.0.7:8080", "__meta_docker_network_ip", "10.0.0.7")));
        assertEquals("shop-orders-1", relabel(docker, "service", Map.of("__meta_docker_container_name", "/shop-orders-1")));
        assertEquals("orders", relabel(docker, "service", Map.of("__meta_docker_container_name", "/shop-orders-1",
                "__meta_docker_container_label_com_docker_compose_service", "orders")));
        assertEquals("checkout", relabel(docker, "service", Map.of("__meta_docker_container_name", "/shop-orders-1",
                "__meta_docker_container_label_com_docker_compose_service", "orders", "__meta_docker_container_label_monitoring_service", "checkout")));
        JsonNode compose = yaml(stack, "docker-compose.yml");
        assertTrue(strings(compose.at("/services/prometheus/volumes")).contains("/var/run/docker.sock:/var/run/docker.sock:ro"));
        assertEquals("root", compose.at("/services/prometheus/user").asText());

        JsonNode dns = jobs.get("dns");
        assertEquals("[{\"names\":[\"tasks.orders\"],\"type\":\"A\",\"port\":9464},{\"names\":[\"billing.internal\"],\"type\":\"A\",\"port\":9500},"
                + "{\"names\":[\"_metrics._tcp.search.example\"],\"type\":\"SRV\"}]", dns.path("dns_sd_configs").toString());
        for (String[] name : new String[][] {{"tasks.orders", "orders"}, {"billing.internal", "billing"}, {"_metrics._tcp.search.example", "search"}}) {
            assertEquals(name[1], relabel(dns, "service", Map.of("__meta_dns_name", name[0])), name[0]);
        }

        JsonNode files = jobs.get("files");
        assertEquals("[\"targets/*.json\"]", files.at("/file_sd_configs/0/files").toString());
        assertEquals("orders", relabel(files, "service", Map.of("__address__", "orders-1:9464", "service", "orders")));
        assertEquals("billing.example.internal", relabel(files, "service", Map.of("__address__", "billing.example.internal:9500")));
        JsonNode example = JSON.readTree(stack.resolve("prometheus/targets/services.json.example").toFile());
        assertEquals("orders", example.at("/0/labels/service").asText());

        // Kubernetes discovery: Debian 12's promtool has none, so the command checks the rest and says so
        Path kubernetes = dir.resolve("kubernetes");
        NativeProcess.Result result = stack(dir, "--discovery", "kubernetes", "--out", kubernetes.toString());
        assertEquals(0, result.exitCode(), result.output());
        assertTrue(result.output().contains("ok: promtool check config prometheus/prometheus.yml"), result.output());
        JsonNode pods = yaml(kubernetes, "prometheus/prometheus.yml").at("/scrape_configs/2");
        assertEquals("kubernetes-pods", pods.path("job_name").asText());
        assertEquals("pod", pods.at("/kubernetes_sd_configs/0/role").asText());
        Map<String, String> pod = Map.of("__address__", "10.1.2.3:8080", "__meta_kubernetes_pod_annotation_prometheus_io_port", "9500",
                "__meta_kubernetes_pod_label_app", "orders-v2", "__meta_kubernetes_pod_label_app_kubernetes_io_name", "orders");
        assertEquals("10.1.2.3:9500", relabel(pods, "__address__", pod));
        assertEquals("10.1.2.3:9464", relabel(pods, "__address__", Map.of("__address__", "10.1.2.3")));
        assertEquals("orders", relabel(pods, "service", pod));
        assertEquals("/actuator/prometheus", relabel(pods, "__metrics_path__", Map.of("__metrics_path__", "/metrics",
                "__meta_kubernetes_pod_annotation_prometheus_io_path", "/actuator/prometheus")));
    }

    /**
     * A label after a job's replace rules (keep and drop, which select targets, are left out),
     * applied the way Prometheus does: source labels joined by ';', the regex anchored at both ends, $1 and $2
     * expanded, no change when it does not match.
     */
    private static String relabel(JsonNode job, String label, Map<String, String> discovered) {
        Map<String, String> labels = new java.util.HashMap<>(discovered);
        for (JsonNode rule : job.path("relabel_configs")) {
            String action = rule.path("action").asText("replace");
            if (!action.equals("replace")) {
                continue;
            }
            List<String> values = new ArrayList<>();
            rule.path("source_labels").forEach(source -> values.add(labels.getOrDefault(source.asText(), "")));
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("^(?:" + rule.path("regex").asText("(.*)") + ")$")
                    .matcher(String.join(";", values));
            if (m.matches()) {
                String replaced = rule.path("replacement").asText("$1").replace("$2", m.groupCount() >= 2 ? nullToEmpty(m.group(2)) : "")
                        .replace("$1", m.groupCount() >= 1 ? nullToEmpty(m.group(1)) : "");
                labels.put(rule.path("target_label").asText(), replaced);
            }
        }
        return labels.get(label);
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    private static List<String> alertNames(Path stack, String file) throws IOException {
        List<String> names = new ArrayList<>();
        for (JsonNode group : yaml(stack, file).path("groups")) {
            group.path("rules").forEach(rule -> names.add(rule.path("alert").asText()));
        }
        return names;
    }

    @Test
    void theCommittedStackIsByteForByteTheJarsOutputForStackDemo(@TempDir Path dir) throws IOException {
        Path stack = generateAndCheck(dir, "--demo");
        Map<String, String> generated = contents(stack);
        Map<String, String> committed = contents(STACK);
        committed.keySet().removeIf(p -> p.equals(".env")
                || p.startsWith("alertmanager/secrets/") && !p.endsWith(".example") && !p.endsWith("README.md") && !p.endsWith(".gitignore"));
        assertEquals(generated.keySet(), committed.keySet(), "stack/ must be exactly `stack --demo`: edit the templates, then regenerate (stack/README.md)");
        List<String> differing = generated.keySet().stream().filter(p -> !generated.get(p).equals(committed.get(p))).collect(Collectors.toList());
        assertEquals(List.of(), differing, "stack/ must be exactly `stack --demo`: edit the templates, then regenerate (stack/README.md)");
        assertTrue(Files.isExecutable(stack.resolve("demo/entrypoint.sh")));
    }

    @Test
    void aBadOptionOrValueIsOneLineNamingItAndExitCode2(@TempDir Path dir) throws IOException {
        String[][] cases = {
                {"--tracing=kafka", "monitoring-agent stack: --tracing: 'kafka' is not one of jaeger, tempo, zipkin, none"},
                {"--alerts=slack,sms", "monitoring-agent stack: --alerts: 'sms' is not one of webhook, slack, pagerduty, opsgenie, email"},
                {"--retention=1d", "monitoring-agent stack: --retention: '1d' is shorter than 3d, the longest window of the SLO rules and dashboard"},
                {"--scrape-interval=fast", "monitoring-agent stack: --scrape-interval: 'fast' is not a duration like 15s, 30d or 1h30m"},
                {"--services=orders=orders:0", "monitoring-agent stack: --services: '0' in 'orders=orders:0' is not a port (1-65535)"},
                {"--verbose", "monitoring-agent stack: unknown option --verbose"},
        };
        for (String[] c : cases) {
            NativeProcess.Result result = stack(dir, c[0], "--demo", "--out", dir.resolve("never").toString());
            assertEquals(2, result.exitCode(), c[0] + ": " + result.output());
            assertEquals(c[1] + "\n", result.output(), c[0]);
        }
        assertEquals("monitoring-agent: unknown command 'stacks'; the only command is stack (see --help)\n",
                run(dir, "stacks").output());
        assertFalse(Files.exists(dir.resolve("never")));
        String help = stack(dir, "--help").output();
        assertTrue(help.contains("--retention DURATION   [15d]") && help.contains("--tracing BACKEND   [jaeger]"), help);
    }

    @Test
    void aNonEmptyDirectoryNeedsForceWhichKeepsTheUsersOwnFiles(@TempDir Path dir) throws IOException {
        Path secret = Files.createDirectories(dir.resolve("alertmanager/secrets")).resolve("slack_api_url");
        Files.writeString(secret, "https://hooks.slack.example/mine\n");
        NativeProcess.Result refused = stack(dir, "--demo", "--out", dir.toString());
        assertEquals(2, refused.exitCode(), refused.output());
        assertEquals("monitoring-agent stack: --out " + dir + " is not empty; give --force to replace the files the generator writes\n",
                refused.output());
        assertEquals(0, stack(dir, "--demo", "--out", dir.toString(), "--force").exitCode());
        assertEquals("https://hooks.slack.example/mine\n", Files.readString(secret));
        assertTrue(Files.isRegularFile(dir.resolve("docker-compose.yml")));
    }

    @Test
    void aDryRunListsAndValidatesAndWritesNothing(@TempDir Path dir) {
        NativeProcess.Result result = stack(dir, "--demo", "--dry-run", "--out", dir.resolve("stack").toString());
        assertEquals(0, result.exitCode(), result.output());
        assertTrue(result.output().contains("  docker-compose.yml (") && result.output().contains("  ok: amtool check-config"), result.output());
        assertFalse(Files.exists(dir.resolve("stack")));
    }

    @Test
    void runningAsAnAgentNeverLoadsTheGenerator(@TempDir Path dir) throws IOException {
        Path hello = Files.writeString(dir.resolve("Hello.java"), "class Hello { public static void main(String[] a) { System.out.println(\"hello\"); } }");
        NativeProcess.Result result = NativeProcess.run(dir, TOOL, Jdks.current().java().toString(),
                "-javaagent:" + Artifacts.agentJar(), "-Dmonitoring.metrics.port=0", "-Dmonitoring.traces.exporter=none",
                "-Xlog:class+load=info", hello.toString());
        assertEquals(0, result.exitCode(), result.output());
        assertTrue(result.output().contains("io.monitoring.agent.AgentMain "), "the agent ran");
        List<String> generator = result.output().lines()
                .filter(l -> l.contains("io.monitoring.agent.stack.") || l.contains("io.monitoring.agent.launcher.Main "))
                .collect(Collectors.toList());
        assertEquals(List.of(), generator);
    }

    /** Runs the jar's stack command, checks it ran every tool and they passed, then runs them again here. */
    private static Path generateAndCheck(Path dir, String... options) {
        String promtool = NativeProcess.require("promtool");
        String amtool = NativeProcess.require("amtool");
        String compose = NativeProcess.require("docker-compose");
        List<String> args = new ArrayList<>(Arrays.asList(options));
        args.addAll(List.of("--out", dir.resolve("stack").toString()));
        NativeProcess.Result result = stack(dir.getParent(), args.toArray(new String[0]));
        assertEquals(0, result.exitCode(), result.output());
        for (String check : List.of("ok: promtool check config", "ok: promtool check rules", "ok: promtool test rules", "ok: amtool check-config")) {
            assertTrue(result.output().contains(check), check + " in\n" + result.output());
        }
        Path stack = dir.resolve("stack");
        expectSuccess(NativeProcess.run(stack, TOOL, promtool, "check", "config", "prometheus/prometheus.yml"));
        expectSuccess(NativeProcess.run(stack, TOOL, concat(List.of(promtool, "check", "rules"), files(stack, "prometheus/rules"))));
        expectSuccess(NativeProcess.run(stack, TOOL, concat(List.of(promtool, "test", "rules"), files(stack, "prometheus/tests"))));
        expectSuccess(NativeProcess.run(stack, TOOL, amtool, "check-config", "alertmanager/alertmanager.yml"));
        expectSuccess(NativeProcess.run(stack, TOOL, compose, "-f", "docker-compose.yml", "config", "-q"));
        return stack;
    }

    /** The receivers amtool says an alert with these labels reaches, in order. */
    private static String route(Path stack, String... labels) {
        List<String> command = new ArrayList<>(List.of(NativeProcess.require("amtool"), "config", "routes", "test",
                "--config.file=alertmanager/alertmanager.yml"));
        command.addAll(Arrays.asList(labels));
        NativeProcess.Result result = NativeProcess.run(stack, TOOL, command.toArray(new String[0]));
        assertEquals(0, result.exitCode(), result.output());
        return result.output().lines().filter(l -> !l.startsWith("Warning:")).collect(Collectors.joining()).strip();
    }

    private static void assertTraceSource(Path stack, String uid, String url) throws IOException {
        JsonNode datasources = yaml(stack, "grafana/provisioning/datasources/datasources.yml").path("datasources");
        assertEquals(uid, datasources.at("/0/jsonData/exemplarTraceIdDestinations/0/datasourceUid").asText());
        assertEquals(uid, datasources.at("/1/uid").asText());
        assertEquals(url, datasources.at("/1/url").asText());
    }

    private static NativeProcess.Result stack(Path dir, String... args) {
        List<String> all = new ArrayList<>(List.of("stack"));
        all.addAll(Arrays.asList(args));
        return run(dir, all.toArray(new String[0]));
    }

    private static NativeProcess.Result run(Path dir, String... args) {
        List<String> command = new ArrayList<>(List.of(Jdks.current().java().toString(), "-jar", Artifacts.agentJar().toString()));
        command.addAll(Arrays.asList(args));
        return NativeProcess.run(dir, TOOL, command.toArray(new String[0]));
    }

    private static JsonNode yaml(Path stack, String file) throws IOException {
        return YAML.readTree(stack.resolve(file).toFile());
    }

    private static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        names.sort(null);
        return names;
    }

    private static List<String> strings(JsonNode array) {
        List<String> strings = new ArrayList<>();
        array.forEach(s -> strings.add(s.asText()));
        return strings;
    }

    private static Map<String, String> contents(Path root) throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            Map<String, String> files = new TreeMap<>();
            for (Path p : (Iterable<Path>) all.filter(Files::isRegularFile)::iterator) {
                files.put(root.relativize(p).toString(), Files.readString(p));
            }
            return files;
        }
    }

    private static List<String> files(Path stack, String subdir) {
        try (Stream<Path> all = Files.list(stack.resolve(subdir))) {
            return all.map(p -> subdir + "/" + p.getFileName()).filter(p -> p.endsWith(".yml")).sorted().collect(Collectors.toList());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static String[] concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all.toArray(new String[0]);
    }

    private static void expectSuccess(NativeProcess.Result result) {
        assertEquals(0, result.exitCode(), result.output());
    }
}
