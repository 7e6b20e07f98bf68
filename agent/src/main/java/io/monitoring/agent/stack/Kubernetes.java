package io.monitoring.agent.stack;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The blocks of {@code --target kubernetes}'s manifests that depend on the options or on other generated files:
 * a PodMonitor per service, the AlertmanagerConfig (the same routing as the compose stack's alertmanager.yml, secrets
 * in a Secret), the rule files as PrometheusRules and the dashboards as ConfigMaps for Grafana's sidecar. Resources
 * of the Prometheus Operator ({@code monitoring.coreos.com}), in the namespace {@value #NAMESPACE}.
 */
final class Kubernetes {
  static final String NAMESPACE = "monitoring";
  /** The label every resource of the stack carries, and the one the Prometheus resource selects monitors and rules by. */
  static final String PART_OF = "app.kubernetes.io/part-of: monitoring-agent-stack";
  /** The Secret the AlertmanagerConfig reads every receiver's secret from (a key per file of the compose stack). */
  static final String SECRET = "alertmanager-secrets";

  private final StackOptions o;
  private final Alerting alerting;

  Kubernetes(StackOptions o) {
    this.o = o;
    this.alerting = new Alerting(o);
  }

  /** Values derived from files rendered before the manifests: the rule files and the dashboards. */
  static Map<String, String> fromRendered(Map<String, String> files) {
    Map<String, String> values = new LinkedHashMap<>();
    StringBuilder rules = new StringBuilder();
    StringBuilder dashboards = new StringBuilder();
    for (Map.Entry<String, String> file : files.entrySet()) {
      String path = file.getKey();
      String name = path.substring(path.lastIndexOf('/') + 1);
      if (path.startsWith("prometheus/rules/") && path.endsWith(".yml")) {
        rules.append("---\n# from ").append(path).append(" (promtool test rules prometheus/tests/*.yml tests them)\n")
            .append("apiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\n")
            .append(metadata("monitoring-agent-" + name.substring(0, name.length() - 4), ""))
            .append("spec:\n").append(indent(withoutLeadingComments(file.getValue()), "  "));
      } else if (path.startsWith("grafana/dashboards/") && path.endsWith(".json")) {
        dashboards.append("---\n# ").append(path).append(", for Grafana's dashboard sidecar (label grafana_dashboard)\n")
            .append("apiVersion: v1\nkind: ConfigMap\n")
            .append(metadata("grafana-dashboard-" + name.substring(0, name.length() - 5), "    grafana_dashboard: \"1\"\n"))
            .append("data:\n  ").append(name).append(": |-\n").append(indent(file.getValue().stripTrailing(), "    ")).append('\n');
      }
    }
    values.put("prometheus_rules", rules.toString().stripTrailing());
    values.put("dashboard_config_maps", dashboards.toString().stripTrailing());
    return values;
  }

  /** One PodMonitor per service: its pods by {@code app.kubernetes.io/name: NAME}, their port named `metrics`. */
  String podMonitors() {
    StringBuilder y = new StringBuilder();
    for (String service : o.allServices().keySet()) {
      y.append("---\napiVersion: monitoring.coreos.com/v1\nkind: PodMonitor\n").append(metadata(service, ""))
          .append("spec:\n")
          .append("  namespaceSelector:\n    any: true\n")
          .append("  selector:\n    matchLabels:\n      app.kubernetes.io/name: ").append(service).append('\n')
          .append("  podMetricsEndpoints:\n")
          .append("    - port: metrics\n      path: /metrics\n")
          .append("      relabelings:\n")
          .append("        # the stack's name for the service, as the compose stack's static target label\n")
          .append("        - targetLabel: service\n          replacement: ").append(service).append('\n')
          .append("      metricRelabelings:\n")
          .append("        # the agent's own service label, renamed exported_service by Prometheus\n")
          .append("        - action: labeldrop\n          regex: exported_service\n");
    }
    return y.toString().stripTrailing();
  }

  /** The routing tree of {@link Alerting} in the AlertmanagerConfig's terms; a team's route matches its services. */
  String alertmanagerConfigSpec() {
    StringBuilder y = new StringBuilder("spec:\n  route:\n");
    y.append("    receiver: ").append(alerting.root("")).append('\n')
        .append("    groupBy: [alertname, service]\n    groupWait: 30s\n    groupInterval: 5m\n    repeatInterval: 4h\n")
        .append("    routes:\n");
    if (o.alerts.contains("webhook")) {
      y.append("      - receiver: webhook\n        continue: true\n");
    }
    for (String team : o.teams) {
      List<String> services = new ArrayList<>();
      o.serviceTeams.forEach((service, owner) -> {
        if (owner.equals(team)) {
          services.add(service);
        }
      });
      y.append("      - receiver: ").append(alerting.root(team + "-")).append('\n').append("        matchers:\n");
      if (services.isEmpty()) {
        y.append("          - name: team\n            value: ").append(team).append('\n');
      } else {
        y.append("          - name: service\n            matchType: \"=~\"\n            value: \"")
            .append(String.join("|", services)).append("\"\n");
      }
      y.append("        routes:\n");
      severityRoutes(y, "          ", team + "-");
    }
    severityRoutes(y, "      ", "");
    y.append("  inhibitRules:\n")
        .append("    # as alertmanager.yml of the compose stack: a critical silences its warning twin\n")
        .append("    - sourceMatch: [{name: severity, value: critical}]\n")
        .append("      targetMatch: [{name: severity, value: warning}]\n")
        .append("      equal: [alertname, service, environment]\n")
        .append("    - sourceMatch: [{name: severity, value: critical}, {name: alert_group, value: \".+\", matchType: \"=~\"}]\n")
        .append("      targetMatch: [{name: severity, value: warning}, {name: alert_group, value: \".+\", matchType: \"=~\"}]\n")
        .append("      equal: [alert_group, service, environment]\n");
    y.append("  receivers:\n");
    if (o.alerts.contains("webhook")) {
      y.append("    - name: webhook\n      webhookConfigs:\n        - urlSecret: {name: ").append(SECRET)
          .append(", key: webhook_url}\n          sendResolved: true\n");
    }
    receivers(y, "", "");
    for (String team : o.teams) {
      receivers(y, team + "-", team + "_");
    }
    return y.toString().stripTrailing();
  }

  private void severityRoutes(StringBuilder y, String indent, String prefix) {
    alerting.severityRoutes(y, indent, prefix, "[{name: severity, value: critical}]",
        "[{name: severity, value: \"warning|critical\", matchType: \"=~\"}]", "repeatInterval");
  }

  private void receivers(StringBuilder y, String prefix, String keyPrefix) {
    if (alerting.chat) {
      y.append("    - name: ").append(prefix).append("chat\n");
      if (o.alerts.contains("slack")) {
        y.append("      slackConfigs:\n")
            .append("        - apiURL: {name: ").append(SECRET).append(", key: ").append(keyPrefix).append("slack_api_url}\n")
            .append("          sendResolved: true\n")
            .append("          title: '{{ .CommonLabels.alertname }} {{ .CommonLabels.service }}'\n")
            .append("          titleLink: '{{ .CommonAnnotations.runbook_url }}'\n")
            .append("          text: '{{ range .Alerts }}*{{ .Annotations.summary }}* {{ .Annotations.description }} {{ end }}'\n");
      }
      if (o.alerts.contains("email")) {
        y.append("      emailConfigs:\n")
            .append("        - to: '").append(o.emailTo).append("'\n")
            .append("          from: '").append(o.emailTo).append("'\n")
            .append("          smarthost: '").append(o.smtp).append("'\n")
            .append("          authUsername: '").append(o.emailTo).append("'\n")
            .append("          authPassword: {name: ").append(SECRET).append(", key: smtp_password}\n")
            .append("          requireTLS: true\n")
            .append("          sendResolved: true\n");
      }
    }
    if (alerting.pager) {
      y.append("    - name: ").append(prefix).append("pager\n");
      if (o.alerts.contains("pagerduty")) {
        y.append("      pagerdutyConfigs:\n")
            .append("        - routingKey: {name: ").append(SECRET).append(", key: ").append(keyPrefix).append("pagerduty_routing_key}\n")
            .append("          sendResolved: true\n")
            .append("          description: '{{ .CommonLabels.alertname }} {{ .CommonLabels.service }}'\n");
      }
      if (o.alerts.contains("opsgenie")) {
        y.append("      opsgenieConfigs:\n")
            .append("        - apiKey: {name: ").append(SECRET).append(", key: ").append(keyPrefix).append("opsgenie_api_key}\n")
            .append("          sendResolved: true\n")
            .append("          message: '{{ .CommonLabels.alertname }} {{ .CommonLabels.service }}'\n")
            .append("          priority: P1\n")
            .append("          tags: 'monitoring-agent,{{ .CommonLabels.service }}'\n");
      }
    }
  }

  /** The kubectl command that creates {@value #SECRET} from a file per key (the README's). */
  String secretCommand() {
    List<String> keys = new ArrayList<>();
    if (o.alerts.contains("webhook")) {
      keys.add("webhook_url");
    }
    List<String> prefixes = new ArrayList<>();
    prefixes.add("");
    o.teams.forEach(team -> prefixes.add(team + "_"));
    for (String prefix : prefixes) {
      for (String channel : o.alerts) {
        switch (channel) {
          case "slack": keys.add(prefix + "slack_api_url"); break;
          case "pagerduty": keys.add(prefix + "pagerduty_routing_key"); break;
          case "opsgenie": keys.add(prefix + "opsgenie_api_key"); break;
          case "email": if (prefix.isEmpty()) { keys.add("smtp_password"); } break;
          default: break;
        }
      }
    }
    StringBuilder command = new StringBuilder("kubectl -n " + NAMESPACE + " create secret generic " + SECRET);
    for (String key : keys) {
      command.append(" \\\n  --from-file=").append(key).append("=./").append(key);
    }
    return command.toString();
  }

  /** A Deployment's container port and metrics port variable for the first service: the README's and the example's. */
  Map<String, String> exampleService() {
    Map<String, String> v = new LinkedHashMap<>();
    if (o.allServices().isEmpty()) {
      // services found by --discovery only (a compose stack: the Kubernetes example is not written)
      v.put("example_service", "orders");
      v.put("example_port", "9464");
      return v;
    }
    Map.Entry<String, String> first = o.allServices().entrySet().iterator().next();
    String target = first.getValue();
    v.put("example_service", first.getKey());
    v.put("example_port", target.substring(target.lastIndexOf(':') + 1));
    return v;
  }

  private static String metadata(String name, String extraLabels) {
    return "metadata:\n  name: " + name + "\n  namespace: " + NAMESPACE + "\n  labels:\n    " + PART_OF + "\n" + extraLabels;
  }

  private static String withoutLeadingComments(String yaml) {
    int start = 0;
    while (start < yaml.length() && (yaml.startsWith("#", start) || yaml.startsWith("\n", start))) {
      int end = yaml.indexOf('\n', start);
      start = end < 0 ? yaml.length() : end + 1;
    }
    return yaml.substring(start);
  }

  private static String indent(String text, String by) {
    return text.replaceAll("(?m)^(?=.)", by);
  }
}
