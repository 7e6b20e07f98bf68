package io.monitoring.agent.tracing;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.internal.OtelEncodingUtils;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.Clock;
import io.opentelemetry.sdk.common.InstrumentationLibraryInfo;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.common.internal.ExceptionAttributeResolver;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.ExceptionEventData;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * One of the agent's own spans: the span, its context and, once ended, its export record in one object. The
 * OpenTelemetry SDK's span (measured for a JDBC span: ~500 ns and ~940 B on the request thread) builds a span
 * builder, an id generator's hex strings, a sampling result, an attribute hash map and a span context per span;
 * this one keeps the ids as longs (hex only when something asks: a log line, an exemplar), its attributes as
 * key/value pairs in one array, and the export thread writes both straight into the OTLP request
 * ({@link OtlpTraceEncoder}). It samples as the SDK's parent-based ratio sampler does and keeps the SDK's default
 * limits (128 attributes, 128 events). The application's OpenTelemetry API still makes SDK spans; both end in the
 * same batcher.
 *
 * <p>Mutators take the span's lock: the application may hold the request's SERVER span on another thread (its
 * API's {@code Span.current()}). Fields written before the span is published (the constructor) need none.
 */
final class AgentSpan implements Span, SpanContext, ReadableSpan, SpanData {
  static final InstrumentationScopeInfo SCOPE = InstrumentationScopeInfo.create("io.monitoring.agent");
  @SuppressWarnings("deprecation") // SpanData still declares it
  private static final InstrumentationLibraryInfo LIBRARY = InstrumentationLibraryInfo.create("io.monitoring.agent", null);
  private static final int MAX_ATTRIBUTES = 128; // the SDK's default span limits
  private static final int MAX_EVENTS = 128;

  private final SpanDestination destination;
  private final SpanContext parent;
  private final long traceIdHigh;
  private final long traceIdLow;
  private final long spanId;
  private final boolean sampled;
  private final TraceState traceState;
  private final SpanKind kind;
  // the wall clock is read once per trace on this JVM and the rest is System.nanoTime() from there, as the SDK's
  // AnchoredClock does: a trace's spans nest even when NTP moves the wall clock meanwhile
  private final long anchorEpochNanos;
  private final long anchorNanoTime;
  private final long startEpochNanos;
  private String traceIdHex; // on first ask; a race computes the same string twice
  private String spanIdHex;

  private String name; // guarded by this, as everything below until ended is true
  private Object[] attributes; // key, value, key, value, ...
  private int attributeCount;
  private int attributesRecorded;
  private List<EventData> events;
  private int eventsRecorded;
  private StatusData status = StatusData.unset();
  private long endEpochNanos;
  private volatile boolean ended; // read without the lock by isRecording(), on every instrumented call

  private AgentSpan(SpanDestination destination, String name, SpanKind kind, Context parentContext, long startedNanosAgo) {
    this.destination = destination;
    this.name = name;
    this.kind = kind;
    ThreadLocalRandom random = ThreadLocalRandom.current();
    // as the SDK's span builder: no parent context means the current one
    Span parentSpan = Span.fromContextOrNull(parentContext != null ? parentContext : Context.current());
    SpanContext parent = parentSpan == null ? SpanContext.getInvalid() : parentSpan.getSpanContext();
    this.parent = parent;
    if (parent instanceof AgentSpan) {
      AgentSpan p = (AgentSpan) parent;
      traceIdHigh = p.traceIdHigh;
      traceIdLow = p.traceIdLow;
      traceIdHex = p.traceIdHex;
      sampled = p.sampled;
      traceState = p.traceState;
      anchorEpochNanos = p.anchorEpochNanos;
      anchorNanoTime = p.anchorNanoTime;
    } else {
      if (parent.isValid()) {
        String traceId = parent.getTraceId();
        traceIdHigh = OtelEncodingUtils.longFromBase16String(traceId, 0);
        traceIdLow = OtelEncodingUtils.longFromBase16String(traceId, 16);
        traceIdHex = traceId;
        sampled = parent.isSampled();
        traceState = parent.getTraceState();
      } else {
        traceIdHigh = random.nextLong();
        traceIdLow = nonZero(random);
        sampled = destination.samples(traceIdLow);
        traceState = TraceState.getDefault();
      }
      anchorEpochNanos = Clock.getDefault().now();
      anchorNanoTime = System.nanoTime();
    }
    spanId = nonZero(random);
    startEpochNanos = now() - startedNanosAgo;
    if (sampled) {
      // a SERVER span has 10 attributes (8 from the request, route and status), a JDBC one up to 8
      attributes = new Object[kind == SpanKind.SERVER ? 20 : 16];
    }
  }

  /** A span starting {@code startedNanosAgo} before now, child of the span in {@code parent} (if any). */
  static AgentSpan start(SpanDestination destination, String name, SpanKind kind, Context parent, long startedNanosAgo) {
    return new AgentSpan(destination, name, kind, parent, startedNanosAgo);
  }

  private static long nonZero(ThreadLocalRandom random) {
    long id;
    do {
      id = random.nextLong();
    } while (id == 0);
    return id;
  }

  private long now() {
    return anchorEpochNanos + (System.nanoTime() - anchorNanoTime);
  }

  // --- Span

  @Override
  public <T> Span setAttribute(AttributeKey<T> key, T value) {
    if (!sampled || key == null || value == null || key.getKey().isEmpty()) {
      return this;
    }
    synchronized (this) {
      if (ended) {
        return this;
      }
      Object[] a = attributes;
      int n = attributeCount * 2;
      for (int i = 0; i < n; i += 2) {
        // keys are mostly the same constants; the hash (cached by the key) spares equals() the other ones
        if (a[i] == key || (a[i].hashCode() == key.hashCode() && a[i].equals(key))) {
          a[i + 1] = value;
          return this;
        }
      }
      attributesRecorded++;
      if (attributeCount == MAX_ATTRIBUTES) {
        return this;
      }
      if (n == a.length) {
        attributes = a = Arrays.copyOf(a, n * 2);
      }
      a[n] = key;
      a[n + 1] = value;
      attributeCount++;
    }
    return this;
  }

  @Override
  public Span addEvent(String name, Attributes attributes) {
    return addEvent(EventData.create(now(), name, attributes == null ? Attributes.empty() : attributes));
  }

  @Override
  public Span addEvent(String name, Attributes attributes, long timestamp, TimeUnit unit) {
    return addEvent(EventData.create(unit.toNanos(timestamp), name, attributes == null ? Attributes.empty() : attributes));
  }

  @Override
  public Span recordException(Throwable exception, Attributes additional) {
    return exception == null ? this : addEvent(new ExceptionEvent(now(), exception,
        additional == null ? Attributes.empty() : additional));
  }

  private Span addEvent(EventData event) {
    if (!sampled || event.getName() == null) {
      return this;
    }
    synchronized (this) {
      if (!ended) {
        eventsRecorded++;
        if (events == null) {
          events = new ArrayList<>(2);
        }
        if (events.size() < MAX_EVENTS) {
          events.add(event);
        }
      }
    }
    return this;
  }

  @Override
  public Span setStatus(StatusCode code, String description) {
    if (!sampled || code == null) {
      return this;
    }
    synchronized (this) {
      // as the SDK: OK is final, and only an error keeps a description
      if (!ended && status.getStatusCode() != StatusCode.OK) {
        status = code == StatusCode.ERROR && description != null && !description.isEmpty()
            ? StatusData.create(code, description)
            : code == StatusCode.ERROR ? StatusData.error() : code == StatusCode.OK ? StatusData.ok() : StatusData.unset();
      }
    }
    return this;
  }

  @Override
  public Span updateName(String name) {
    if (sampled && name != null) {
      synchronized (this) {
        if (!ended) {
          this.name = name;
        }
      }
    }
    return this;
  }

  @Override
  public void end() {
    end(now());
  }

  @Override
  public void end(long timestamp, TimeUnit unit) {
    end(timestamp == 0 ? now() : unit.toNanos(timestamp));
  }

  private void end(long endEpochNanos) {
    if (!sampled) {
      return;
    }
    synchronized (this) {
      if (ended) {
        return;
      }
      this.endEpochNanos = endEpochNanos;
      ended = true;
    }
    destination.ended(this);
  }

  @Override
  public SpanContext getSpanContext() {
    return this;
  }

  @Override
  public boolean isRecording() {
    return sampled && !hasEnded();
  }

  // --- SpanContext

  @Override
  public String getTraceId() {
    String hex = traceIdHex;
    if (hex == null) {
      char[] chars = new char[32];
      OtelEncodingUtils.longToBase16String(traceIdHigh, chars, 0);
      OtelEncodingUtils.longToBase16String(traceIdLow, chars, 16);
      traceIdHex = hex = new String(chars);
    }
    return hex;
  }

  @Override
  public String getSpanId() {
    String hex = spanIdHex;
    if (hex == null) {
      char[] chars = new char[16];
      OtelEncodingUtils.longToBase16String(spanId, chars, 0);
      spanIdHex = hex = new String(chars);
    }
    return hex;
  }

  /** The W3C {@code traceparent} of this span, written in one array: concatenating the parts cost three strings more. */
  String traceparent() {
    char[] chars = new char[55];
    chars[0] = '0';
    chars[1] = '0';
    chars[2] = '-';
    OtelEncodingUtils.longToBase16String(traceIdHigh, chars, 3);
    OtelEncodingUtils.longToBase16String(traceIdLow, chars, 19);
    chars[35] = '-';
    OtelEncodingUtils.longToBase16String(spanId, chars, 36);
    chars[52] = '-';
    chars[53] = '0';
    chars[54] = sampled ? '1' : '0';
    return new String(chars);
  }

  @Override
  public TraceFlags getTraceFlags() {
    return sampled ? TraceFlags.getSampled() : TraceFlags.getDefault();
  }

  @Override
  public boolean isSampled() {
    return sampled;
  }

  @Override
  public TraceState getTraceState() {
    return traceState;
  }

  @Override
  public boolean isValid() {
    return true; // both ids are random and never zero
  }

  @Override
  public boolean isRemote() {
    return false;
  }

  // --- ReadableSpan and SpanData: read by the export thread once the span has ended, or by the SDK's sampler
  // through the application's API while it runs

  @Override
  public SpanContext getParentSpanContext() {
    return parent;
  }

  @Override
  public synchronized String getName() {
    return name;
  }

  @Override
  public SpanKind getKind() {
    return kind;
  }

  @Override
  public SpanData toSpanData() {
    return this;
  }

  @Override
  public boolean hasEnded() {
    return ended;
  }

  @Override
  public synchronized long getLatencyNanos() {
    return (ended ? endEpochNanos : now()) - startEpochNanos;
  }

  @Override
  @SuppressWarnings("unchecked")
  public synchronized <T> T getAttribute(AttributeKey<T> key) {
    for (int i = 0; i < attributeCount * 2; i += 2) {
      if (attributes[i].equals(key)) {
        return (T) attributes[i + 1];
      }
    }
    return null;
  }

  @Override
  @SuppressWarnings({"unchecked", "rawtypes"})
  public synchronized Attributes getAttributes() {
    // built on each ask: the export reads the pairs themselves (OtlpTraceEncoder)
    AttributesBuilder builder = Attributes.builder();
    for (int i = 0; i < attributeCount * 2; i += 2) {
      builder.put((AttributeKey) attributes[i], attributes[i + 1]);
    }
    return builder.build();
  }

  // --- read without the lock by OtlpTraceEncoder, once the span has ended (nothing changes them then): it takes the
  // lock for the name first, which orders every write made under it before these reads

  long traceIdHigh() {
    return traceIdHigh;
  }

  long traceIdLow() {
    return traceIdLow;
  }

  long spanId() {
    return spanId;
  }

  /** The attributes as set: key, value, key, value, ... for {@link #attributeCount()} pairs. */
  Object[] attributePairs() {
    return attributes;
  }

  int attributeCount() {
    return attributeCount;
  }

  @Override
  public synchronized StatusData getStatus() {
    return status;
  }

  @Override
  public long getStartEpochNanos() {
    return startEpochNanos;
  }

  @Override
  public synchronized long getEndEpochNanos() {
    return endEpochNanos;
  }

  @Override
  public synchronized List<EventData> getEvents() {
    return events == null ? Collections.emptyList() : new ArrayList<>(events);
  }

  @Override
  public List<LinkData> getLinks() {
    return Collections.emptyList();
  }

  @Override
  public synchronized int getTotalRecordedEvents() {
    return eventsRecorded;
  }

  @Override
  public int getTotalRecordedLinks() {
    return 0;
  }

  @Override
  public synchronized int getTotalAttributeCount() {
    return attributesRecorded;
  }

  @Override
  @SuppressWarnings("deprecation")
  public InstrumentationLibraryInfo getInstrumentationLibraryInfo() {
    return LIBRARY;
  }

  @Override
  public InstrumentationScopeInfo getInstrumentationScopeInfo() {
    return SCOPE;
  }

  @Override
  public Resource getResource() {
    return destination.resource();
  }

  @Override
  public String toString() {
    return "AgentSpan{" + getTraceId() + "/" + getSpanId() + " " + getName() + "}";
  }

  /**
   * An exception as the SDK records it (type, message, stack trace, then the caller's attributes), with the stack
   * trace printed by the export thread rather than the request's.
   */
  private static final class ExceptionEvent implements ExceptionEventData {
    private final long epochNanos;
    private final Throwable exception;
    private final Attributes additional;
    private Attributes attributes;

    ExceptionEvent(long epochNanos, Throwable exception, Attributes additional) {
      this.epochNanos = epochNanos;
      this.exception = exception;
      this.additional = additional;
    }

    @Override
    public String getName() {
      return "exception";
    }

    @Override
    public synchronized Attributes getAttributes() {
      if (attributes == null) {
        AttributesBuilder builder = Attributes.builder();
        ExceptionAttributeResolver.getDefault().setExceptionAttributes(builder::put, exception, Integer.MAX_VALUE);
        attributes = builder.putAll(additional).build();
      }
      return attributes;
    }

    @Override
    public long getEpochNanos() {
      return epochNanos;
    }

    @Override
    public int getTotalAttributeCount() {
      return getAttributes().size();
    }

    @Override
    public Throwable getException() {
      return exception;
    }
  }
}
