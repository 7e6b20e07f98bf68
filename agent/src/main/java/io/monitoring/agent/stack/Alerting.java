package io.monitoring.agent.stack;

import java.util.ArrayList;
import java.util.List;

/**
 * Alertmanager's routing tree and receivers for the chosen channels: every alert to the webhook sink (a record
 * of what was sent), critical to the pager channels (PagerDuty, Opsgenie) and also to chat, warning to the chat
 * channels (Slack, e-mail); with no pager channel criticals go to chat, with no chat channel warnings go to the
 * default receiver. An alert with {@code team="T"} of {@code --teams} goes to that team's own receivers, whose
 * secrets are files under {@code secrets/T/}. Every secret is a {@code *_file} field: never in the configuration.
 */
final class Alerting {
  static final String SECRETS = "/etc/alertmanager/secrets/";
  private static final String TITLE = "'[{{ .Status | toUpper }}{{ if eq .Status \"firing\" }}:{{ .Alerts.Firing | len }}{{ end }}]"
      + " {{ .GroupLabels.alertname }} {{ .GroupLabels.service }}'";

  private final StackOptions o;
  /** A chat channel (Slack, e-mail) was chosen; a pager channel (PagerDuty, Opsgenie) was. */
  final boolean chat;
  final boolean pager;

  Alerting(StackOptions o) {
    this.o = o;
    this.chat = o.alerts.stream().anyMatch(StackOptions.CHAT::contains);
    this.pager = o.alerts.stream().anyMatch(StackOptions.PAGER::contains);
  }

  /** The receiver of an alert no route takes: chat, else the webhook sink, else the pager. */
  String root(String prefix) {
    return chat ? prefix + "chat" : o.alerts.contains("webhook") && prefix.isEmpty() ? "webhook" : prefix + "pager";
  }

  String routes() {
    StringBuilder y = new StringBuilder();
    y.append("  receiver: ").append(root("")).append('\n')
        .append("  group_by: [alertname, service]\n")
        .append("  group_wait: 30s\n  group_interval: 5m\n  repeat_interval: 4h\n  routes:\n");
    if (o.alerts.contains("webhook")) {
      y.append("    # Every alert, whatever its severity or team, goes to the webhook sink: a full record of what was\n")
          .append("    # sent, and a stack that shows its notifications with no secret configured.\n")
          .append("    - receiver: webhook\n      continue: true\n");
    }
    for (String team : o.teams) {
      y.append("    # team=\"").append(team).append("\": that team's own receivers, secrets in secrets/").append(team).append("/\n")
          .append("    - matchers: ['team=\"").append(team).append("\"']\n")
          .append("      receiver: ").append(root(team + "-")).append('\n')
          .append("      routes:\n");
      severityRoutes(y, "        ", team + "-");
    }
    severityRoutes(y, "    ", "");
    return y.toString().stripTrailing();
  }

  private void severityRoutes(StringBuilder y, String indent, String prefix) {
    severityRoutes(y, indent, prefix, "['severity=\"critical\"']", "['severity=~\"warning|critical\"']", "repeat_interval");
  }

  /**
   * Critical to the pager (and on to chat), warning and critical to chat: the routes under the root and under each
   * team, in the syntax of alertmanager.yml or of an AlertmanagerConfig (its matchers and repeat key given).
   */
  void severityRoutes(StringBuilder y, String indent, String prefix, String critical, String warningOrCritical, String repeatKey) {
    if (pager) {
      y.append(indent).append("- receiver: ").append(prefix).append("pager\n")
          .append(indent).append("  matchers: ").append(critical).append('\n')
          .append(indent).append("  ").append(repeatKey).append(": 1h\n");
      if (chat) {
        y.append(indent).append("  continue: true\n");
      }
    }
    if (chat) {
      y.append(indent).append("- receiver: ").append(prefix).append("chat\n")
          .append(indent).append("  matchers: ").append(warningOrCritical).append('\n')
          .append(indent).append("  ").append(repeatKey).append(": 12h\n");
    }
  }

  String receivers() {
    StringBuilder y = new StringBuilder();
    if (o.alerts.contains("webhook")) {
      y.append("  - name: webhook\n    webhook_configs:\n      - url: http://webhook-sink:9095/alerts\n        send_resolved: true\n\n");
    }
    receivers(y, "", "", "#alerts");
    for (String team : o.teams) {
      receivers(y, team + "-", team + "/", "#" + team + "-alerts");
    }
    return y.toString().stripTrailing();
  }

  private void receivers(StringBuilder y, String prefix, String dir, String chatChannel) {
    if (chat) {
      y.append("  - name: ").append(prefix).append("chat\n");
      if (o.alerts.contains("slack")) {
        y.append("    slack_configs:\n")
            .append("      - api_url_file: ").append(SECRETS).append(dir).append("slack_api_url\n")
            .append("        channel: '").append(chatChannel).append("'\n")
            .append("        send_resolved: true\n")
            .append("        color: '{{ if eq .Status \"firing\" }}{{ if eq .CommonLabels.severity \"critical\" }}danger{{ else }}warning{{ end }}{{ else }}good{{ end }}'\n")
            .append("        title: ").append(TITLE).append('\n')
            .append("        title_link: '{{ .CommonAnnotations.runbook_url }}'\n")
            .append("        text: |-\n")
            .append("          {{ range .Alerts }}*{{ .Annotations.summary }}* ({{ .Labels.environment }})\n")
            .append("          {{ .Annotations.description }}\n")
            .append("          Runbook: {{ .Annotations.runbook_url }}\n")
            .append("          {{ end }}\n");
      }
      if (o.alerts.contains("email")) {
        y.append("    email_configs:\n")
            .append("      - to: '").append(o.emailTo).append("'\n")
            .append("        send_resolved: true\n");
      }
      y.append('\n');
    }
    if (pager) {
      y.append("  - name: ").append(prefix).append("pager\n");
      if (o.alerts.contains("pagerduty")) {
        y.append("    pagerduty_configs:\n")
            .append("      - routing_key_file: ").append(SECRETS).append(dir).append("pagerduty_routing_key\n")
            .append("        send_resolved: true\n")
            .append("        description: ").append(TITLE).append('\n')
            .append("        links:\n")
            .append("          - href: '{{ .CommonAnnotations.runbook_url }}'\n")
            .append("            text: runbook\n");
      }
      if (o.alerts.contains("opsgenie")) {
        y.append("    opsgenie_configs:\n")
            .append("      - api_key_file: ").append(SECRETS).append(dir).append("opsgenie_api_key\n")
            .append("        send_resolved: true\n")
            .append("        message: ").append(TITLE).append('\n')
            .append("        priority: P1\n")
            .append("        tags: 'monitoring-agent,{{ .CommonLabels.service }}'\n");
      }
      y.append('\n');
    }
  }

  /** The secrets README's table: one row per secret file. */
  String secretFilesTable() {
    StringBuilder rows = new StringBuilder();
    for (String dir : dirs()) {
      String team = dir.isEmpty() ? "" : " of team `" + dir.substring(0, dir.length() - 1) + "`";
      String prefix = dir.isEmpty() ? "" : dir.substring(0, dir.length() - 1) + "-";
      for (String[] secret : secrets()) {
        if (!dir.isEmpty() && secret[0].equals("smtp_password")) {
          continue; // one mail account sends for every team
        }
        rows.append("| `").append(dir).append(secret[0]).append("` | `").append(prefix).append(secret[1]).append("`")
            .append(team).append(" | ").append(secret[2]).append(" |\n");
      }
    }
    return rows.toString().stripTrailing();
  }

  /** How to start from the examples, one command per secret file of the default receivers. */
  String exampleCommands() {
    List<String> commands = new ArrayList<>();
    for (String[] secret : secrets()) {
      commands.add("cp " + secret[0] + ".example " + secret[0]);
    }
    return String.join(" && ", commands);
  }

  /** The routing, for the comment at the top of alertmanager.yml. */
  String summary() {
    StringBuilder s = new StringBuilder();
    if (pager) {
      s.append("#   severity=critical -> pager   (").append(channels(StackOptions.PAGER)).append(")")
          .append(chat ? ", and chat too\n" : "\n");
    }
    if (chat) {
      s.append("#   severity=warning  -> chat    (").append(channels(StackOptions.CHAT)).append(")")
          .append(pager ? "\n" : "; criticals as well: no pager channel was chosen\n");
    }
    if (o.alerts.contains("webhook")) {
      s.append("#   every alert, also -> webhook (http://webhook-sink:9095/alerts: a plain URL, needs no secret)\n");
    }
    if (!o.teams.isEmpty()) {
      s.append("#   team=").append(String.join("|", o.teams))
          .append(" -> that team's own receivers (<team>-chat, <team>-pager), secrets in secrets/<team>/\n");
    }
    return s.toString().stripTrailing();
  }

  private String channels(List<String> kind) {
    List<String> chosen = new ArrayList<>();
    for (String channel : o.alerts) {
      if (kind.contains(channel)) {
        chosen.add(channel);
      }
    }
    return String.join(", ", chosen);
  }

  private List<String> dirs() {
    List<String> dirs = new ArrayList<>();
    dirs.add("");
    for (String team : o.teams) {
      dirs.add(team + "/");
    }
    return dirs;
  }

  /** {file, receiver, what it holds} for each chosen channel that has a secret. */
  private List<String[]> secrets() {
    List<String[]> secrets = new ArrayList<>();
    if (o.alerts.contains("slack")) {
      secrets.add(new String[] {"slack_api_url", "chat", "a Slack incoming-webhook URL (or Mattermost's, Rocket.Chat's, ...)"});
    }
    if (o.alerts.contains("email")) {
      secrets.add(new String[] {"smtp_password", "chat", "the password of the SMTP account that sends the e-mail (global `smtp_auth_password_file`)"});
    }
    if (o.alerts.contains("pagerduty")) {
      secrets.add(new String[] {"pagerduty_routing_key", "pager", "the integration key of a PagerDuty service (Events API v2)"});
    }
    if (o.alerts.contains("opsgenie")) {
      secrets.add(new String[] {"opsgenie_api_key", "pager", "an Opsgenie API integration key"});
    }
    return secrets;
  }
}
