package io.monitoring.agent.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The repository's {@code stack/} is the generator's output for {@code stack --demo}, byte for byte: one source of
 * truth, the templates. A hand edit of {@code stack/} fails here with the way to make it right.
 */
class StackTemplatesTest {
  private static final Path STACK = Path.of("../stack");
  private static final String FIX = "stack/ is generated: edit the template under agent/src/main/resources/"
      + StackGenerator.TEMPLATES + " (same path) instead, then regenerate: ./mvnw -q -pl agent -am package -DskipTests"
      + " && (cd stack && java -jar ../agent/target/monitoring-agent.jar stack --demo --out . --force)";

  @Test
  void theCommittedStackIsExactlyTheOutputOfStackDemo() throws Exception {
    Map<String, String> generated = StackGenerator.generate(StackOptions.parse(List.of("--demo")));
    TreeSet<String> onDisk = committedFiles();
    assertEquals(new TreeSet<>(generated.keySet()), onDisk, "the files of stack/ differ from the generator's. " + FIX);
    List<String> differing = new ArrayList<>();
    for (Map.Entry<String, String> file : generated.entrySet()) {
      if (!file.getValue().equals(Files.readString(STACK.resolve(file.getKey()), StandardCharsets.UTF_8))) {
        differing.add(file.getKey());
      }
    }
    assertEquals(List.of(), differing, "these files of stack/ differ from their templates' output. " + FIX);
  }

  @Test
  void everyBadOptionIsOneLineNamingItAndExitCode2() {
    String[][] cases = {
        {"--tracing=kafka", "--tracing: 'kafka' is not one of jaeger, tempo, zipkin, none"},
        {"--alerts=slack,sms", "--alerts: 'sms' is not one of webhook, slack, pagerduty, opsgenie, email"},
        {"--retention=15 days", "--retention: '15 days' is not a duration like 15s, 30d or 1h30m"},
        {"--scrape-interval=0s", "--scrape-interval: '0s' is not a duration like 15s, 30d or 1h30m"},
        {"--services=orders=orders:99999", "--services: '99999' in 'orders=orders:99999' is not a port (1-65535)"},
        {"--services=Orders=orders:9464", "--services: 'Orders' is not a service name (lower-case letters, digits, - and _)"},
        {"--services=orders", "--services: 'orders' is not NAME=HOST:PORT"},
        {"--colour", "unknown option --colour"},
        {"", "no services to monitor: give --services NAME=HOST:PORT,... (or --demo, or --discovery); see --help"},
    };
    for (String[] c : cases) {
      List<String> args = new ArrayList<>();
      if (!c[0].isEmpty()) {
        args.add(c[0]);
      }
      if (!c[0].startsWith("--services") && !c[0].isEmpty()) {
        args.add("--demo");
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      int code = StackCommand.run(args, new PrintStream(out, true), new PrintStream(err, true));
      assertEquals(2, code, c[0]);
      assertEquals("monitoring-agent stack: " + c[1] + "\n", err.toString(StandardCharsets.UTF_8), c[0]);
      assertEquals("", out.toString(StandardCharsets.UTF_8), c[0]);
    }
  }

  @Test
  void helpListsEveryOptionWithItsDefault() {
    String usage = StackCommand.usage();
    for (String[] option : StackOptions.HELP) {
      assertTrue(usage.contains(option[0]), option[0]);
      assertTrue(option[1].isEmpty() || usage.contains("[" + option[1] + "]"), option[0] + " default " + option[1]);
    }
  }

  @Test
  void exporterAndDiscoveryOptionsNameTheBadValueAndWhatTheyNeed() {
    String[][] cases = {
        {"--exporters=node,mysql", "--exporters: 'mysql' is not one of node, blackbox, postgres, redis, cadvisor"},
        {"--exporters=redis,redis", "--exporters: 'redis' is given twice"},
        {"--redis=cache:6379", "--redis needs redis in --exporters"},
        {"--postgres=db:5432", "--postgres needs postgres in --exporters"},
        {"--probe=http://x/", "--probe needs blackbox in --exporters"},
        {"--exporters=postgres --postgres=monitor@db/orders", "--postgres: 'monitor@db/orders' is not [USER@]HOST:PORT[/DATABASE]"},
        {"--exporters=redis --redis=cache:0", "--redis: '0' in 'cache:0' is not a port (1-65535)"},
        {"--exporters=blackbox --probe=ftp://files/", "--probe: 'ftp://files/' is not an http:// or https:// URL"},
        {"--discovery=consul", "--discovery: 'consul' is not one of docker, dns, file, kubernetes"},
        {"--discovery=docker:x", "--discovery: 'docker:x': only dns takes a name (dns:NAME[:PORT])"},
        {"--discovery=dns:", "--discovery: 'dns:' is not dns:NAME[:PORT] with a DNS name"},
        {"--discovery=dns:tasks.orders:http", "--discovery: 'http' in 'dns:tasks.orders:http' is not a port (1-65535)"},
        {"--discovery=dns:_metrics._tcp.orders:9464", "--discovery: 'dns:_metrics._tcp.orders:9464': an SRV record (a name starting with _) carries its own port"},
        {"--discovery=file,file", "--discovery: 'file' is given twice"},
    };
    for (String[] c : cases) {
      List<String> args = new ArrayList<>(List.of(c[0].split(" ")));
      args.add("--demo");
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      assertEquals(2, StackCommand.run(args, new PrintStream(new ByteArrayOutputStream(), true), new PrintStream(err, true)), c[0]);
      assertEquals("monitoring-agent stack: " + c[1] + "\n", err.toString(StandardCharsets.UTF_8), c[0]);
    }
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    assertEquals(2, StackCommand.run(List.of("--discovery", "file", "--exporters", "blackbox"),
        new PrintStream(new ByteArrayOutputStream(), true), new PrintStream(err, true)));
    assertEquals("monitoring-agent stack: --exporters blackbox: nothing to probe without --services; give --probe URL,...\n",
        err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void discoveryAloneIsEnoughCadvisorHasNoAlertAndTheDefaultsHaveNoExporter() throws Exception {
    StackOptions discovered = StackOptions.parse(List.of("--discovery", "dns:tasks.orders,dns:tasks.billing:9500,docker"));
    assertEquals(Map.of("tasks.orders", 9464, "tasks.billing", 9500), discovered.dnsNames);
    assertEquals(List.of("dns", "docker"), new ArrayList<>(discovered.discovery));
    Map<String, String> files = StackGenerator.generate(discovered);
    assertTrue(!files.get("prometheus/prometheus.yml").contains("job_name: services"), "no static job without --services");
    StackOptions demo = StackOptions.parse(List.of("--demo", "--exporters", "postgres"));
    assertEquals("shop@postgres:5432/shop", demo.postgresUser + "@" + demo.postgresAddress + "/" + demo.postgresDatabase);
    Map<String, String> cadvisor = StackGenerator.generate(StackOptions.parse(List.of("--demo", "--exporters", "cadvisor")));
    assertTrue(cadvisor.containsKey("grafana/dashboards/infrastructure.json") && !cadvisor.containsKey("prometheus/rules/exporters.yml"),
        "cAdvisor has panels but no alert");
    assertTrue(cadvisor.get("docker-compose.yml").contains("image: gcr.io/cadvisor/cadvisor:"));
    Map<String, String> defaults = StackGenerator.generate(StackOptions.parse(List.of("--demo")));
    assertTrue(defaults.keySet().stream().noneMatch(p -> p.contains("exporter") || p.contains("blackbox") || p.contains("targets/")),
        defaults.keySet().toString());
  }

  /** stack/'s files, but the ones that are the user's: .env and the real secret files (git ignores them too). */
  private static TreeSet<String> committedFiles() throws IOException {
    try (Stream<Path> all = Files.walk(STACK)) {
      return all.filter(Files::isRegularFile).map(p -> STACK.relativize(p).toString().replace('\\', '/'))
          .filter(p -> !p.equals(".env"))
          .filter(p -> !p.startsWith("alertmanager/secrets/") || p.endsWith(".example") || p.endsWith("README.md")
              || p.endsWith(".gitignore"))
          .collect(Collectors.toCollection(TreeSet::new));
    }
  }
}
