package io.monitoring.agent.config;

import io.monitoring.agent.AgentLog;
import io.monitoring.agent.instrumentation.InstrumentedLibraries;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * The agent's configuration: every {@code monitoring.*} key of design.md, looked up in order of
 * precedence as a system property, an agent argument, an environment variable, then the
 * properties file named by {@code monitoring.config.file}. A malformed value never stops the
 * application: it is reported in one line naming the key, the value and what is used instead.
 */
public final class AgentConfig {
  public static final String PREFIX = "monitoring.";
  /** What {@link #PREFIX} is in an environment variable's name. */
  private static final String VARIABLE_PREFIX = "MONITORING_";
  /** The instrumentations' names, from their one list: each has its {@code instrumentation.<name>.enabled} key. */
  static final List<String> INSTRUMENTATIONS = InstrumentedLibraries.names();

  static final Set<String> KEYS = new LinkedHashSet<>(Arrays.asList(
      "config.file", "service.name", "service.version", "environment", "metrics.enabled", "metrics.host", "metrics.port",
      "traces.exporter", "otlp.endpoint", "otlp.protocol", "traces.sampler.ratio", "http.server.ignore-paths", "cache.ignore",
      "metrics.max-label-values", "log.level", "metrics.username", "metrics.password-file",
      "metrics.tls.keystore", "metrics.tls.keystore-password-file", "db.repeated-query.threshold",
      "db.slow-query.threshold", "db.slow-query.log", "methods", "logs.mdc.enabled", "ui.enabled"));

  static {
    for (String name : INSTRUMENTATIONS) {
      KEYS.add("instrumentation." + name + ".enabled");
    }
  }

  private final Map<String, String> systemProperties;
  private final Map<String, String> agentArguments;
  private final Map<String, String> environment;
  /**
   * Whether any MONITORING_* variable is set: usually none, and then no key's variable name is built (upper-cased
   * and replaced, ~120 times in premain, ~1 ms of a hello world).
   */
  private final boolean monitoringVariables;
  private final Map<String, String> file;
  private final List<String> problems = new ArrayList<>();

  AgentConfig(Map<String, String> systemProperties, String agentArgs, Map<String, String> environment) {
    this.systemProperties = systemProperties;
    this.environment = environment;
    this.monitoringVariables = anyStartsWith(environment.keySet(), VARIABLE_PREFIX);
    this.agentArguments = parseAgentArguments(agentArgs);
    this.file = Collections.emptyMap();
  }

  private AgentConfig(AgentConfig base, Map<String, String> file) {
    this.systemProperties = base.systemProperties;
    this.agentArguments = base.agentArguments;
    this.environment = base.environment;
    this.monitoringVariables = base.monitoringVariables;
    this.file = file;
    this.problems.addAll(base.problems);
  }

  /** Reads the configuration of this JVM; problems are reported once, on stderr. */
  public static AgentConfig load(String agentArgs) {
    Map<String, String> props = new HashMap<>();
    for (String name : System.getProperties().stringPropertyNames()) {
      if (name.startsWith(PREFIX)) {
        props.put(name, System.getProperty(name));
      }
    }
    return from(props, agentArgs, System.getenv());
  }

  /** The configuration from the given sources, with its properties file read when one is named. */
  static AgentConfig from(Map<String, String> systemProperties, String agentArgs, Map<String, String> environment) {
    AgentConfig config = new AgentConfig(systemProperties, agentArgs, environment);
    String fileName = config.raw("config.file");
    if (fileName == null || fileName.trim().isEmpty()) {
      return config;
    }
    Properties properties = new Properties();
    try (InputStream in = Files.newInputStream(Paths.get(fileName.trim()))) {
      properties.load(in);
    } catch (NoSuchFileException e) {
      config.problems.add("monitoring.config.file: file '" + fileName + "' does not exist; using the other sources only");
      return config;
    } catch (IOException | RuntimeException e) {
      config.problems.add("monitoring.config.file: cannot read '" + fileName + "' (" + e + "); using the other sources only");
      return config;
    }
    Map<String, String> fromFile = new HashMap<>();
    for (String name : properties.stringPropertyNames()) {
      String key = name.startsWith(PREFIX) ? name.substring(PREFIX.length()) : name;
      fromFile.put(key, properties.getProperty(name));
    }
    return new AgentConfig(config, fromFile);
  }

  private Map<String, String> parseAgentArguments(String args) {
    Map<String, String> result = new HashMap<>();
    if (args == null || args.trim().isEmpty()) {
      return result;
    }
    for (String part : args.split(",")) {
      if (part.trim().isEmpty()) {
        continue;
      }
      int eq = part.indexOf('=');
      if (eq <= 0) {
        problems.add("agent argument '" + part.trim() + "' is not key=value; ignored");
        continue;
      }
      String key = part.substring(0, eq).trim();
      if (key.startsWith(PREFIX)) {
        key = key.substring(PREFIX.length());
      }
      result.put(key, part.substring(eq + 1).trim());
    }
    return result;
  }

  /** The raw value of a key (without the {@code monitoring.} prefix) from the first source that has it. */
  String raw(String key) {
    String value = systemProperties.get(PREFIX + key);
    if (value == null) {
      value = agentArguments.get(key);
    }
    if (value == null && monitoringVariables) {
      value = environment.get(environmentName(key));
    }
    if (value == null) {
      value = file.get(key);
    }
    return value;
  }

  private static boolean anyStartsWith(Iterable<String> names, String prefix) {
    for (String name : names) {
      if (name.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  static String environmentName(String key) {
    return (PREFIX + key).toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  /** Unknown keys in any source, each reported with the closest known key. */
  void checkUnknownKeys() {
    Set<String> seen = new LinkedHashSet<>();
    for (String name : systemProperties.keySet()) {
      seen.add(name.substring(PREFIX.length()));
    }
    seen.addAll(agentArguments.keySet());
    seen.addAll(file.keySet());
    if (monitoringVariables) {
      Map<String, String> envToKey = new HashMap<>();
      for (String key : KEYS) {
        envToKey.put(environmentName(key), key);
      }
      for (String name : environment.keySet()) {
        if (name.startsWith(VARIABLE_PREFIX) && !envToKey.containsKey(name)) {
          problems.add("unknown environment variable " + name + " (did you mean " + environmentName(closest(
              name.substring(VARIABLE_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.'))) + "?); ignored");
        }
      }
    }
    for (String key : seen) {
      if (!KEYS.contains(key)) {
        problems.add("unknown key monitoring." + key + " (did you mean monitoring." + closest(key) + "?); ignored");
      }
    }
  }

  static String closest(String key) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String known : KEYS) {
      int d = distance(key, known);
      if (d < bestDistance) {
        bestDistance = d;
        best = known;
      }
    }
    return best;
  }

  private static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }

  // ---- typed access; a bad value adds one problem line and yields the fallback ----

  public String string(String key, String fallback) {
    String value = raw(key);
    return value == null || value.trim().isEmpty() ? fallback : value.trim();
  }

  public boolean bool(String key, boolean fallback) {
    String value = raw(key);
    if (value == null || value.trim().isEmpty()) {
      return fallback;
    }
    String v = value.trim().toLowerCase(Locale.ROOT);
    if (v.equals("true")) {
      return true;
    }
    if (v.equals("false")) {
      return false;
    }
    invalid(key, value, "true or false", String.valueOf(fallback));
    return fallback;
  }

  public int integer(String key, int fallback, int min, int max) {
    String value = raw(key);
    if (value == null || value.trim().isEmpty()) {
      return fallback;
    }
    try {
      int parsed = Integer.parseInt(value.trim());
      if (parsed >= min && parsed <= max) {
        return parsed;
      }
    } catch (NumberFormatException ignored) {
      // reported below
    }
    invalid(key, value, "an integer from " + min + " to " + max, String.valueOf(fallback));
    return fallback;
  }

  /**
   * A duration in milliseconds: {@code 500ms}, {@code 2s}, {@code 1m}, or a bare number of milliseconds; at least
   * {@code minMillis}.
   */
  public long millis(String key, long fallback, long minMillis) {
    String value = raw(key);
    if (value == null || value.trim().isEmpty()) {
      return fallback;
    }
    String v = value.trim().toLowerCase(java.util.Locale.ROOT);
    long unit = v.endsWith("ms") ? 1 : v.endsWith("s") ? 1000 : v.endsWith("m") ? 60_000 : 1;
    String number = v.endsWith("ms") ? v.substring(0, v.length() - 2) : v.endsWith("s") || v.endsWith("m")
        ? v.substring(0, v.length() - 1) : v;
    try {
      long parsed = Long.parseLong(number.trim());
      if (parsed >= 0 && parsed <= Long.MAX_VALUE / 60_000 && parsed * unit >= minMillis) {
        return parsed * unit;
      }
    } catch (NumberFormatException ignored) {
      // reported below
    }
    invalid(key, value, "a duration of at least " + minMillis + "ms: 500ms, 2s, 1m", fallback + "ms");
    return fallback;
  }

  public double ratio(String key, double fallback) {
    String value = raw(key);
    if (value == null || value.trim().isEmpty()) {
      return fallback;
    }
    try {
      double parsed = Double.parseDouble(value.trim());
      if (parsed >= 0.0 && parsed <= 1.0) {
        return parsed;
      }
    } catch (NumberFormatException ignored) {
      // reported below
    }
    invalid(key, value, "a number from 0.0 to 1.0", String.valueOf(fallback));
    return fallback;
  }

  public String oneOf(String key, String fallback, String... allowed) {
    String value = raw(key);
    if (value == null || value.trim().isEmpty()) {
      return fallback;
    }
    String v = value.trim().toLowerCase(Locale.ROOT);
    for (String a : allowed) {
      if (a.equals(v)) {
        return a;
      }
    }
    invalid(key, value, "one of " + String.join(", ", allowed), fallback);
    return fallback;
  }

  /** Free text (a name, a label value): trimmed; control characters make it invalid. */
  public String text(String key, String fallback) {
    String value = string(key, null);
    if (value == null) {
      return fallback;
    }
    for (int i = 0; i < value.length(); i++) {
      if (Character.isISOControl(value.charAt(i))) {
        invalid(key, value.replaceAll("\\p{Cntrl}", "?"), "text without control characters",
            fallback == null ? "the default" : fallback);
        return fallback;
      }
    }
    return value;
  }

  /** Comma-separated URL paths, each starting with '/' (a trailing '*' makes it a prefix); others are reported. */
  public List<String> paths(String key) {
    List<String> result = new ArrayList<>();
    for (String path : list(key)) {
      int star = path.indexOf('*');
      if (path.startsWith("/") && (star < 0 || star == path.length() - 1)
          && path.chars().noneMatch(Character::isWhitespace)) {
        result.add(path);
      } else {
        problems.add(PREFIX + key + ": '" + path + "' is not a path (expected /path or /prefix*); ignored");
      }
    }
    return result;
  }

  public List<String> list(String key) {
    String value = raw(key);
    List<String> result = new ArrayList<>();
    if (value != null) {
      for (String part : value.split(",")) {
        if (!part.trim().isEmpty()) {
          result.add(part.trim());
        }
      }
    }
    return result;
  }

  public String environmentVariable(String name) {
    return environment.get(name);
  }

  void invalid(String key, String value, String expected, String used) {
    problems.add("monitoring." + key + "='" + value + "' is not valid (expected " + expected + "); using " + used);
  }

  public void problem(String line) {
    problems.add(line);
  }

  List<String> problems() {
    return problems;
  }

  /** Prints each problem found so far as one line on stderr, once. */
  public void reportProblems() {
    for (String p : problems) {
      AgentLog.warn(p);
    }
    problems.clear();
  }
}
