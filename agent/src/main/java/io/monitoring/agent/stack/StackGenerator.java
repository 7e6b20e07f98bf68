package io.monitoring.agent.stack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Renders the stack's files from the templates under {@value #TEMPLATES}: {@code files.txt} there lists every
 * file with the condition under which it is written, and each template sits at the same path as the file it
 * makes (so {@code template/grafana/dashboards/jvm.json} is {@code stack/grafana/dashboards/jvm.json}). What
 * differs between option sets is the few values and blocks computed here; everything else is in the templates.
 */
final class StackGenerator {
  static final String TEMPLATES = "io/monitoring/agent/stack/template/";

  private StackGenerator() {
  }

  /** Every file of the stack, by its path relative to the stack directory, in the order of files.txt. */
  static Map<String, String> generate(StackOptions o) {
    Set<String> flags = flags(o);
    Map<String, String> values = values(o);
    Map<String, String> files = new LinkedHashMap<>();
    for (String line : read("files.txt").split("\n")) {
      String entry = line.strip();
      if (entry.isEmpty() || entry.startsWith("#")) {
        continue;
      }
      String[] parts = entry.split("\\s+", 2);
      String path = parts[0];
      if (parts.length > 1 && !Template.render("files.txt", "{%if " + parts[1] + "%}\nx\n{%end%}\n", flags, values).equals("x\n")) {
        continue;
      }
      files.put(path, Template.render(path, read(templateName(path)), flags, values));
    }
    return files;
  }

  /** A name starting with a dot is stored as {@code dot<name>}: build tools and jars pass dot files over. */
  static String templateName(String path) {
    return path.replaceAll("(^|/)\\.", "$1dot.");
  }

  static Set<String> flags(StackOptions o) {
    Set<String> flags = new LinkedHashSet<>();
    if (o.demo) {
      flags.add("demo");
    }
    flags.add("tracing-" + o.tracing);
    if (!o.tracing.equals("none")) {
      flags.add("tracing");
    }
    for (String channel : o.alerts) {
      flags.add("alerts-" + channel);
    }
    if (o.alerts.stream().anyMatch(StackOptions.PAGER::contains)) {
      flags.add("pager");
    }
    if (o.alerts.stream().anyMatch(StackOptions.CHAT::contains)) {
      flags.add("chat");
    }
    if (!o.serviceTeams.isEmpty()) {
      flags.add("service-teams");
    }
    if (o.alerts.stream().anyMatch(c -> !c.equals("webhook"))) {
      flags.add("secrets");
    }
    for (String exporter : o.exporters) {
      flags.add("exporters-" + exporter);
    }
    if (!o.exporters.isEmpty()) {
      flags.add("exporters");
    }
    for (String method : o.discovery) {
      flags.add("discovery-" + method);
    }
    if (!o.discovery.isEmpty()) {
      flags.add("discovery");
    }
    if (o.allServices().isEmpty()) {
      flags.add("no-static-services");
    }
    return flags;
  }

  private static Map<String, String> values(StackOptions o) {
    Map<String, String> v = new HashMap<>();
    v.put("options", String.join(" ", o.canonical));
    v.put("command", ("stack " + String.join(" ", o.canonical)).strip());
    v.put("retention", o.retention);
    v.put("scrape_interval", o.scrapeInterval);
    v.put("scrape_timeout", StackOptions.millis(o.scrapeInterval) < 10_000 ? o.scrapeInterval : "10s");
    v.put("scrape_targets", scrapeTargets(o));
    v.put("service_list", serviceList(o));
    v.put("team_relabel", teamRelabel(o));
    Tracing tracing = Tracing.of(o.tracing);
    v.put("tracing_title", tracing.title);
    v.put("tracing_uid", tracing.uid);
    v.put("tracing_and", o.tracing.equals("none") ? "" : " and " + tracing.title);
    v.put("otlp_host", tracing.otlpHost);
    v.put("otlp_endpoint", "http://" + tracing.otlpHost + ":4318");
    Alerting alerting = new Alerting(o);
    v.put("routes", alerting.routes());
    v.put("receivers", alerting.receivers());
    v.put("secret_files", alerting.secretFilesTable());
    v.put("secret_examples", alerting.exampleCommands());
    v.put("routing_summary", alerting.summary());
    v.put("email_to", o.emailTo);
    v.put("smtp", o.smtp);
    v.put("exporter_list", o.exporters.isEmpty() ? "none" : String.join(", ", o.exporters));
    v.put("discovery_list", o.discovery.isEmpty() ? "none" : String.join(", ", o.discovery));
    v.put("probe_targets", probeTargets(o));
    v.put("postgres_user", o.postgresUser);
    v.put("postgres_address", o.postgresAddress);
    v.put("postgres_database", o.postgresDatabase);
    v.put("redis_address", o.redis);
    v.put("dns_sd_configs", dnsSdConfigs(o));
    v.put("webhook_example", o.alerts.contains("webhook") ? "http://webhook-sink:9095/slack" : "https://hooks.slack.com/services/T000/B000/XXXX");
    return v;
  }

  /** One static_configs entry per service: its target, and its name as the `service` label of every series. */
  private static String scrapeTargets(StackOptions o) {
    StringBuilder yaml = new StringBuilder();
    for (Map.Entry<String, String> service : o.allServices().entrySet()) {
      yaml.append("      - targets: [\"").append(service.getValue()).append("\"]\n")
          .append("        labels:\n")
          .append("          service: ").append(service.getKey()).append('\n');
    }
    return yaml.toString().stripTrailing();
  }

  /**
   * The blackbox exporter's targets: the URLs of --probe, or else each service's metrics endpoint, labelled with
   * its service (an answering /metrics says the JVM, its agent and the network path to it are up).
   */
  private static String probeTargets(StackOptions o) {
    StringBuilder yaml = new StringBuilder();
    if (!o.probes.isEmpty()) {
      yaml.append("      - targets:\n");
      o.probes.forEach(url -> yaml.append("          - \"").append(url).append("\"\n"));
    } else {
      for (Map.Entry<String, String> service : o.allServices().entrySet()) {
        yaml.append("      - targets: [\"http://").append(service.getValue()).append("/metrics\"]\n")
            .append("        labels:\n")
            .append("          service: ").append(service.getKey()).append('\n');
      }
    }
    return yaml.toString().stripTrailing();
  }

  /** One dns_sd_configs entry per name of --discovery dns:NAME[:PORT]: SRV for a name starting with _, else A. */
  private static String dnsSdConfigs(StackOptions o) {
    StringBuilder yaml = new StringBuilder();
    o.dnsNames.forEach((name, port) -> {
      yaml.append("      - names: [\"").append(name).append("\"]\n");
      if (name.startsWith("_")) {
        yaml.append("        type: SRV\n");
      } else {
        yaml.append("        type: A\n").append("        port: ").append(port).append('\n');
      }
    });
    return yaml.toString().stripTrailing();
  }

  /** Alerts of a service of --services NAME=HOST:PORT@TEAM get team=TEAM, which Alertmanager routes by. */
  private static String teamRelabel(StackOptions o) {
    Map<String, List<String>> byTeam = new LinkedHashMap<>();
    o.serviceTeams.forEach((service, team) -> byTeam.computeIfAbsent(team, t -> new java.util.ArrayList<>()).add(service));
    StringBuilder yaml = new StringBuilder();
    byTeam.forEach((team, services) -> yaml.append("    - source_labels: [service]\n")
        .append("      regex: ").append(String.join("|", services)).append('\n')
        .append("      target_label: team\n")
        .append("      replacement: ").append(team).append('\n'));
    return yaml.toString().stripTrailing();
  }

  private static String serviceList(StackOptions o) {
    StringBuilder list = new StringBuilder();
    for (Map.Entry<String, String> service : o.allServices().entrySet()) {
      list.append(list.length() == 0 ? "" : "\n").append("- `").append(service.getKey()).append("` at `")
          .append(service.getValue()).append('`');
      if (o.serviceTeams.containsKey(service.getKey())) {
        list.append(", team `").append(o.serviceTeams.get(service.getKey())).append('`');
      }
    }
    return list.toString();
  }

  static String read(String template) {
    try (InputStream in = StackGenerator.class.getClassLoader().getResourceAsStream(TEMPLATES + template)) {
      if (in == null) {
        throw new IllegalStateException("the stack template " + template + " is missing from the jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A trace backend: its display name, Grafana data source uid, and the compose service that receives OTLP. */
  private static final class Tracing {
    final String title;
    final String uid;
    final String otlpHost;

    private Tracing(String title, String uid, String otlpHost) {
      this.title = title;
      this.uid = uid;
      this.otlpHost = otlpHost;
    }

    static Tracing of(String backend) {
      switch (backend) {
        case "tempo":
          return new Tracing("Tempo", "tempo", "tempo");
        case "zipkin":
          return new Tracing("Zipkin", "zipkin", "otel-collector");
        case "none":
          return new Tracing("none", "", "");
        default:
          return new Tracing("Jaeger", "jaeger", "jaeger");
      }
    }
  }
}
