package io.monitoring.agent.tracing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.KeyValue;
import io.opentelemetry.api.common.Value;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.exporter.internal.otlp.traces.TraceRequestMarshaler;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValueOrBuilder;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The agent writes the OTLP request the OpenTelemetry exporter's marshaler writes, for any span it is handed. */
class OtlpTraceEncoderTest {
  private static final Resource RESOURCE = Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), "shop",
      AttributeKey.stringKey("host.name"), "höst-1"), "https://opentelemetry.io/schemas/1.24.0");
  private static final Resource OTHER_RESOURCE = Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), "billing"));
  private static final SpanContext REMOTE_PARENT = SpanContext.createFromRemoteParent("0af7651916cd43dd8448eb211c80319c",
      "b7ad6b7169203331", TraceFlags.getSampled(), TraceState.builder().put("vendor", "a1").put("other", "b2").build());

  private final AgentSpanTest.Ended ended = new AgentSpanTest.Ended();
  private final SpanDestination destination = new SpanDestination(1.0, RESOURCE, ended);

  @Test
  void theAgentsSpansAreWrittenAsTheExportersMarshalerWritesThem() throws Exception {
    AgentSpan server = AgentSpan.start(destination, "GET /orders/{id}", SpanKind.SERVER, Context.root().with(Span.wrap(REMOTE_PARENT)), 0);
    server.setAttribute(AttributeKey.stringKey("http.request.method"), "GET");
    server.setAttribute(AttributeKey.longKey("http.response.status_code"), 500L);
    server.setAttribute(AttributeKey.stringKey("url.path"), "/orders/ü€𝄞"); // two, three and four UTF-8 bytes
    server.setAttribute(AttributeKey.stringKey("empty"), "");
    server.setAttribute(AttributeKey.longKey("negative"), -42L);
    server.setAttribute(AttributeKey.doubleKey("ratio"), 0.25);
    server.setAttribute(AttributeKey.booleanKey("handled"), false);
    server.setAttribute(AttributeKey.stringArrayKey("tags"), List.of("a", "", "ç"));
    server.setAttribute(AttributeKey.longArrayKey("sizes"), List.of(1L, -1L, Long.MAX_VALUE));
    server.setAttribute(AttributeKey.doubleArrayKey("weights"), List.of(0.0, -1.5));
    server.setAttribute(AttributeKey.booleanArrayKey("flags"), List.of(true, false));
    server.setAttribute(AttributeKey.stringKey("long"), "x".repeat(20_000)); // a length of three bytes, twice nested
    server.recordException(new IllegalStateException("no stock"), Attributes.of(AttributeKey.booleanKey("retried"), true));
    server.setStatus(StatusCode.ERROR, "no stock");
    AgentSpan client = AgentSpan.start(destination, "SELECT orders", SpanKind.CLIENT, Context.root().with(server), 0);
    client.setAttribute(AttributeKey.stringKey("db.system.name"), "h2");
    client.end();
    server.end();
    AgentSpan root = AgentSpan.start(destination, "tick", SpanKind.INTERNAL, Context.root(), 0);
    root.setStatus(StatusCode.OK);
    root.addEvent("started", Attributes.empty(), 1_700_000_000_000_000_000L, TimeUnit.NANOSECONDS);
    root.end();

    assertEncodedAsTheExporterDoes(spans(ended.spans));
  }

  @Test
  void theApplicationsSpansAreWrittenAsTheExportersMarshalerWritesThem() throws Exception {
    AgentSpanTest.Ended sdkEnded = new AgentSpanTest.Ended();
    SdkTracerProvider provider = SdkTracerProvider.builder().setResource(RESOURCE).addSpanProcessor(sdkEnded).build();
    SdkTracerProvider other = SdkTracerProvider.builder().setResource(OTHER_RESOURCE).addSpanProcessor(sdkEnded).build();
    Span parent = provider.tracerBuilder("shop.orders").setInstrumentationVersion("1.2")
        .setSchemaUrl("https://opentelemetry.io/schemas/1.21.0").build()
        .spanBuilder("place order").setParent(Context.root().with(Span.wrap(REMOTE_PARENT))).setSpanKind(SpanKind.PRODUCER)
        .addLink(REMOTE_PARENT, Attributes.of(AttributeKey.stringKey("link.reason"), "retry"))
        .setAttribute(AttributeKey.valueKey("order"), Value.of(KeyValue.of("id", Value.of(7L)),
            KeyValue.of("lines", Value.of(Value.of("book"), Value.of(2.5), Value.of(true))),
            KeyValue.of("raw", Value.of(new byte[] {1, 2, 3}))))
        .startSpan();
    parent.addEvent("validated", Attributes.of(AttributeKey.longKey("lines"), 2L));
    provider.get("shop.billing").spanBuilder("charge").setParent(Context.root().with(parent))
        .setSpanKind(SpanKind.CONSUMER).startSpan().end();
    other.get("billing").spanBuilder("invoice").startSpan().end();
    parent.end();
    AgentSpan.start(destination, "GET /health", SpanKind.SERVER, Context.root(), 0).end();
    provider.shutdown();
    other.shutdown();
    List<SpanData> spans = spans(sdkEnded.spans);
    spans.addAll(spans(ended.spans));

    assertEncodedAsTheExporterDoes(spans);
  }

  @Test
  void anArrayGrownForALargeBatchIsLetGoAfterIt() throws Exception {
    for (int i = 0; i < 3_000; i++) {
      AgentSpan span = AgentSpan.start(destination, "GET /orders/{id}", SpanKind.SERVER, Context.root(), 0);
      span.setAttribute(AttributeKey.stringKey("url.full"), "http://shop.example/orders/" + "9".repeat(400));
      span.end();
    }
    OtlpTraceEncoder encoder = assertEncodedAsTheExporterDoes(spans(ended.spans));
    assertTrue(encoder.bytes().length > 1 << 20, "grown to " + encoder.bytes().length);
    encoder.trim();
    assertEquals(16 * 1024, encoder.bytes().length);
  }

  private static List<SpanData> spans(List<ReadableSpan> ended) {
    List<SpanData> spans = new ArrayList<>();
    for (ReadableSpan span : ended) {
      spans.add(span.toSpanData());
    }
    return spans;
  }

  private static OtlpTraceEncoder assertEncodedAsTheExporterDoes(List<SpanData> spans) throws Exception {
    ByteArrayOutputStream exporters = new ByteArrayOutputStream();
    TraceRequestMarshaler.create(spans).writeBinaryTo(exporters);
    OtlpTraceEncoder encoder = new OtlpTraceEncoder();
    encoder.encode(spans);
    ExportTraceServiceRequest ours = ExportTraceServiceRequest.parseFrom(Arrays.copyOf(encoder.bytes(), encoder.size()));

    assertEquals(normalized(ExportTraceServiceRequest.parseFrom(exporters.toByteArray())), normalized(ours));
    assertEquals(spans.size(), ours.getResourceSpansList().stream().flatMap(r -> r.getScopeSpansList().stream())
        .mapToInt(ScopeSpans::getSpansCount).sum());
    return encoder;
  }

  /**
   * In an order that does not depend on identity hashes (the exporter groups in identity hash maps) or on the order
   * attributes were set in (the exporter's attributes are sorted by key; the agent writes its own as set).
   */
  private static ExportTraceServiceRequest normalized(ExportTraceServiceRequest request) {
    ExportTraceServiceRequest.Builder sorted = ExportTraceServiceRequest.newBuilder();
    request.getResourceSpansList().stream().sorted(Comparator.comparing((ResourceSpans r) -> r.getResource().toString())
        .thenComparing(r -> r.getScopeSpans(0).getScope().getName())).forEach(r -> {
      ResourceSpans.Builder resource = r.toBuilder().clearScopeSpans();
      r.getScopeSpansList().stream().sorted(Comparator.comparing(s -> s.getScope().getName())).forEach(s -> {
        ScopeSpans.Builder scope = s.toBuilder().clearSpans();
        s.getSpansList().forEach(span -> {
          List<io.opentelemetry.proto.common.v1.KeyValue> attributes = new ArrayList<>(span.getAttributesList());
          attributes.sort(Comparator.comparing(KeyValueOrBuilder::getKey));
          scope.addSpans(span.toBuilder().clearAttributes().addAllAttributes(attributes));
        });
        resource.addScopeSpans(scope);
      });
      sorted.addResourceSpans(resource);
    });
    return sorted.build();
  }
}
