package io.monitoring.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.monitoring.it.support.Artifacts;
import io.monitoring.it.support.Jdks;
import io.monitoring.it.support.KubernetesModels;
import io.monitoring.it.support.NativeProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
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
    void victoriaWithHaRemoteWritesFromTwoReplicasWithoutTheirReplicaLabelToADeduplicatingVictoriaMetricsThatGrafanaReads(
            @TempDir Path dir) throws IOException {
        Path stack = generateAndCheck(dir, "--services", "orders=orders:9464", "--storage", "victoria", "--ha", "--retention", "90d");
        JsonNode compose = composeConfig(stack);
        assertTrue(names(compose.path("services")).containsAll(List.of("prometheus", "prometheus-2", "alertmanager", "alertmanager-2",
                "victoriametrics")), names(compose.path("services")).toString());
        assertTrue(names(compose.path("volumes")).containsAll(List.of("prometheus-2-data", "alertmanager-2-data", "victoria-data")));
        List<String> victoria = strings(compose.at("/services/victoriametrics/command"));
        assertTrue(victoria.containsAll(List.of("-retentionPeriod=90d", "-dedup.minScrapeInterval=15s")), victoria.toString());
        assertTrue(strings(compose.at("/services/victoriametrics/volumes")).contains("victoria-data:/storage:rw"));
        // Prometheus keeps a week itself; the two replicas differ by their replica label only
        for (String replica : List.of("prometheus", "prometheus-2")) {
            List<String> command = strings(compose.at("/services/" + replica + "/command"));
            assertTrue(command.containsAll(List.of("--storage.tsdb.retention.time=7d", "--enable-feature=expand-external-labels")), command.toString());
        }
        assertEquals("1", compose.at("/services/prometheus/environment/PROMETHEUS_REPLICA").asText());
        assertEquals("2", compose.at("/services/prometheus-2/environment/PROMETHEUS_REPLICA").asText());
        assertTrue(strings(compose.at("/services/prometheus-2/volumes")).contains("prometheus-2-data:/prometheus:rw"));
        for (String alertmanager : List.of("alertmanager", "alertmanager-2")) {
            assertTrue(strings(compose.at("/services/" + alertmanager + "/command"))
                    .containsAll(List.of("--cluster.peer=alertmanager:9094", "--cluster.peer=alertmanager-2:9094")), alertmanager);
        }

        JsonNode prometheus = yaml(stack, "prometheus/prometheus.yml");
        assertEquals("${PROMETHEUS_REPLICA}", prometheus.at("/global/external_labels/replica").asText());
        assertEquals("[\"alertmanager:9093\",\"alertmanager-2:9093\"]", prometheus.at("/alerting/alertmanagers/0/static_configs/0/targets").toString());
        assertEquals("[{\"action\":\"labeldrop\",\"regex\":\"replica\"}]", prometheus.at("/alerting/alert_relabel_configs").toString());
        assertEquals("http://victoriametrics:8428/api/v1/write", prometheus.at("/remote_write/0/url").asText());
        assertEquals("[{\"action\":\"labeldrop\",\"regex\":\"replica\"}]", prometheus.at("/remote_write/0/write_relabel_configs").toString());
        assertEquals("victoriametrics http://victoriametrics:8428", defaultDatasource(stack));
    }

    @Test
    void thanosUploadsToMinioThroughASidecarAndGrafanaReadsTheDeduplicatingQuerier(@TempDir Path dir) throws IOException {
        Path stack = generateAndCheck(dir, "--services", "orders=orders:9464", "--storage", "thanos", "--retention", "1y");
        JsonNode compose = composeConfig(stack);
        assertTrue(names(compose.path("services")).containsAll(List.of("minio", "minio-init", "thanos-sidecar", "thanos-store",
                "thanos-compactor", "thanos-query")), names(compose.path("services")).toString());
        assertTrue(names(compose.path("volumes")).containsAll(List.of("minio-data", "thanos-store-data", "thanos-compactor-data")));
        assertTrue(strings(compose.at("/services/prometheus/command")).containsAll(List.of("--storage.tsdb.min-block-duration=2h",
                "--storage.tsdb.max-block-duration=2h", "--storage.tsdb.retention.time=7d")));
        assertTrue(strings(compose.at("/services/thanos-sidecar/volumes")).contains("prometheus-data:/prometheus:rw"));
        assertTrue(strings(compose.at("/services/thanos-compactor/command")).contains("--retention.resolution-raw=1y"));
        List<String> query = strings(compose.at("/services/thanos-query/command"));
        assertTrue(query.containsAll(List.of("--endpoint=thanos-sidecar:10901", "--endpoint=thanos-store:10901",
                "--query.replica-label=replica")), query.toString());
        // the bucket's password is a secret file, read by MinIO, by minio-init and by every Thanos component but the querier
        assertTrue(compose.at("/secrets/minio_root_password/file").asText().endsWith("thanos/secrets/minio_root_password"));
        assertEquals("minio_root_password", compose.at("/services/minio/environment/MINIO_ROOT_PASSWORD_FILE").asText());
        for (String service : List.of("minio", "minio-init", "thanos-sidecar", "thanos-store", "thanos-compactor")) {
            assertEquals("minio_root_password", compose.at("/services/" + service + "/secrets/0/source").asText(), service);
        }
        JsonNode objstore = yaml(stack, "thanos/objstore.yml");
        assertEquals("{\"bucket\":\"thanos\",\"endpoint\":\"minio:9000\",\"insecure\":true,\"access_key\":\"thanos\","
                + "\"secret_key\":\"$(MINIO_ROOT_PASSWORD)\"}", objstore.path("config").toString());
        assertTrue(Files.isRegularFile(stack.resolve("thanos/secrets/minio_root_password.example")));
        assertEquals("${PROMETHEUS_REPLICA}", yaml(stack, "prometheus/prometheus.yml").at("/global/external_labels/replica").asText());
        assertEquals("thanos http://thanos-query:10902", defaultDatasource(stack));
    }

    @Test
    void haWithLocalStorageGivesGrafanaBothReplicasAndThanosHaASidecarEach(@TempDir Path dir) throws IOException {
        Path local = generateAndCheck(dir.resolve("local"), "--services", "orders=orders:9464", "--ha");
        assertEquals("prometheus http://prometheus:9090", defaultDatasource(local));
        assertTrue(yaml(local, "grafana/provisioning/datasources/datasources.yml").toString().contains("\"url\":\"http://prometheus-2:9090\""));
        assertTrue(yaml(local, "prometheus/prometheus.yml").path("remote_write").isMissingNode());
        Path thanos = generateAndCheck(dir.resolve("thanos"), "--services", "orders=orders:9464", "--ha", "--storage", "thanos");
        JsonNode compose = composeConfig(thanos);
        assertEquals(List.of("--prometheus.url=http://prometheus-2:9090"), strings(compose.at("/services/thanos-sidecar-2/command")).stream()
                .filter(a -> a.startsWith("--prometheus.url")).collect(Collectors.toList()));
        assertTrue(strings(compose.at("/services/thanos-query/command")).contains("--endpoint=thanos-sidecar-2:10901"));
    }

    @Test
    void kubernetesManifestsAreOperatorResourcesThatTheModelsReadStrictlyWithTheStacksRulesAndDashboards(@TempDir Path dir)
            throws IOException {
        Path stack = generate(dir, "--services", "orders=orders:9464@payments,search=search:9500", "--target", "kubernetes", "--ha",
                "--alerts", "webhook,slack,pagerduty,opsgenie,email");
        assertFalse(Files.exists(stack.resolve("docker-compose.yml")) || Files.exists(stack.resolve("prometheus/prometheus.yml")),
                "the operator writes Prometheus' configuration");
        Map<String, List<String>> kinds = new TreeMap<>();
        Map<String, List<Object>> resources = new TreeMap<>();
        for (String file : files(stack, "kubernetes", ".yaml")) {
            for (Object resource : KubernetesModels.readStrictly(stack.resolve(file))) {
                kinds.computeIfAbsent(file, f -> new ArrayList<>()).add(resource.getClass().getSimpleName());
                resources.computeIfAbsent(resource.getClass().getSimpleName(), k -> new ArrayList<>()).add(resource);
            }
        }
        assertEquals("{kubernetes/alertmanager-config.yaml=[AlertmanagerConfig], kubernetes/alertmanager.yaml=[Alertmanager], "
                + "kubernetes/example-deployment.yaml=[Deployment], kubernetes/grafana-dashboards.yaml=[ConfigMap, ConfigMap, ConfigMap, ConfigMap], "
                + "kubernetes/pod-monitors.yaml=[PodMonitor, PodMonitor], kubernetes/prometheus-rules.yaml=[PrometheusRule, PrometheusRule], "
                + "kubernetes/prometheus.yaml=[ServiceAccount, ClusterRole, ClusterRoleBinding, Prometheus]}", kinds.toString());

        // --ha: two replicas of each; the rules and dashboards are the stack's own files, unchanged
        JsonNode prometheus = JSON.valueToTree(resources.get("Prometheus").get(0));
        assertEquals(2, prometheus.at("/spec/replicas").asInt());
        assertEquals("15d", prometheus.at("/spec/retention").asText());
        assertEquals(2, JSON.valueToTree(resources.get("Alertmanager").get(0)).at("/spec/replicas").asInt());
        String promtool = NativeProcess.require("promtool");
        for (Object rule : resources.get("PrometheusRule")) {
            JsonNode resource = JSON.valueToTree(rule);
            String source = "prometheus/rules/" + resource.at("/metadata/name").asText().replace("monitoring-agent-", "") + ".yml";
            assertEquals(yaml(stack, source), resource.path("spec"), source);
            Path extracted = dir.resolve(resource.at("/metadata/name").asText() + ".yml");
            YAML.writeValue(extracted.toFile(), resource.path("spec"));
            expectSuccess(NativeProcess.run(dir, TOOL, promtool, "check", "rules", extracted.toString()));
        }
        for (Object configMap : resources.get("ConfigMap")) {
            JsonNode resource = JSON.valueToTree(configMap);
            assertEquals("1", resource.at("/metadata/labels/grafana_dashboard").asText());
            String name = resource.path("data").fieldNames().next();
            assertEquals(JSON.readTree(stack.resolve("grafana/dashboards/" + name).toFile()), JSON.readTree(resource.path("data").path(name).asText()));
        }
        JsonNode orders = JSON.valueToTree(resources.get("PodMonitor").get(0));
        assertEquals("orders", orders.at("/spec/selector/matchLabels/app.kubernetes.io~1name").asText());
        assertEquals("metrics", orders.at("/spec/podMetricsEndpoints/0/port").asText());
        // the Deployment example: the agent through JAVA_TOOL_OPTIONS, the port the PodMonitor scrapes
        JsonNode app = JSON.valueToTree(resources.get("Deployment").get(0)).at("/spec/template/spec/containers/0");
        assertEquals("JAVA_TOOL_OPTIONS=-javaagent:/agent/monitoring-agent.jar", app.at("/env/0/name").asText() + "=" + app.at("/env/0/value").asText());
        assertEquals("metrics 9464", app.at("/ports/0/name").asText() + " " + app.at("/ports/0/containerPort").asText());

        // the routing of the compose stack: critical to pager and chat, a team's services to its own receivers
        JsonNode route = JSON.valueToTree(resources.get("AlertmanagerConfig").get(0)).at("/spec/route");
        assertEquals("chat", route.path("receiver").asText());
        assertEquals("webhook,payments-chat,pager,chat", stream(route.path("routes")).map(r -> r.path("receiver").asText())
                .collect(Collectors.joining(",")));
        assertEquals("service=~orders", route.at("/routes/1/matchers/0/name").asText() + route.at("/routes/1/matchers/0/matchType").asText()
                + route.at("/routes/1/matchers/0/value").asText());
        // every secret is a key of one Secret (one SMTP account sends for every team, as in the compose stack)
        Set<String> secretKeys = new TreeSet<>();
        JSON.valueToTree(resources.get("AlertmanagerConfig").get(0)).at("/spec/receivers").findValues("key").forEach(k -> secretKeys.add(k.asText()));
        assertEquals(Set.of("webhook_url", "slack_api_url", "smtp_password", "pagerduty_routing_key", "opsgenie_api_key",
                "payments_slack_api_url", "payments_pagerduty_routing_key", "payments_opsgenie_api_key"), secretKeys);
        String readme = Files.readString(stack.resolve("README.md"));
        for (String key : secretKeys) {
            assertTrue(readme.contains("--from-file=" + key + "=./" + key), key);
        }
        assertTrue(readme.contains("JAVA_TOOL_OPTIONS"));
    }

    @Test
    void theStrictReaderRejectsAFieldTheOperatorsModelDoesNotHave(@TempDir Path dir) throws IOException {
        Path misspelt = Files.writeString(dir.resolve("prometheus.yaml"), "apiVersion: monitoring.coreos.com/v1\nkind: Prometheus\n"
                + "metadata:\n  name: p\nspec:\n  replicas: 2\n  retension: 15d\n");
        AssertionError rejected = assertThrows(AssertionError.class, () -> KubernetesModels.readStrictly(misspelt));
        assertTrue(rejected.getMessage().contains("retension"), rejected.getMessage());
    }

    @Test
    void eachSloVariantWritesBurnRateAlertsWhoseGeneratedUnitTestsPassWithItsOwnThresholds(@TempDir Path dir) throws IOException {
        // the jar runs promtool test rules on the tests it derived from each objective (generateAndCheck); the
        // default, availability alone, is every other test's
        String python = NativeProcess.require("python3");
        String[][] variants = {
                {"latency=1s@99.9", "rate(http_request_duration_seconds_bucket{le=\"1.0\"}[5m])", "LatencyBudgetBurnFast"},
                {"availability=95,latency=10ms@95", "service:slo_slow_requests:ratio_rate6h > (6 * 0.05)", "ErrorBudgetBurnSteady"},
                {"availability=99.999,latency=2.5s@99.999", "service:slo_slow_requests:ratio_rate3d > (1 * 0.00001)", "LatencyBudgetBurnSlow"},
        };
        for (int i = 0; i < variants.length; i++) {
            Path stack = generateAndCheck(dir.resolve("v" + i), "--services", "orders=orders:9464", "--slo", variants[i][0],
                    "--dashboards", "slo,four-golden,security");
            String rules = Files.readString(stack.resolve("prometheus/rules/alerts.yml")) + Files.readString(stack.resolve("prometheus/rules/recording.yml"));
            assertTrue(rules.contains(variants[i][1]), variants[i][0] + ": " + variants[i][1]);
            assertTrue(Files.readString(stack.resolve("prometheus/tests/slo_test.yml")).contains("alertname: " + variants[i][2]), variants[i][0]);
            assertEquals(0, NativeProcess.run(stack, TOOL, python, "grafana/check_dashboards.py").exitCode(), variants[i][0]);
        }
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
                {"--storage=s3", "monitoring-agent stack: --storage: 's3' is not one of local, victoria, thanos"},
                {"--target=nomad", "monitoring-agent stack: --target: 'nomad' is not one of compose, kubernetes"},
                {"--ha=yes", "monitoring-agent stack: --ha takes no value"},
                {"--slo=latency=300ms@99", "monitoring-agent stack: --slo: latency threshold '300ms' is not a bucket bound of the agent's"
                        + " http_request_duration_seconds, so the share of slower requests cannot be counted; the nearest are 250ms and 500ms"
                        + " (bounds: 1ms 5ms 10ms 25ms 50ms 100ms 250ms 500ms 1s 2.5s 5s 10s)"},
                {"--dashboards=red,kpi", "monitoring-agent stack: --dashboards: 'kpi' is not one of red, dependencies, jvm, slo, four-golden, security"},
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
        assertTrue(help.contains("--retention DURATION   [15d]") && help.contains("--tracing BACKEND   [jaeger]")
                && help.contains("--storage BACKEND   [local]") && help.contains("--ha   [off]") && help.contains("--target TARGET   [compose]"), help);
        NativeProcess.Result thanosOnKubernetes = stack(dir, "--demo", "--target", "kubernetes", "--storage", "thanos");
        assertEquals(2, thanosOnKubernetes.exitCode());
        assertTrue(thanosOnKubernetes.output().startsWith("monitoring-agent stack: --storage thanos: only local with --target kubernetes"),
                thanosOnKubernetes.output());
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

    /** Runs the jar's stack command (for --target kubernetes: it checks the rules, there is no prometheus.yml). */
    private static Path generate(Path dir, String... options) {
        List<String> args = new ArrayList<>(Arrays.asList(options));
        args.addAll(List.of("--out", dir.resolve("stack").toString()));
        NativeProcess.Result result = stack(dir.getParent(), args.toArray(new String[0]));
        assertEquals(0, result.exitCode(), result.output());
        NativeProcess.require("promtool");
        assertTrue(result.output().contains("ok: promtool check rules") && result.output().contains("ok: promtool test rules"), result.output());
        return dir.resolve("stack");
    }

    /** The compose file as docker-compose resolves it: anchors merged, paths absolute, defaults filled in. */
    private static JsonNode composeConfig(Path stack) throws IOException {
        NativeProcess.Result result = NativeProcess.run(stack, TOOL, NativeProcess.require("docker-compose"), "-f", "docker-compose.yml", "config");
        expectSuccess(result);
        return YAML.readTree(result.output().lines().filter(l -> !l.startsWith("WARNING")).collect(Collectors.joining("\n")));
    }

    /** The uid and URL of Grafana's default data source, the one the dashboards' datasource variable starts on. */
    private static String defaultDatasource(Path stack) throws IOException {
        List<String> defaults = new ArrayList<>();
        for (JsonNode datasource : yaml(stack, "grafana/provisioning/datasources/datasources.yml").path("datasources")) {
            if (datasource.path("isDefault").asBoolean()) {
                defaults.add(datasource.path("uid").asText() + " " + datasource.path("url").asText());
            }
        }
        assertEquals(1, defaults.size(), defaults.toString());
        return defaults.get(0);
    }

    private static Stream<JsonNode> stream(JsonNode array) {
        List<JsonNode> all = new ArrayList<>();
        array.forEach(all::add);
        return all.stream();
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
        return files(stack, subdir, ".yml");
    }

    private static List<String> files(Path stack, String subdir, String suffix) {
        try (Stream<Path> all = Files.list(stack.resolve(subdir))) {
            return all.map(p -> subdir + "/" + p.getFileName()).filter(p -> p.endsWith(suffix)).sorted().collect(Collectors.toList());
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
