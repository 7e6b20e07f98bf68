package io.monitoring.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentConfigTest {
  @TempDir Path dir;

  @Test
  void precedenceIsSystemPropertyThenAgentArgumentThenEnvironmentThenFile() throws Exception {
    Path file = dir.resolve("agent.properties");
    Files.writeString(file, "monitoring.metrics.port=1004\nservice.name=from-file\nenvironment=file-env\nlog.level=warn\n");
    Map<String, String> env = Map.of("MONITORING_METRICS_PORT", "1003", "MONITORING_SERVICE_NAME", "from-env",
        "MONITORING_CONFIG_FILE", file.toString());

    AgentSettings all = settings(Map.of("monitoring.metrics.port", "1001"), "metrics.port=1002,service.name=from-args", env);
    assertEquals(1001, all.metricsPort);
    assertEquals("from-args", all.serviceName);
    assertEquals("file-env", all.environment);

    assertEquals(1002, settings(Map.of(), "metrics.port=1002", env).metricsPort);
    assertEquals(1003, settings(Map.of(), "", env).metricsPort);
    assertEquals(1004, settings(Map.of(), "", Map.of("MONITORING_CONFIG_FILE", file.toString())).metricsPort);
    assertEquals(9464, settings(Map.of(), "", Map.of()).metricsPort);
  }

  @Test
  void environmentNamesAreUpperCaseWithDotsAndDashesAsUnderscores() {
    assertEquals("MONITORING_HTTP_SERVER_IGNORE_PATHS", AgentConfig.environmentName("http.server.ignore-paths"));
    AgentSettings s = settings(Map.of(), null, Map.of("MONITORING_HTTP_SERVER_IGNORE_PATHS", "/health, /favicon.ico"));
    assertEquals(List.of("/health", "/favicon.ico"), s.ignorePaths);
  }

  @Test
  void otelVariablesAreHonouredOnlyWhenTheAgentKeyIsNotSet() {
    Map<String, String> env = Map.of("OTEL_SERVICE_NAME", "otel-shop", "OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318/",
        "OTEL_RESOURCE_ATTRIBUTES", "deployment.environment.name=staging,team=payments");
    AgentSettings otel = settings(Map.of(), "", env);
    assertEquals("otel-shop", otel.serviceName);
    assertEquals("http://collector:4318", otel.otlpEndpoint);
    assertEquals("staging", otel.environment);
    assertEquals("payments", otel.resourceAttributes.get("team"));

    AgentSettings own = settings(Map.of("monitoring.service.name", "shop", "monitoring.otlp.endpoint", "http://jaeger:4318"), "", env);
    assertEquals("shop", own.serviceName);
    assertEquals("http://jaeger:4318", own.otlpEndpoint);
  }

  @Test
  void everyBadValueIsOneLineNamingKeyValueAndWhatIsUsedInstead() {
    Map<String, String> props = new HashMap<>();
    props.put("monitoring.metrics.port", "abc");
    props.put("monitoring.traces.sampler.ratio", "7");
    props.put("monitoring.traces.exporter", "zipkin");
    props.put("monitoring.otlp.protocol", "thrift");
    props.put("monitoring.metrics.enabled", "yes");
    props.put("monitoring.metrics.max-label-values", "-5");
    props.put("monitoring.log.level", "loud");
    props.put("monitoring.otlp.endpoint", "not a url");
    props.put("monitoring.instrumentation.servlet.enabled", "nope");
    AgentConfig config = AgentConfig.from(props, "", Map.of());
    AgentSettings s = new AgentSettings(config);

    assertEquals(9464, s.metricsPort);
    assertEquals(1.0, s.samplerRatio);
    assertEquals("otlp", s.tracesExporter);
    assertEquals("http/protobuf", s.otlpProtocol);
    assertTrue(s.metricsEnabled);
    assertEquals(1000, s.maxLabelValues);
    assertEquals("http://localhost:4318", s.otlpEndpoint);
    assertTrue(s.enabled("servlet"));
    List<String> problems = config.problems();
    assertEquals(9, problems.size(), problems.toString());
    assertTrue(problems.contains("monitoring.metrics.port='abc' is not valid (expected an integer from 0 to 65535); using 9464"), problems.toString());
    assertTrue(problems.contains("monitoring.traces.sampler.ratio='7' is not valid (expected a number from 0.0 to 1.0); using 1.0"), problems.toString());
    assertTrue(problems.contains("monitoring.traces.exporter='zipkin' is not valid (expected one of otlp, logging, none); using otlp"), problems.toString());
    assertTrue(problems.stream().allMatch(p -> p.startsWith("monitoring.") && !p.contains("\n")), problems.toString());
  }

  /**
   * Every key, each with a malformed value on its own: one line naming the key, and the agent runs on. A key
   * added to {@link AgentConfig#KEYS} without a row here fails the test.
   */
  @Test
  void everyKeyWithAMalformedValueIsOneLineNamingIt() {
    Map<String, String[]> rows = new LinkedHashMap<>(); // key -> {malformed value, the line, or "@" + where it is checked}
    rows.put("config.file", new String[] {dir.resolve("absent.properties").toString(), "monitoring.config.file: file '"
        + dir.resolve("absent.properties") + "' does not exist; using the other sources only"});
    rows.put("service.name", new String[] {"sh\u0007op", "monitoring.service.name='sh?op' is not valid (expected text"
        + " without control characters); using the default"});
    rows.put("service.version", new String[] {"1.\u00070", "monitoring.service.version='1.?0' is not valid (expected"
        + " text without control characters); using the default"});
    rows.put("environment", new String[] {"prod\nuction", "monitoring.environment='prod?uction' is not valid (expected"
        + " text without control characters); using the default"});
    rows.put("metrics.enabled", new String[] {"yes", "monitoring.metrics.enabled='yes' is not valid (expected true or"
        + " false); using true"});
    rows.put("metrics.host", new String[] {"no such host!", "@MetricsEndpointTest: resolved when the endpoint binds"});
    rows.put("metrics.port", new String[] {"70000", "monitoring.metrics.port='70000' is not valid (expected an integer"
        + " from 0 to 65535); using 9464"});
    rows.put("traces.exporter", new String[] {"zipkin", "monitoring.traces.exporter='zipkin' is not valid (expected one"
        + " of otlp, logging, none); using otlp"});
    rows.put("otlp.endpoint", new String[] {"localhost:4318", "monitoring.otlp.endpoint='localhost:4318' is not valid"
        + " (expected an http:// or https:// URL with a host); using http://localhost:4318"});
    rows.put("otlp.protocol", new String[] {"thrift", "monitoring.otlp.protocol='thrift' is not valid (expected one of"
        + " http/protobuf, grpc); using http/protobuf"});
    rows.put("traces.sampler.ratio", new String[] {"1,5", "monitoring.traces.sampler.ratio='1,5' is not valid (expected"
        + " a number from 0.0 to 1.0); using 1.0"});
    rows.put("http.server.ignore-paths", new String[] {"/health,favicon.ico", "monitoring.http.server.ignore-paths:"
        + " 'favicon.ico' is not a path (expected /path or /prefix*); ignored"});
    rows.put("cache.ignore", new String[] {"a,,b", "@SpringBootIT: every value is a list of cache names (none: no cache)"});
    rows.put("metrics.max-label-values", new String[] {"1e3", "monitoring.metrics.max-label-values='1e3' is not valid"
        + " (expected an integer from 1 to 1000000); using 1000"});
    rows.put("log.level", new String[] {"loud", "monitoring.log.level='loud' is not valid (expected one of debug, info,"
        + " warn, off); using info"});
    rows.put("metrics.username", new String[] {"scraper", "monitoring.metrics.username and monitoring.metrics.password-file"
        + " must be set together (only monitoring.metrics.username is); the metrics endpoint is off rather than served"
        + " without authentication"});
    rows.put("metrics.password-file", new String[] {"/no/such/password", "monitoring.metrics.username and"
        + " monitoring.metrics.password-file must be set together (only monitoring.metrics.password-file is); the"
        + " metrics endpoint is off rather than served without authentication"});
    rows.put("metrics.tls.keystore", new String[] {"/no/such/keystore.p12", "monitoring.metrics.tls.keystore and"
        + " monitoring.metrics.tls.keystore-password-file must be set together (only monitoring.metrics.tls.keystore"
        + " is); the metrics endpoint is off rather than served over plain HTTP"});
    rows.put("metrics.tls.keystore-password-file", new String[] {"/no/such/password", "monitoring.metrics.tls.keystore"
        + " and monitoring.metrics.tls.keystore-password-file must be set together (only"
        + " monitoring.metrics.tls.keystore-password-file is); the metrics endpoint is off rather than served over"
        + " plain HTTP"});
    rows.put("db.repeated-query.threshold", new String[] {"1", "monitoring.db.repeated-query.threshold='1' is not valid"
        + " (expected an integer from 2 to 1000000); using 10"});
    rows.put("db.slow-query.threshold", new String[] {"half a second", "monitoring.db.slow-query.threshold='half a second'"
        + " is not valid (expected a duration of at least 1ms: 500ms, 2s, 1m); using 500ms"});
    rows.put("db.slow-query.log", new String[] {"on", "monitoring.db.slow-query.log='on' is not valid (expected true or"
        + " false); using false"});
    rows.put("methods", new String[] {"com.shop.OrderService", "monitoring.methods: 'com.shop.OrderService' is not a"
        + " class and method (expected com.shop.OrderService#place or com.shop.Billing#*); ignored"});
    rows.put("logs.mdc.enabled", new String[] {"yes", "monitoring.logs.mdc.enabled='yes' is not valid (expected true or"
        + " false); using true"});
    rows.put("ui.enabled", new String[] {"no", "monitoring.ui.enabled='no' is not valid (expected true or"
        + " false); using true"});
    for (String name : AgentConfig.INSTRUMENTATIONS) {
      rows.put("instrumentation." + name + ".enabled", new String[] {"off", "monitoring.instrumentation." + name
          + ".enabled='off' is not valid (expected true or false); using true"});
    }
    assertEquals(AgentConfig.KEYS, rows.keySet(), "a row for every key");

    for (Map.Entry<String, String[]> row : rows.entrySet()) {
      String key = row.getKey();
      AgentConfig config = AgentConfig.from(Map.of("monitoring." + key, row.getValue()[0]), "", Map.of());
      AgentSettings s = new AgentSettings(config);
      String line = row.getValue()[1];
      assertEquals(line.startsWith("@") ? List.of() : List.of(line), config.problems(), key);
      if (key.startsWith("metrics.username") || key.startsWith("metrics.password") || key.startsWith("metrics.tls")) {
        assertFalse(s.metricsEnabled, key + ": half the security settings must not serve an open endpoint");
      }
    }
    AgentSettings colon = new AgentSettings(AgentConfig.from(Map.of("monitoring.metrics.username", "a:b",
        "monitoring.metrics.password-file", "/p"), "", Map.of()));
    assertFalse(colon.metricsEnabled);
  }

  @Test
  void wellFormedValuesOfTheCheckedKeysPass() {
    AgentSettings s = settings(Map.of("monitoring.service.name", "checkout service", "monitoring.environment", "staging",
        "monitoring.http.server.ignore-paths", "/health, /static/*", "monitoring.metrics.username", "scraper",
        "monitoring.metrics.password-file", "/run/secrets/metrics"), "", Map.of());
    assertEquals("checkout service", s.serviceName);
    assertEquals(500, settings(Map.of(), "", Map.of()).slowQueryMillis);
    assertEquals(Map.of("com.shop.OrderService", Set.of("place", "cancel"), "com.shop.Billing", Set.of("*"),
        "Ünicode$Inner", Set.of("größe")), settings(Map.of("monitoring.methods",
        " com.shop.OrderService#place; com.shop.Billing#*;;com.shop.OrderService#cancel;Ünicode$Inner#größe"), "", Map.of()).methods);
    assertEquals(List.of(250L, 2000L, 60_000L, 40L), List.of(
        settings(Map.of("monitoring.db.slow-query.threshold", "250ms"), "", Map.of()).slowQueryMillis,
        settings(Map.of("monitoring.db.slow-query.threshold", "2s"), "", Map.of()).slowQueryMillis,
        settings(Map.of("monitoring.db.slow-query.threshold", "1m"), "", Map.of()).slowQueryMillis,
        settings(Map.of("monitoring.db.slow-query.threshold", "40"), "", Map.of()).slowQueryMillis));
    assertEquals("staging", s.environment);
    assertEquals(List.of("/health", "/static/*"), s.ignorePaths);
    assertTrue(s.basicAuth());
    assertTrue(s.metricsEnabled);
  }

  @Test
  void unknownKeysAreReportedWithTheClosestKnownKey() {
    AgentConfig config = AgentConfig.from(Map.of("monitoring.metrics.prot", "9000"), "servce.name=x",
        Map.of("MONITORING_ENVIRONMNT", "dev"));
    new AgentSettings(config);
    List<String> problems = config.problems();
    assertTrue(problems.contains("unknown key monitoring.metrics.prot (did you mean monitoring.metrics.port?); ignored"), problems.toString());
    assertTrue(problems.contains("unknown key monitoring.servce.name (did you mean monitoring.service.name?); ignored"), problems.toString());
    assertTrue(problems.contains("unknown environment variable MONITORING_ENVIRONMNT (did you mean MONITORING_ENVIRONMENT?); ignored"), problems.toString());
  }

  @Test
  void missingConfigFileIsReportedAndTheOtherSourcesStillApply() {
    AgentConfig config = AgentConfig.from(Map.of("monitoring.config.file", dir.resolve("absent.properties").toString()),
        "metrics.port=9999", Map.of());
    AgentSettings s = new AgentSettings(config);
    assertEquals(9999, s.metricsPort);
    assertEquals(1, config.problems().size(), config.problems().toString());
    assertTrue(config.problems().get(0).startsWith("monitoring.config.file: file '"), config.problems().toString());
  }

  @Test
  void instrumentationsCanBeSwitchedOffOneByOne() {
    AgentSettings s = settings(Map.of(), "instrumentation.servlet.enabled=false", Map.of());
    assertFalse(s.enabled("servlet"));
    assertTrue(s.enabled("spring-webmvc"));
  }

  @Test
  void traceIdsInLogsAreOnByDefaultAndOffWithTheirOneKey() {
    AgentSettings defaults = settings(Map.of(), "", Map.of());
    assertTrue(defaults.logsMdc && defaults.enabled("logback") && defaults.enabled("log4j2"));
    AgentSettings off = settings(Map.of(), "logs.mdc.enabled=false", Map.of());
    assertFalse(off.logsMdc || off.enabled("logback") || off.enabled("log4j2"));
    assertTrue(off.enabled("servlet"));
    AgentSettings logbackOff = settings(Map.of(), "instrumentation.logback.enabled=false", Map.of());
    assertFalse(logbackOff.enabled("logback"));
    assertTrue(logbackOff.enabled("log4j2"));
    AgentSettings noTraces = settings(Map.of(), "traces.exporter=none", Map.of());
    assertFalse(noTraces.enabled("logback") || noTraces.enabled("log4j2"), "no spans, no ids: nothing to weave");
  }

  @Test
  void theApplicationsOpenTelemetryApiIsBridgedOnlyWhenThereAreTraces() {
    assertTrue(settings(Map.of(), "", Map.of()).enabled("opentelemetry-api"));
    assertFalse(settings(Map.of(), "traces.exporter=none", Map.of()).enabled("opentelemetry-api"));
    assertTrue(settings(Map.of(), "traces.exporter=logging", Map.of()).enabled("opentelemetry-api"));
  }

  @Test
  void malformedAgentArgumentIsReported() {
    AgentConfig config = AgentConfig.from(Map.of(), "metrics.port=9000,garbage", Map.of());
    assertEquals(9000, new AgentSettings(config).metricsPort);
    assertEquals(List.of("agent argument 'garbage' is not key=value; ignored"), config.problems());
  }

  @Test
  void everyInstrumentationHasAKeyThatSwitchesItOffAndNothingElse() {
    for (String name : io.monitoring.agent.instrumentation.InstrumentedLibraries.names()) {
      AgentSettings settings = settings(Map.of(), "instrumentation." + name + ".enabled=false", Map.of());
      for (String other : io.monitoring.agent.instrumentation.InstrumentedLibraries.names()) {
        assertEquals(!other.equals(name), settings.enabled(other), name + " off, " + other);
      }
    }
  }

  private static AgentSettings settings(Map<String, String> props, String args, Map<String, String> env) {
    AgentConfig config = AgentConfig.from(props, args, env);
    AgentSettings settings = new AgentSettings(config);
    assertEquals(List.of(), config.problems());
    return settings;
  }
}
