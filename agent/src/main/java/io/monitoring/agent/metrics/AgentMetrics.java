package io.monitoring.agent.metrics;

import io.monitoring.agent.AgentLog;
import io.monitoring.agent.bootstrap.AgentErrors;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Labels;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The agent's own registry (never the application's default one) and the metrics every
 * instrumentation shares: {@code monitoring_agent_info}, errors swallowed, label values folded.
 * Every metric carries {@code service} and {@code environment} as constant labels.
 */
public final class AgentMetrics implements AgentErrors.Sink {
  public static final String OTHER = "_other";

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final Labels constLabels;
  private final int maxLabelValues;
  private final Counter errors;
  private final Counter overflow;
  private final Counter spansDropped;
  private final Exemplars exemplars = new Exemplars();
  private final ConcurrentHashMap<String, CounterDataPoint> errorsByInstrumentation = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Boolean> errorsLogged = new ConcurrentHashMap<>();

  public AgentMetrics(String service, String environment, int maxLabelValues, String agentVersion) {
    this(service, environment, maxLabelValues, agentVersion, null);
  }

  /** {@code serviceVersion}: the application's version, null when not known (the label is then absent). */
  public AgentMetrics(String service, String environment, int maxLabelValues, String agentVersion, String serviceVersion) {
    this.constLabels = Labels.of("service", service, "environment", environment);
    this.maxLabelValues = maxLabelValues;
    String javaVersion = System.getProperty("java.version", "unknown");
    Gauge.Builder info = Gauge.builder().name("monitoring_agent_info")
        .help("The monitoring agent: its version, the Java version, and the application's version (service_version)")
        .constLabels(constLabels);
    if (serviceVersion == null) {
      info.labelNames("version", "java_version").register(registry).labelValues(agentVersion, javaVersion).set(1);
    } else {
      info.labelNames("version", "java_version", "service_version").register(registry)
          .labelValues(agentVersion, javaVersion, serviceVersion).set(1);
    }
    errors = Counter.builder().name("monitoring_agent_errors_total")
        .help("Failures inside the agent's instrumentation, swallowed so the application never sees them")
        .labelNames("instrumentation").constLabels(constLabels).register(registry);
    overflow = Counter.builder().name("monitoring_agent_label_overflow_total")
        .help("Observations whose label value was folded into _other because the metric reached monitoring.metrics.max-label-values")
        .labelNames("metric").constLabels(constLabels).register(registry);
    spansDropped = Counter.builder().name("monitoring_agent_spans_dropped_total")
        .help("Spans not delivered: export queue full or exporter failed")
        .labelNames("reason").constLabels(constLabels).register(registry);
  }

  public PrometheusRegistry registry() {
    return registry;
  }

  public Labels constLabels() {
    return constLabels;
  }

  public int maxLabelValues() {
    return maxLabelValues;
  }

  /** The series of {@code metric} per value of its unbounded label, capped by monitoring.metrics.max-label-values. */
  public <T> SeriesTable<T> seriesTable(String metric, Function<String, T> bind) {
    return seriesTable(metric, maxLabelValues, bind);
  }

  /** The same with a cap of its own, for a label whose values are a known set of about {@code max}. */
  public <T> SeriesTable<T> seriesTable(String metric, int max, Function<String, T> bind) {
    return new SeriesTable<>(max, overflow.labelValues(metric), bind);
  }

  /** The exemplar offers of this registry's data points. */
  public Exemplars exemplars() {
    return exemplars;
  }

  public CounterDataPoint spansDropped(String reason) {
    return spansDropped.labelValues(reason);
  }

  /** JVM and process metrics ({@link JvmMetrics}); costs ~10 ms, so called off the main thread. */
  public void registerJvmMetrics() {
    JvmMetrics.register(registry, constLabels);
  }

  @Override
  public void record(String instrumentation, Throwable error) {
    errorsByInstrumentation.computeIfAbsent(instrumentation, errors::labelValues).inc();
    if ("transformer".equals(instrumentation)) {
      // a class that cannot be woven runs as it is: counted, not shouted; the transformer's failure listener
      // names the class and the reason at debug level
      return;
    }
    if (errorsLogged.putIfAbsent(instrumentation, Boolean.TRUE) == null) {
      AgentLog.warn("instrumentation '" + instrumentation + "' failed and was skipped for this call (further failures"
          + " are only counted in monitoring_agent_errors_total): " + error);
    }
    if (AgentLog.isDebug()) {
      error.printStackTrace();
    }
  }
}
