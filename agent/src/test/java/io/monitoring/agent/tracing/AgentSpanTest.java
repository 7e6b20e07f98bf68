package io.monitoring.agent.tracing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingDecision;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The agent's own span exports what the OpenTelemetry SDK's span would, for the same calls. */
class AgentSpanTest {
  private static final AttributeKey<String> METHOD = AttributeKey.stringKey("http.request.method");
  private static final AttributeKey<Long> STATUS = AttributeKey.longKey("http.response.status_code");
  private static final Resource RESOURCE = Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), "shop"));

  private final Ended ended = new Ended();
  private final SpanDestination everySpan = new SpanDestination(1.0, RESOURCE, ended);

  @Test
  void aServerSpanExportsWhatTheSdksWould() {
    IllegalStateException error = new IllegalStateException("no stock");
    Consumer<Span> request = span -> {
      span.setAttribute(METHOD, "GET");
      span.setAttribute(STATUS, 200L);
      span.setAttribute(STATUS, 500L); // replaced, not added
      span.setAttribute("shop.items", 3L);
      span.updateName("GET /orders/{id}");
      span.addEvent("db.repeated_query", Attributes.of(AttributeKey.stringKey("db.query.text"), "SELECT ?"));
      span.recordException(error, Attributes.of(AttributeKey.booleanKey("handled"), false));
      span.setStatus(StatusCode.ERROR, "no stock");
      span.setStatus(StatusCode.UNSET); // an error stays an error only until the span says otherwise, as in the SDK
      span.setStatus(StatusCode.ERROR);
      span.end();
      span.setAttribute(METHOD, "POST"); // after the end: ignored
    };
    SpanData sdk = sdkSpan("GET", SpanKind.SERVER, request);
    SpanData agent = agentSpan(everySpan, "GET", SpanKind.SERVER, request);

    assertEquals(sdk.getName(), agent.getName());
    assertEquals(sdk.getKind(), agent.getKind());
    assertEquals(Attributes.builder().putAll(sdk.getAttributes()).build(), agent.getAttributes());
    assertEquals(sdk.getTotalAttributeCount(), agent.getTotalAttributeCount());
    assertEquals(sdk.getStatus(), agent.getStatus());
    assertEquals(2, agent.getEvents().size());
    for (int i = 0; i < 2; i++) {
      EventData expected = sdk.getEvents().get(i);
      EventData actual = agent.getEvents().get(i);
      assertEquals(expected.getName(), actual.getName());
      assertEquals(Attributes.builder().putAll(expected.getAttributes()).build(), actual.getAttributes()); // the exception's type, message and stack trace
    }
    assertEquals(RESOURCE, agent.getResource());
    assertEquals("io.monitoring.agent", agent.getInstrumentationScopeInfo().getName());
    assertTrue(agent.hasEnded());
    assertTrue(agent.getEndEpochNanos() >= agent.getStartEpochNanos());
  }

  @Test
  void childrenShareTheTraceAndNameTheirParent() {
    AgentSpan parent = AgentSpan.start(everySpan, "GET", SpanKind.SERVER, Context.root(), 0);
    AgentSpan child = AgentSpan.start(everySpan, "SELECT orders", SpanKind.CLIENT, Context.root().with(parent), 0);

    assertEquals(parent.getTraceId(), child.getTraceId());
    assertNotEquals(parent.getSpanId(), child.getSpanId());
    assertEquals(parent.getSpanId(), child.getParentSpanId());
    assertFalse(parent.getParentSpanContext().isValid());
    SpanContext asTheSdkWouldMakeIt = SpanContext.create(child.getTraceId(), child.getSpanId(), TraceFlags.getSampled(),
        TraceState.getDefault());
    assertTrue(asTheSdkWouldMakeIt.isValid(), child.getTraceId() + " " + child.getSpanId());
    assertSame(child.getTraceId(), child.getTraceId()); // encoded once
  }

  @Test
  void itsTraceparentIsTheW3cHeaderOfItsIdsAndSampling() {
    AgentSpan sampled = AgentSpan.start(everySpan, "GET", SpanKind.CLIENT, Context.root(), 0);
    AgentSpan unsampled = AgentSpan.start(new SpanDestination(0.0, RESOURCE, ended), "GET", SpanKind.CLIENT,
        Context.root(), 0);

    assertEquals("00-" + sampled.getTraceId() + "-" + sampled.getSpanId() + "-01", Spans.traceparent(sampled));
    assertEquals("00-" + unsampled.getTraceId() + "-" + unsampled.getSpanId() + "-00", Spans.traceparent(unsampled));
  }

  @Test
  void itsTracestateIsThatOfItsRemoteParentInOrder() {
    SpanContext remote = SpanContext.createFromRemoteParent("0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331",
        TraceFlags.getSampled(), TraceState.builder().put("other", "b2").put("vendor", "a1").build());
    AgentSpan child = AgentSpan.start(everySpan, "GET", SpanKind.CLIENT, Context.root().with(Span.wrap(remote)), 0);

    assertEquals("vendor=a1,other=b2", Spans.tracestate(child.getTraceState())); // the last put first, as W3C orders it
  }

  @Test
  void withoutAParentContextTheCurrentSpanIsTheParent() {
    AgentSpan parent = AgentSpan.start(everySpan, "GET", SpanKind.SERVER, Context.root(), 0);
    AgentSpan child;
    try (io.opentelemetry.context.Scope ignored = Context.root().with(parent).makeCurrent()) {
      child = AgentSpan.start(everySpan, "SELECT orders", SpanKind.CLIENT, null, 0);
    }

    assertEquals(parent.getSpanId(), child.getParentSpanId());
  }

  @Test
  void aRemoteParentGivesItsTraceSamplingAndState() {
    TraceState state = TraceState.builder().put("vendor", "x").build();
    SpanContext remote = SpanContext.createFromRemoteParent("4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7",
        TraceFlags.getSampled(), state);
    SpanDestination never = new SpanDestination(0.0, RESOURCE, ended);
    AgentSpan span = AgentSpan.start(never, "GET", SpanKind.SERVER, Context.root().with(Span.wrap(remote)), 0);

    assertEquals("4bf92f3577b34da6a3ce929d0e0e4736", span.getTraceId());
    assertEquals("00f067aa0ba902b7", span.getParentSpanId());
    assertTrue(span.isSampled(), "a sampled parent's child is sampled whatever the ratio");
    assertSame(state, span.getTraceState());
    assertFalse(span.isRemote());
  }

  @Test
  void newTracesAreSampledAsTheSdksRatioSamplerSamplesThem() {
    Sampler sdk = Sampler.traceIdRatioBased(0.25);
    SpanDestination quarter = new SpanDestination(0.25, RESOURCE, ended);
    Random random = new Random(42);
    int sampled = 0;
    for (int i = 0; i < 10_000; i++) {
      long high = random.nextLong();
      long low = random.nextLong();
      String traceId = String.format("%016x%016x", high, low);
      boolean expected = sdk.shouldSample(Context.root(), traceId, "s", SpanKind.SERVER, Attributes.empty(), List.of())
          .getDecision() == SamplingDecision.RECORD_AND_SAMPLE;
      assertEquals(expected, quarter.samples(low), traceId);
      sampled += expected ? 1 : 0;
    }
    assertTrue(sampled > 2_300 && sampled < 2_700, "sampled " + sampled);
  }

  @Test
  void anUnsampledSpanRecordsNothingButCarriesItsContext() {
    SpanDestination never = new SpanDestination(0.0, RESOURCE, ended);
    AgentSpan span = AgentSpan.start(never, "GET", SpanKind.SERVER, Context.root(), 0);
    AgentSpan child = AgentSpan.start(never, "SELECT", SpanKind.CLIENT, Context.root().with(span), 0);
    span.setAttribute(METHOD, "GET");
    child.end();
    span.end();

    assertFalse(span.isRecording());
    assertTrue(span.getSpanContext().isValid());
    assertFalse(span.getSpanContext().isSampled());
    assertFalse(child.isSampled());
    assertEquals(span.getTraceId(), child.getTraceId());
    assertTrue(ended.spans.isEmpty());
  }

  @Test
  void aSpanBuiltAfterTheFactStartsWhenTheCallDid() {
    long before = System.currentTimeMillis() * 1_000_000L;
    AgentSpan span = AgentSpan.start(everySpan, "SELECT orders", SpanKind.CLIENT, Context.root(),
        TimeUnit.MILLISECONDS.toNanos(250));
    span.end();

    assertTrue(span.getStartEpochNanos() < before - TimeUnit.MILLISECONDS.toNanos(200), "started 250 ms ago");
    assertTrue(span.getLatencyNanos() >= TimeUnit.MILLISECONDS.toNanos(250));
  }

  @Test
  void attributesStopAtTheSdksLimitAndAreCounted() {
    AgentSpan span = AgentSpan.start(everySpan, "GET", SpanKind.SERVER, Context.root(), 0);
    for (int i = 0; i < 130; i++) {
      span.setAttribute("a" + i, i);
    }
    span.end();

    assertEquals(128, span.getAttributes().size());
    assertEquals(130, span.getTotalAttributeCount());
    assertEquals(1, ended.spans.size());
    span.end();
    assertEquals(1, ended.spans.size(), "ended once");
  }

  private SpanData sdkSpan(String name, SpanKind kind, Consumer<Span> calls) {
    Ended sdkEnded = new Ended();
    SdkTracerProvider provider = SdkTracerProvider.builder().addSpanProcessor(sdkEnded).build();
    calls.accept(provider.get("io.monitoring.agent").spanBuilder(name).setSpanKind(kind).startSpan());
    provider.shutdown();
    return sdkEnded.spans.get(0).toSpanData();
  }

  private SpanData agentSpan(SpanDestination destination, String name, SpanKind kind, Consumer<Span> calls) {
    calls.accept(AgentSpan.start(destination, name, kind, Context.root(), 0));
    return ended.spans.get(ended.spans.size() - 1).toSpanData();
  }

  /** The spans that ended, as the batcher is handed them. */
  static final class Ended implements SpanProcessor {
    final List<ReadableSpan> spans = new ArrayList<>();

    @Override
    public void onStart(Context parentContext, ReadWriteSpan span) {}

    @Override
    public boolean isStartRequired() {
      return false;
    }

    @Override
    public void onEnd(ReadableSpan span) {
      spans.add(span);
    }

    @Override
    public boolean isEndRequired() {
      return true;
    }

    @Override
    public CompletableResultCode shutdown() {
      return CompletableResultCode.ofSuccess();
    }
  }
}
