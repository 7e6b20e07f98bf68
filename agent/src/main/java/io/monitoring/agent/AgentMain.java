package io.monitoring.agent;

import io.monitoring.agent.bootstrap.AgentErrors;
import io.monitoring.agent.bootstrap.CacheHooks;
import io.monitoring.agent.bootstrap.ConnectionPoolHooks;
import io.monitoring.agent.bootstrap.FaultToleranceHooks;
import io.monitoring.agent.bootstrap.HttpClientHooks;
import io.monitoring.agent.bootstrap.HttpServerHooks;
import io.monitoring.agent.bootstrap.JdbcHooks;
import io.monitoring.agent.bootstrap.MethodHooks;
import io.monitoring.agent.bootstrap.ApplicationTracingHooks;
import io.monitoring.agent.bootstrap.LogHooks;
import io.monitoring.agent.bootstrap.RedisHooks;
import io.monitoring.agent.bootstrap.ScheduledTasks;
import io.monitoring.agent.bootstrap.WebSocketHooks;
import io.monitoring.agent.config.AgentConfig;
import io.monitoring.agent.config.AgentSettings;
import io.monitoring.agent.cache.CacheTelemetry;
import io.monitoring.agent.cache.RedisTelemetry;
import io.monitoring.agent.db.ConnectionPoolMetrics;
import io.monitoring.agent.db.DbTelemetry;
import io.monitoring.agent.methods.MethodTelemetry;
import io.monitoring.agent.db.RequestQueryMetrics;
import io.monitoring.agent.db.SlowQueries;
import io.monitoring.agent.faulttolerance.FaultToleranceMetrics;
import io.monitoring.agent.httpclient.HttpClientTelemetry;
import io.monitoring.agent.httpserver.HttpServerTelemetry;
import io.monitoring.agent.instrumentation.PrefilterTransformer;
import io.monitoring.agent.instrumentation.Instrumentations;
import io.monitoring.agent.logs.TraceIdsInLogs;
import io.monitoring.agent.apibridge.ApplicationTracing;
import io.monitoring.agent.metrics.AgentMetrics;
import io.monitoring.agent.metrics.EndpointPage;
import io.monitoring.agent.metrics.MetricsEndpoint;
import io.monitoring.agent.tracing.ContextCarryingTasks;
import io.monitoring.agent.tracing.Spans;
import io.monitoring.agent.tracing.Tracing;
import io.monitoring.agent.ui.LivePage;
import io.monitoring.agent.ui.LiveSummary;
import io.monitoring.agent.websocket.WebSocketMetrics;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Start-up, inside the agent's own class loader. premain does only what must happen before the
 * application's classes load: read the configuration and register a transformer that filters class
 * names (and, for JDBC, constant pools). Metrics, hooks, the weaver, the OpenTelemetry SDK and the
 * HTTP endpoint are built on a daemon thread; a targeted class loading meanwhile waits for them.
 */
public final class AgentMain {
  private AgentMain() {}

  public static void start(String args, Instrumentation inst, boolean attached, long startNanos, String bootstrapMode) {
    AgentConfig config = AgentConfig.load(args);
    AgentSettings settings = new AgentSettings(config);
    AgentLog.setLevel(settings.logLevel);
    config.reportProblems();

    Predicate<String> enabled = settings.enabledInstrumentations();
    PrefilterTransformer transformer = new PrefilterTransformer(Instrumentations.typeNames(enabled, settings.methods),
        Instrumentations.implementations(enabled));
    inst.addTransformer(transformer, true);
    if (AgentLog.isDebug()) {
      long tenths = (System.nanoTime() - startNanos) / 100_000; // in tenths of a ms, without formatting a double
      AgentLog.debug("bootstrap classes " + bootstrapMode + "; premain took " + tenths / 10 + "." + tenths % 10 + " ms");
    }

    Thread init = new Thread(new Initialisation(settings, enabled, inst, transformer, attached, startNanos),
        "monitoring-agent-init");
    init.setDaemon(true);
    init.start();
  }

  /**
   * The init thread's task: a class, not a lambda. premain's two lambdas (this and the enabled-predicate) had the JDK
   * link their call sites and spin their lambda forms: ~2 ms of premain's ~25 on the 2-core machine (async-profiler).
   */
  private static final class Initialisation implements Runnable {
    private final AgentSettings settings;
    private final Predicate<String> enabled;
    private final Instrumentation inst;
    private final PrefilterTransformer transformer;
    private final boolean attached;
    private final long startNanos;

    Initialisation(AgentSettings settings, Predicate<String> enabled, Instrumentation inst,
        PrefilterTransformer transformer, boolean attached, long startNanos) {
      this.settings = settings;
      this.enabled = enabled;
      this.inst = inst;
      this.transformer = transformer;
      this.attached = attached;
      this.startNanos = startNanos;
    }

    @Override
    public void run() {
      initialise(settings, enabled, inst, transformer, attached, startNanos);
    }
  }

  private static void initialise(AgentSettings settings, Predicate<String> enabled, Instrumentation inst,
      PrefilterTransformer transformer,
      boolean attached, long startNanos) {
    String version = version();
    // every family reaches the tracer through this one holder, set once the SDK is built
    Spans spans = new Spans();
    AgentMetrics metrics = null;
    SlowQueries slowQueries = null;
    String serviceVersion = null;
    try {
      serviceVersion = settings.serviceVersion();
      metrics = new AgentMetrics(settings.serviceName, settings.environment, settings.maxLabelValues, version, serviceVersion);
      AgentErrors.install(metrics);
      // what each request did with the database is reported when it ends, where JDBC is measured at all
      RequestQueryMetrics requestQueries = settings.enabled("jdbc")
          ? new RequestQueryMetrics(metrics, settings.repeatedQueryThreshold) : null;
      HttpServerTelemetry httpServer = new HttpServerTelemetry(metrics, spans, settings.ignorePaths,
          settings.enabled("spring-webmvc"), requestQueries);
      HttpServerHooks.install(httpServer);
      slowQueries = new SlowQueries(settings.slowQueryMillis * 1_000_000L, settings.slowQueryLog);
      JdbcHooks.install(new DbTelemetry(metrics, spans, httpServer::queriesOfCurrentRequest, slowQueries));
      ConnectionPoolHooks.install(new ConnectionPoolMetrics(metrics));
      HttpClientHooks.install(new HttpClientTelemetry(metrics, spans));
      CacheTelemetry caches = new CacheTelemetry(metrics, settings.ignoredCaches);
      CacheHooks.install(caches);
      RedisHooks.install(new RedisTelemetry(caches, spans));
      FaultToleranceHooks.install(new FaultToleranceMetrics(metrics));
      MethodHooks.install(new MethodTelemetry(metrics, spans));
      WebSocketHooks.install(new WebSocketMetrics(metrics));
      if (!"none".equals(settings.tracesExporter)) {
        // contexts to carry, ids to log and an API to bridge only with traces: with them off, not even loaded
        ScheduledTasks.install(new ContextCarryingTasks());
        LogHooks.install(new TraceIdsInLogs());
        ApplicationTracingHooks.install(new ApplicationTracing());
      }
      Instrumentations.letJdkModulesReadHooks(inst, enabled);
      // on attach, the application's; at start-up, those another agent given before this one made the JVM
      // load (the Elastic APM agent loads HttpURLConnection in its premain): either way unwoven so far
      List<Class<?>> loadedEarlier = loadedTargets(inst, transformer);
      transformer.ready(Instrumentations.transformer(enabled, attached || !loadedEarlier.isEmpty(), settings.methods));
      retransform(inst, loadedEarlier);
      AgentLog.debug("instrumentation ready " + (System.nanoTime() - startNanos) / 1_000_000 + " ms after start");
    } catch (Throwable t) {
      transformer.ready(null);
      AgentLog.warn("instrumentation could not start (" + t + "); the application runs unmeasured");
      return;
    }
    if (!"none".equals(settings.tracesExporter)) {
      // with traces off not one class of the SDK is loaded (LeanLoadingIT): Tracing is only touched here
      startTracing(settings, metrics, spans, version, serviceVersion);
    }
    try {
      metrics.registerJvmMetrics();
    } catch (Throwable t) {
      AgentLog.warn("JVM metrics unavailable: " + t);
    }
    if (settings.metricsEnabled) {
      Map<String, EndpointPage> pages = new HashMap<>();
      pages.put("/slow-queries", EndpointPage.json(slowQueries::json));
      if (settings.uiEnabled) {
        pages.putAll(LivePage.start(metrics.registry(), settings.enabled("jdbc") ? slowQueries : null,
            new LiveSummary.Identity(settings.serviceName, settings.environment, serviceVersion, version),
            !"none".equals(settings.tracesExporter)));
      }
      HTTPServer endpoint = MetricsEndpoint.start(settings, metrics, pages);
      if (endpoint != null) {
        // the port is the application's to reuse as soon as the JVM is going
        Runtime.getRuntime().addShutdownHook(new Thread(endpoint::close, "monitoring-agent-endpoint-shutdown"));
      }
    }
  }

  private static void startTracing(AgentSettings settings, AgentMetrics metrics, Spans spans, String version,
      String serviceVersion) {
    try {
      Tracing tracing = Tracing.create(settings, metrics, version, serviceVersion);
      if (tracing != null) {
        spans.use(tracing);
        ApplicationTracing.useTracerProvider(tracing::tracerProvider);
        Runtime.getRuntime().addShutdownHook(new Thread(tracing::shutdown, "monitoring-agent-shutdown"));
      }
    } catch (Throwable t) {
      AgentLog.warn("tracing could not start (" + t + "); metrics only");
    }
  }

  private static List<Class<?>> loadedTargets(Instrumentation inst, PrefilterTransformer transformer) {
    List<Class<?>> loaded = new ArrayList<>();
    for (Class<?> c : inst.getAllLoadedClasses()) {
      if (transformer.targets(c) && inst.isModifiableClass(c)) {
        loaded.add(c);
      }
    }
    return loaded;
  }

  /** Targeted classes that loaded before the agent's transformer was registered are woven now. */
  private static void retransform(Instrumentation inst, List<Class<?>> loaded) {
    if (loaded.isEmpty()) {
      return;
    }
    AgentLog.debug("weaving " + loaded.size() + " classes loaded before the agent started: " + loaded);
    try {
      inst.retransformClasses(loaded.toArray(new Class<?>[0]));
    } catch (Throwable t) {
      AgentLog.warn("could not instrument classes loaded before the agent started (" + t + ")");
    }
  }

  static String version() {
    try (java.io.InputStream in = AgentMain.class.getResourceAsStream("/io/monitoring/agent/version.properties")) {
      if (in != null) {
        java.util.Properties props = new java.util.Properties();
        props.load(in);
        return props.getProperty("version", "unknown");
      }
    } catch (java.io.IOException ignored) {
      // fall through
    }
    return "unknown";
  }
}
