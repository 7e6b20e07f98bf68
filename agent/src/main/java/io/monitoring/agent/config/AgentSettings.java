package io.monitoring.agent.config;

import io.monitoring.agent.AgentLog;
import io.monitoring.agent.instrumentation.InstrumentedLibraries;
import java.io.File;
import java.net.URI;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/** Every setting resolved once at start-up, with defaults and the OTEL_* fallbacks applied. */
public final class AgentSettings {
  public final String serviceName;
  /** {@code monitoring.service.version}, else {@code service.version} of OTEL_RESOURCE_ATTRIBUTES; null: see {@link #serviceVersion()}. */
  private final String configuredServiceVersion;
  public final String environment;
  public final boolean metricsEnabled;
  public final String metricsHost;
  public final int metricsPort;
  public final String tracesExporter;
  public final String otlpEndpoint;
  public final String otlpProtocol;
  public final double samplerRatio;
  public final List<String> ignorePaths;
  /**
   * Caches never measured, by name. Default: Spring's own {@code spring-resource-chain-cache}, one miss per unknown
   * static path, which beside the application's caches can trip {@code LowCacheHitRatio}.
   */
  public final List<String> ignoredCaches;
  public final int maxLabelValues;
  public final AgentLog.Level logLevel;
  public final String metricsUsername;
  public final String metricsPasswordFile;
  public final String tlsKeystore;
  public final String tlsKeystorePasswordFile;
  public final Map<String, String> resourceAttributes;
  /** A request that runs one statement at least this many times has repeated queries (an N+1). */
  public final int repeatedQueryThreshold;
  /** A JDBC execution at least this slow is a slow statement. */
  public final long slowQueryMillis;
  /** Each slow statement is a line on stderr, at most one a second. */
  public final boolean slowQueryLog;
  /** {@code monitoring.methods}: class name to the method names timed ({@code *}: every method it declares). */
  public final Map<String, Set<String>> methods;
  /** The current span's ids in the application's log events (Logback, Log4j 2). */
  public final boolean logsMdc;
  /** The live page ({@code /}) and its data ({@code /api/summary}) on the metrics endpoint. */
  public final boolean uiEnabled;
  private final Set<String> disabledInstrumentations;

  public AgentSettings(AgentConfig config) {
    logLevel = AgentLog.Level.valueOf(config.oneOf("log.level", "info", "debug", "info", "warn", "off").toUpperCase(Locale.ROOT));
    resourceAttributes = parseResourceAttributes(config.environmentVariable("OTEL_RESOURCE_ATTRIBUTES"));
    String service = config.text("service.name", null);
    if (service == null) {
      service = config.environmentVariable("OTEL_SERVICE_NAME");
    }
    if (service == null || service.trim().isEmpty()) {
      service = resourceAttributes.get("service.name");
    }
    serviceName = service == null || service.trim().isEmpty() ? defaultServiceName() : service.trim();
    String version = config.text("service.version", null);
    if (version == null || version.trim().isEmpty()) {
      version = resourceAttributes.get("service.version");
    }
    configuredServiceVersion = version == null || version.trim().isEmpty() ? null : version.trim();
    String env = config.text("environment", null);
    if (env == null) {
      env = resourceAttributes.get("deployment.environment.name");
    }
    environment = env == null ? "production" : env;
    boolean metricsOn = config.bool("metrics.enabled", true);
    metricsHost = config.string("metrics.host", "0.0.0.0");
    metricsPort = config.integer("metrics.port", 9464, 0, 65535);
    tracesExporter = config.oneOf("traces.exporter", "otlp", "otlp", "logging", "none");
    otlpProtocol = config.oneOf("otlp.protocol", "http/protobuf", "http/protobuf", "grpc");
    otlpEndpoint = endpoint(config);
    samplerRatio = config.ratio("traces.sampler.ratio", 1.0);
    ignorePaths = Collections.unmodifiableList(config.paths("http.server.ignore-paths"));
    String ignoredCacheNames = config.string("cache.ignore", null);
    ignoredCaches = ignoredCacheNames == null ? List.of("spring-resource-chain-cache")
        : ignoredCacheNames.equals("none") ? List.of() : Collections.unmodifiableList(config.list("cache.ignore"));
    maxLabelValues = config.integer("metrics.max-label-values", 1000, 1, 1_000_000);
    metricsUsername = config.text("metrics.username", null);
    metricsPasswordFile = config.string("metrics.password-file", null);
    tlsKeystore = config.string("metrics.tls.keystore", null);
    tlsKeystorePasswordFile = config.string("metrics.tls.keystore-password-file", null);
    repeatedQueryThreshold = config.integer("db.repeated-query.threshold", 10, 2, 1_000_000);
    slowQueryMillis = config.millis("db.slow-query.threshold", 500, 1);
    slowQueryLog = config.bool("db.slow-query.log", false);
    methods = methods(config);
    logsMdc = config.bool("logs.mdc.enabled", true);
    uiEnabled = config.bool("ui.enabled", true);
    Set<String> disabled = new HashSet<>();
    if (!logsMdc) {
      disabled.addAll(InstrumentedLibraries.TRACE_IDS_IN_LOGS);
    }
    if ("none".equals(tracesExporter)) {
      // no SDK to bridge to: the application's API is left unwoven, not woven and handed back on every Context.current()
      disabled.add(InstrumentedLibraries.OPENTELEMETRY_API);
      // no span, so no ids to add: log events go unwoven, and the OpenTelemetry context (32 classes) stays unloaded
      disabled.addAll(InstrumentedLibraries.TRACE_IDS_IN_LOGS);
    }
    for (String name : AgentConfig.INSTRUMENTATIONS) {
      if (!config.bool("instrumentation." + name + ".enabled", true)) {
        disabled.add(name);
      }
    }
    disabledInstrumentations = Collections.unmodifiableSet(disabled);
    // security asked for but not fully configured: no endpoint, rather than one without what was asked for
    if (metricsOn && metricsUsername != null && metricsUsername.indexOf(':') >= 0) {
      config.invalid("metrics.username", metricsUsername, "a name without ':' (basic auth)", "none: the metrics endpoint is off");
      metricsOn = false;
    } else if (metricsOn && (metricsUsername == null) != (metricsPasswordFile == null)) {
      config.problem("monitoring.metrics.username and monitoring.metrics.password-file must be set together (only "
          + (metricsUsername == null ? "monitoring.metrics.password-file" : "monitoring.metrics.username")
          + " is); the metrics endpoint is off rather than served without authentication");
      metricsOn = false;
    }
    if (metricsOn && (tlsKeystore == null) != (tlsKeystorePasswordFile == null)) {
      config.problem("monitoring.metrics.tls.keystore and monitoring.metrics.tls.keystore-password-file must be set"
          + " together (only " + (tlsKeystore == null ? "monitoring.metrics.tls.keystore-password-file"
          : "monitoring.metrics.tls.keystore") + " is); the metrics endpoint is off rather than served over plain HTTP");
      metricsOn = false;
    }
    metricsEnabled = metricsOn;
    config.checkUnknownKeys();
  }

  public boolean enabled(String instrumentation) {
    return !disabledInstrumentations.contains(instrumentation);
  }

  /** {@link #enabled} as the predicate the instrumentations are chosen by (a class: no lambda in premain). */
  public Predicate<String> enabledInstrumentations() {
    return new EnabledInstrumentations();
  }

  private final class EnabledInstrumentations implements Predicate<String> {
    @Override
    public boolean test(String instrumentation) {
      return enabled(instrumentation);
    }
  }

  public boolean basicAuth() {
    return metricsUsername != null && metricsPasswordFile != null;
  }

  public boolean tls() {
    return tlsKeystore != null && tlsKeystorePasswordFile != null;
  }

  private String endpoint(AgentConfig config) {
    String fallback = "grpc".equals(otlpProtocol) ? "http://localhost:4317" : "http://localhost:4318";
    String value = config.string("otlp.endpoint", null);
    String key = "monitoring.otlp.endpoint";
    if (value == null) {
      value = config.environmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT");
      key = "OTEL_EXPORTER_OTLP_ENDPOINT";
    }
    if (value == null || value.trim().isEmpty()) {
      return fallback;
    }
    value = value.trim();
    try {
      URI uri = new URI(value);
      if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
        return value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
      }
    } catch (Exception ignored) {
      // reported below
    }
    config.problem(key + "='" + value + "' is not valid (expected an http:// or https:// URL with a host); using " + fallback);
    return fallback;
  }

  static Map<String, String> parseResourceAttributes(String raw) {
    Map<String, String> attributes = new LinkedHashMap<>();
    if (raw == null) {
      return attributes;
    }
    for (String pair : raw.split(",")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        attributes.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
      }
    }
    return attributes;
  }

  /** Compiled only when methods are configured: in every premain it cost ~3 ms (the regex engine's Unicode classes). */
  private static final String METHOD_ENTRY =
      "([\\p{L}_$][\\p{L}\\p{N}_$]*(?:\\.[\\p{L}_$][\\p{L}\\p{N}_$]*)*)#(\\*|[\\p{L}_$][\\p{L}\\p{N}_$]*)";

  /** {@code com.shop.OrderService#place;com.shop.Billing#*}: each bad entry is one line naming it, and skipped. */
  private static Map<String, Set<String>> methods(AgentConfig config) {
    String value = config.string("methods", null);
    Map<String, Set<String>> methods = new LinkedHashMap<>();
    if (value == null) {
      return methods;
    }
    java.util.regex.Pattern methodEntry = java.util.regex.Pattern.compile(METHOD_ENTRY);
    for (String entry : value.split(";")) {
      String e = entry.trim();
      if (e.isEmpty()) {
        continue;
      }
      java.util.regex.Matcher m = methodEntry.matcher(e);
      if (m.matches()) {
        methods.computeIfAbsent(m.group(1), c -> new java.util.LinkedHashSet<>()).add(m.group(2));
      } else {
        config.problem("monitoring.methods: '" + e.replaceAll("\\p{Cntrl}", "?") + "' is not a class and method"
            + " (expected com.shop.OrderService#place or com.shop.Billing#*); ignored");
      }
    }
    return Collections.unmodifiableMap(methods);
  }

  /**
   * The application's version: configured, else the {@code Implementation-Version} of the main jar's manifest
   * ({@code java -jar app.jar}), else null. Read off the main thread, when the agent starts its metrics.
   */
  public String serviceVersion() {
    if (configuredServiceVersion != null) {
      return configuredServiceVersion;
    }
    String command = System.getProperty("sun.java.command", "").trim();
    String first = firstWord(command);
    if (!first.endsWith(".jar")) {
      return null;
    }
    try (JarFile jar = new JarFile(first, false)) {
      Manifest manifest = jar.getManifest();
      String version = manifest == null ? null : manifest.getMainAttributes().getValue("Implementation-Version");
      return version == null || version.trim().isEmpty() ? null : version.trim();
    } catch (Exception e) {
      return null; // not readable here: no version rather than a wrong one
    }
  }

  /** The command's first word (the main class or jar), without a regex in premain. */
  private static String firstWord(String command) {
    for (int i = 0; i < command.length(); i++) {
      if (Character.isWhitespace(command.charAt(i))) {
        return command.substring(0, i);
      }
    }
    return command;
  }

  /** The main class's simple name, or the jar's name without .jar, from sun.java.command. */
  static String defaultServiceName() {
    String command = System.getProperty("sun.java.command", "").trim();
    String first = firstWord(command);
    if (first.endsWith(".jar")) {
      String name = new File(first).getName();
      return name.substring(0, name.length() - 4);
    }
    if (first.isEmpty()) {
      return "java";
    }
    int dot = first.lastIndexOf('.');
    return dot >= 0 ? first.substring(dot + 1) : first;
  }
}
