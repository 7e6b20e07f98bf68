package io.monitoring.agent.stack;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The options of {@code stack}, each with its default, parsed and checked before anything is written. A bad
 * option or value is a {@link BadOption}: one line naming it, exit code 2.
 */
final class StackOptions {
  static final List<String> TRACING = List.of("jaeger", "tempo", "zipkin", "none");
  static final List<String> CHANNELS = List.of("webhook", "slack", "pagerduty", "opsgenie", "email");
  /** Channels for people who are not paged: warnings, and criticals as well when nothing pages. */
  static final List<String> CHAT = List.of("slack", "email");
  static final List<String> PAGER = List.of("pagerduty", "opsgenie");
  static final List<String> EXPORTERS = List.of("node", "blackbox", "postgres", "redis", "cadvisor");
  /** --discovery's methods; dns takes a name after a colon (dns:NAME[:PORT]). */
  static final List<String> DISCOVERY = List.of("docker", "dns", "file", "kubernetes");
  /** The demo's two services, added by --demo: the agent's default metrics port in each container. */
  static final Map<String, String> DEMO_SERVICES = demoServices();

  private static final Pattern DURATION = Pattern.compile("(\\d+(ms|s|m|h|d|w|y))+");
  private static final Pattern SERVICE_NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");
  private static final Pattern HOST = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?|\\[[0-9A-Fa-f:.]+]");
  private static final Pattern TEAM = SERVICE_NAME;
  /** A DNS name to look up: an A record (tasks.orders) or an SRV record (_metrics._tcp.orders.example). */
  private static final Pattern DNS_NAME = Pattern.compile("[A-Za-z0-9_]([A-Za-z0-9_.-]{0,251}[A-Za-z0-9])?");
  private static final Pattern PROBE_URL = Pattern.compile("https?://[^\\s,\"']+");
  /** --postgres: [USER@]HOST:PORT[/DATABASE]. */
  private static final Pattern POSTGRES = Pattern.compile("(?:([A-Za-z0-9_.-]+)@)?([^@/]+)(?:/([A-Za-z0-9_.-]+))?");
  private static final Pattern EMAIL = Pattern.compile("[^@\\s',]+@[A-Za-z0-9.-]+");

  /** {@code --name}, its value's placeholder and default as --help shows them, and what it does. */
  static final String[][] HELP = {
      {"--out DIR", "./monitoring-stack", "the directory to write; it must be empty or absent unless --force"},
      {"--force", "off", "write into a non-empty directory, replacing the files the generator writes (others stay)"},
      {"--services NAME=HOST:PORT[@TEAM],...", "none", "the JVMs with the agent to scrape (their metrics port, 9464 by"
          + " default); NAME becomes their `service` label, TEAM the `team` label of their alerts"},
      {"--demo", "off", "add the two demo services of the repository (frontend, backend) with PostgreSQL and Redis"},
      {"--retention DURATION", "15d", "how long Prometheus keeps samples (--storage.tsdb.retention.time)"},
      {"--scrape-interval DURATION", "15s", "how often Prometheus scrapes and evaluates rules"},
      {"--tracing BACKEND", "jaeger", "jaeger | tempo | zipkin (through an OpenTelemetry Collector) | none"},
      {"--alerts CHANNEL,...", "webhook,slack", "any of webhook, slack, pagerduty, opsgenie, email; secrets are read"
          + " from files in alertmanager/secrets/"},
      {"--teams TEAM,...", "the teams of --services", "route alerts carrying team=TEAM to that team's own receivers and"
          + " secret files"},
      {"--email-to ADDRESS", "oncall@example.com", "with --alerts email: the recipient"},
      {"--smtp HOST:PORT", "smtp.example.com:587", "with --alerts email: the mail server (its password in a secret file)"},
      {"--exporters EXPORTER,...", "none", "any of node (the Docker host), blackbox (probes), postgres, redis, cadvisor"
          + " (containers): each a compose service, a scrape job, dashboard panels and alerts"},
      {"--postgres [USER@]HOST:PORT[/DATABASE]", "postgres@postgres:5432/postgres", "with --exporters postgres: the"
          + " server it watches (with --demo: the demo's shop@postgres:5432/shop); the password in a secret file"},
      {"--redis HOST:PORT", "redis:6379", "with --exporters redis: the server it watches"},
      {"--probe URL,...", "each service's /metrics", "with --exporters blackbox: the URLs probed"},
      {"--discovery METHOD,...", "none", "find services instead of, or besides, --services: docker (containers"
          + " labelled monitoring.scrape=true), dns:NAME[:PORT], file (prometheus/targets/*.json), kubernetes"
          + " (pods annotated prometheus.io/scrape=true)"},
      {"--dry-run", "off", "list what would be written and validate it; write nothing"},
      {"--help", "", "this list"},
  };

  Path out = Path.of("monitoring-stack");
  boolean force;
  boolean demo;
  boolean dryRun;
  boolean help;
  final Map<String, String> services = new LinkedHashMap<>();
  /** The team of a service of --services that names one. */
  final Map<String, String> serviceTeams = new LinkedHashMap<>();
  String retention = "15d";
  String scrapeInterval = "15s";
  String tracing = "jaeger";
  final Set<String> alerts = new LinkedHashSet<>(List.of("webhook", "slack"));
  final Set<String> teams = new LinkedHashSet<>();
  String emailTo = "oncall@example.com";
  String smtp = "smtp.example.com:587";
  final Set<String> exporters = new LinkedHashSet<>();
  /** --postgres's parts; null until parse() picks the default that fits --demo. */
  String postgresUser;
  String postgresAddress;
  String postgresDatabase;
  String redis = "redis:6379";
  final List<String> probes = new ArrayList<>();
  /** --discovery's methods without their arguments (dns once, however many names). */
  final Set<String> discovery = new LinkedHashSet<>();
  /** The names of dns:NAME[:PORT], each with its port (9464 unless given; an SRV record's own port otherwise). */
  final Map<String, Integer> dnsNames = new LinkedHashMap<>();
  /** The options as given, in a canonical order, for the README (without --out, --force, --dry-run). */
  final List<String> canonical = new ArrayList<>();

  static final class BadOption extends Exception {
    BadOption(String message) {
      super(message);
    }
  }

  static StackOptions parse(List<String> args) throws BadOption {
    StackOptions o = new StackOptions();
    Map<String, String> given = new LinkedHashMap<>();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      String name = arg;
      String value = null;
      int eq = arg.indexOf('=');
      if (arg.startsWith("--") && eq > 0) {
        name = arg.substring(0, eq);
        value = arg.substring(eq + 1);
      }
      if (!takesValue(name) && !isFlag(name)) {
        throw new BadOption(arg.startsWith("-") ? "unknown option " + name : "unexpected argument '" + arg + "'");
      }
      if (isFlag(name)) {
        if (value != null) {
          throw new BadOption(name + " takes no value");
        }
        value = "";
      } else if (value == null) {
        if (i + 1 >= args.size()) {
          throw new BadOption(name + " needs a value");
        }
        value = args.get(++i);
      }
      if (given.put(name, value) != null) {
        throw new BadOption(name + " is given twice");
      }
    }
    for (Map.Entry<String, String> option : given.entrySet()) {
      o.apply(option.getKey(), option.getValue());
    }
    if (o.help) {
      return o;
    }
    if (o.services.isEmpty() && !o.demo && o.discovery.isEmpty()) {
      throw new BadOption("no services to monitor: give --services NAME=HOST:PORT,... (or --demo, or --discovery); see --help");
    }
    o.checkExporterOptions(given);
    o.teams.addAll(o.serviceTeams.values());
    if (!o.teams.isEmpty() && o.alerts.stream().noneMatch(c -> CHAT.contains(c) || PAGER.contains(c))) {
      throw new BadOption("--teams needs a chat or pager channel in --alerts (slack, email, pagerduty, opsgenie)");
    }
    if (given.containsKey("--email-to") || given.containsKey("--smtp")) {
      if (!o.alerts.contains("email")) {
        throw new BadOption((given.containsKey("--smtp") ? "--smtp" : "--email-to") + " needs email in --alerts");
      }
    }
    for (String[] option : HELP) {
      String name = option[0].split(" ")[0];
      if (given.containsKey(name) && !List.of("--out", "--force", "--dry-run", "--help").contains(name)) {
        o.canonical.add(given.get(name).isEmpty() ? name : name + " " + given.get(name));
      }
    }
    return o;
  }

  private static boolean isFlag(String name) {
    return List.of("--force", "--demo", "--dry-run", "--help").contains(name);
  }

  private static boolean takesValue(String name) {
    for (String[] option : HELP) {
      if (option[0].startsWith(name + " ")) {
        return true;
      }
    }
    return false;
  }

  private void apply(String name, String value) throws BadOption {
    switch (name) {
      case "--out":
        if (value.isEmpty()) {
          throw new BadOption("--out: the directory name is empty");
        }
        out = Path.of(value);
        break;
      case "--force":
        force = true;
        break;
      case "--demo":
        demo = true;
        for (String service : DEMO_SERVICES.keySet()) {
          if (services.containsKey(service)) {
            throw new BadOption("--services: '" + service + "' is a demo service's name; --demo adds it");
          }
        }
        break;
      case "--dry-run":
        dryRun = true;
        break;
      case "--help":
        help = true;
        break;
      case "--services":
        for (String service : list(name, value)) {
          parseService(service);
        }
        break;
      case "--retention":
        retention = duration(name, value);
        if (millis(retention) < millis("3d")) {
          throw new BadOption(name + ": '" + value + "' is shorter than 3d, the longest window of the SLO rules and dashboard");
        }
        break;
      case "--scrape-interval":
        scrapeInterval = duration(name, value);
        if (millis(scrapeInterval) < 1000 || millis(scrapeInterval) > 60_000) {
          throw new BadOption(name + ": '" + value + "' is outside 1s..1m (the rules' 5-minute rates need several samples)");
        }
        break;
      case "--tracing":
        tracing = oneOf(name, value, TRACING);
        break;
      case "--alerts":
        alerts.clear();
        for (String channel : list(name, value)) {
          if (!alerts.add(oneOf(name, channel, CHANNELS))) {
            throw new BadOption(name + ": '" + channel + "' is given twice");
          }
        }
        break;
      case "--teams":
        for (String team : list(name, value)) {
          if (!TEAM.matcher(team).matches()) {
            throw new BadOption(name + ": '" + team + "' is not a team name (lower-case letters, digits, - and _)");
          }
          if (!teams.add(team)) {
            throw new BadOption(name + ": '" + team + "' is given twice");
          }
        }
        break;
      case "--email-to":
        if (!EMAIL.matcher(value).matches()) {
          throw new BadOption(name + ": '" + value + "' is not an e-mail address");
        }
        emailTo = value;
        break;
      case "--smtp":
        hostPort(name, value, value);
        smtp = value;
        break;
      case "--exporters":
        for (String exporter : list(name, value)) {
          if (!exporters.add(oneOf(name, exporter, EXPORTERS))) {
            throw new BadOption(name + ": '" + exporter + "' is given twice");
          }
        }
        break;
      case "--postgres":
        parsePostgres(value);
        break;
      case "--redis":
        hostPort(name, value, value);
        redis = value;
        break;
      case "--probe":
        for (String url : list(name, value)) {
          if (!PROBE_URL.matcher(url).matches()) {
            throw new BadOption(name + ": '" + url + "' is not an http:// or https:// URL");
          }
          probes.add(url);
        }
        break;
      case "--discovery":
        for (String method : list(name, value)) {
          parseDiscovery(method);
        }
        break;
      default:
        throw new BadOption("unknown option " + name);
    }
  }

  /** --postgres, --redis and --probe need their exporter; blackbox needs something to probe. */
  private void checkExporterOptions(Map<String, String> given) throws BadOption {
    String[][] needs = {{"--postgres", "postgres"}, {"--redis", "redis"}, {"--probe", "blackbox"}};
    for (String[] need : needs) {
      if (given.containsKey(need[0]) && !exporters.contains(need[1])) {
        throw new BadOption(need[0] + " needs " + need[1] + " in --exporters");
      }
    }
    if (exporters.contains("blackbox") && probes.isEmpty() && allServices().isEmpty()) {
      throw new BadOption("--exporters blackbox: nothing to probe without --services; give --probe URL,...");
    }
    if (postgresAddress == null) {
      postgresUser = demo ? "shop" : "postgres";
      postgresAddress = "postgres:5432";
      postgresDatabase = demo ? "shop" : "postgres";
    }
  }

  private void parsePostgres(String value) throws BadOption {
    java.util.regex.Matcher m = POSTGRES.matcher(value);
    if (!m.matches()) {
      throw new BadOption("--postgres: '" + value + "' is not [USER@]HOST:PORT[/DATABASE]");
    }
    if (m.group(2).indexOf(':') <= 0) {
      throw new BadOption("--postgres: '" + value + "' is not [USER@]HOST:PORT[/DATABASE]");
    }
    hostPort("--postgres", m.group(2), value);
    postgresUser = m.group(1) == null ? "postgres" : m.group(1);
    postgresAddress = m.group(2);
    postgresDatabase = m.group(3) == null ? "postgres" : m.group(3);
  }

  private void parseDiscovery(String method) throws BadOption {
    int colon = method.indexOf(':');
    String kind = oneOf("--discovery", colon < 0 ? method : method.substring(0, colon), DISCOVERY);
    if (!kind.equals("dns")) {
      if (colon >= 0) {
        throw new BadOption("--discovery: '" + method + "': only dns takes a name (dns:NAME[:PORT])");
      }
      if (!discovery.add(kind)) {
        throw new BadOption("--discovery: '" + method + "' is given twice");
      }
      return;
    }
    String target = colon < 0 ? "" : method.substring(colon + 1);
    String dnsName = target;
    int port = 9464;
    int portColon = target.lastIndexOf(':');
    if (portColon >= 0) {
      dnsName = target.substring(0, portColon);
      String digits = target.substring(portColon + 1);
      if (!digits.matches("\\d{1,5}") || Integer.parseInt(digits) < 1 || Integer.parseInt(digits) > 65535) {
        throw new BadOption("--discovery: '" + digits + "' in '" + method + "' is not a port (1-65535)");
      }
      port = Integer.parseInt(digits);
    }
    if (!DNS_NAME.matcher(dnsName).matches()) {
      throw new BadOption("--discovery: '" + method + "' is not dns:NAME[:PORT] with a DNS name");
    }
    if (dnsName.startsWith("_") && portColon >= 0) {
      throw new BadOption("--discovery: '" + method + "': an SRV record (a name starting with _) carries its own port");
    }
    discovery.add("dns");
    if (dnsNames.put(dnsName, port) != null) {
      throw new BadOption("--discovery: '" + dnsName + "' is given twice");
    }
  }

  private void parseService(String service) throws BadOption {
    int eq = service.indexOf('=');
    if (eq <= 0) {
      throw new BadOption("--services: '" + service + "' is not NAME=HOST:PORT");
    }
    String name = service.substring(0, eq);
    if (!SERVICE_NAME.matcher(name).matches()) {
      throw new BadOption("--services: '" + name + "' is not a service name (lower-case letters, digits, - and _)");
    }
    if (demo && DEMO_SERVICES.containsKey(name)) {
      throw new BadOption("--services: '" + name + "' is a demo service's name; --demo adds it");
    }
    String target = service.substring(eq + 1);
    int at = target.indexOf('@');
    if (at >= 0) {
      String team = target.substring(at + 1);
      if (!TEAM.matcher(team).matches()) {
        throw new BadOption("--services: '" + team + "' in '" + service + "' is not a team name (lower-case letters, digits, - and _)");
      }
      serviceTeams.put(name, team);
      target = target.substring(0, at);
    }
    hostPort("--services", target, service);
    if (services.put(name, target) != null) {
      throw new BadOption("--services: '" + name + "' is given twice");
    }
  }

  private static void hostPort(String option, String target, String shown) throws BadOption {
    int colon = target.lastIndexOf(':');
    if (colon <= 0 || !HOST.matcher(target.substring(0, colon)).matches()) {
      throw new BadOption(option + ": '" + shown + "' is not HOST:PORT");
    }
    String port = target.substring(colon + 1);
    if (!port.matches("\\d{1,5}") || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535) {
      throw new BadOption(option + ": '" + port + "' in '" + shown + "' is not a port (1-65535)");
    }
  }

  private static List<String> list(String option, String value) throws BadOption {
    List<String> items = Arrays.asList(value.split(",", -1));
    for (String item : items) {
      if (item.isBlank()) {
        throw new BadOption(option + ": '" + value + "' has an empty item");
      }
    }
    return items;
  }

  private static String oneOf(String option, String value, List<String> allowed) throws BadOption {
    String v = value.toLowerCase(Locale.ROOT);
    if (!allowed.contains(v)) {
      throw new BadOption(option + ": '" + value + "' is not one of " + String.join(", ", allowed));
    }
    return v;
  }

  private static String duration(String option, String value) throws BadOption {
    if (!DURATION.matcher(value).matches() || millis(value) == 0) {
      throw new BadOption(option + ": '" + value + "' is not a duration like 15s, 30d or 1h30m");
    }
    return value;
  }

  /** A Prometheus duration in milliseconds. */
  static long millis(String duration) {
    java.util.regex.Matcher m = Pattern.compile("(\\d+)(ms|s|m|h|d|w|y)").matcher(duration);
    long total = 0;
    while (m.find()) {
      long n = Long.parseLong(m.group(1));
      switch (m.group(2)) {
        case "ms": total += n; break;
        case "s": total += n * 1000L; break;
        case "m": total += n * 60_000L; break;
        case "h": total += n * 3_600_000L; break;
        case "d": total += n * 86_400_000L; break;
        case "w": total += n * 604_800_000L; break;
        default: total += n * 31_536_000_000L; break;
      }
    }
    return total;
  }

  /** Every service Prometheus scrapes: the demo's first when --demo, then --services. */
  Map<String, String> allServices() {
    Map<String, String> all = new LinkedHashMap<>();
    if (demo) {
      all.putAll(DEMO_SERVICES);
    }
    all.putAll(services);
    return Collections.unmodifiableMap(all);
  }

  private static Map<String, String> demoServices() {
    Map<String, String> demo = new LinkedHashMap<>();
    demo.put("frontend", "frontend:9464");
    demo.put("backend", "backend:9464");
    return Collections.unmodifiableMap(demo);
  }
}
