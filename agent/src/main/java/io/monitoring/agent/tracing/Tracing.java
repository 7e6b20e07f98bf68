package io.monitoring.agent.tracing;

import io.monitoring.agent.AgentLog;
import io.monitoring.agent.config.AgentSettings;
import io.monitoring.agent.metrics.AgentMetrics;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.util.Collection;
import java.util.Map;

/** Builds the OpenTelemetry SDK: resource, parent-based ratio sampler, bounded batch export. */
public final class Tracing {
  private final Resource resource;
  private final double samplerRatio;
  private final SpanBatcher batcher;
  private final SpanDestination destination;
  private volatile SdkTracerProvider provider; // built when the application first asks for a tracer

  private Tracing(Resource resource, double samplerRatio, SpanBatcher batcher) {
    this.resource = resource;
    this.samplerRatio = samplerRatio;
    this.batcher = batcher;
    this.destination = new SpanDestination(samplerRatio, resource, batcher);
  }

  /** Returns null when traces are off ({@code monitoring.traces.exporter=none}). */
  public static Tracing create(AgentSettings settings, AgentMetrics metrics, String agentVersion, String serviceVersion) {
    if ("none".equals(settings.tracesExporter)) {
      return null;
    }
    SpanExporter exporter;
    String destination;
    if ("logging".equals(settings.tracesExporter)) {
      exporter = new StderrSpanExporter();
      destination = "stderr";
    } else {
      String endpoint = settings.otlpEndpoint;
      if ("grpc".equals(settings.otlpProtocol)) {
        String http = endpoint.endsWith(":4317") ? endpoint.substring(0, endpoint.length() - 5) + ":4318" : endpoint;
        AgentLog.warn("monitoring.otlp.protocol='grpc' is not available in this build (it bundles no gRPC transport to"
            + " stay small); using http/protobuf to " + http);
        endpoint = http;
      }
      String url = endpoint + "/v1/traces";
      destination = url;
      // no retries: a batch that fails is dropped and counted; retrying only held the export thread (about 8.5 s
      // per batch with the collector down) while new spans piled up behind it
      exporter = new OtlpSpanExporter(url);
    }
    AttributesBuilder resource = Attributes.builder();
    for (Map.Entry<String, String> e : settings.resourceAttributes.entrySet()) {
      resource.put(e.getKey(), e.getValue());
    }
    resource.put("service.name", settings.serviceName)
        .put("deployment.environment.name", settings.environment)
        .put("telemetry.distro.name", "monitoring-agent")
        .put("telemetry.distro.version", agentVersion)
        .put("telemetry.sdk.language", "java")
        .put("process.runtime.version", System.getProperty("java.version", "unknown"));
    if (serviceVersion != null) {
      resource.put("service.version", serviceVersion);
    }
    return new Tracing(Resource.create(resource.build()), settings.samplerRatio, new SpanBatcher(exporter, destination,
        metrics.spansDropped("queue_full"), metrics.spansDropped("export_failed")));
  }

  /** Where the agent's own spans ({@link AgentSpan}) go. */
  SpanDestination destination() {
    return destination;
  }

  /**
   * The application's own tracers (its OpenTelemetry API) come from here, under their own scope names: the SDK's
   * spans, sampled by the same rule and exported by the same batcher as the agent's. Built on the first call (the
   * agent's own spans do not need the SDK's span machinery: 60 classes an application without the API never loads).
   */
  public io.opentelemetry.api.trace.TracerProvider tracerProvider() {
    SdkTracerProvider p = provider;
    if (p == null) {
      synchronized (this) {
        p = provider;
        if (p == null) {
          provider = p = SdkTracerProvider.builder()
              .setResource(resource)
              .setSampler(Sampler.parentBased(samplerRatio >= 1.0 ? Sampler.alwaysOn()
                  : Sampler.traceIdRatioBased(samplerRatio)))
              .addSpanProcessor(batcher)
              .build();
        }
      }
    }
    return p;
  }

  public void shutdown() {
    SdkTracerProvider p;
    synchronized (this) {
      p = provider;
    }
    (p != null ? p.shutdown() : batcher.shutdown()).join(3, java.util.concurrent.TimeUnit.SECONDS);
  }

  /** {@code monitoring.traces.exporter=logging}: one line per span on stderr. */
  static final class StderrSpanExporter implements SpanExporter {
    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
      for (SpanData s : spans) {
        System.err.println("[monitoring-agent] SPAN " + s.getName() + " " + s.getKind() + " trace_id=" + s.getTraceId()
            + " span_id=" + s.getSpanId() + " parent_id=" + s.getParentSpanId() + " status=" + s.getStatus().getStatusCode()
            + " duration_ms=" + (s.getEndEpochNanos() - s.getStartEpochNanos()) / 1_000_000.0 + " " + s.getAttributes());
      }
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode flush() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
      return CompletableResultCode.ofSuccess();
    }
  }
}
