package io.monitoring.agent.tracing;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.KeyValue;
import io.opentelemetry.api.common.Value;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * Writes a batch of spans as an OTLP {@code ExportTraceServiceRequest} (opentelemetry-proto
 * {@code collector/trace/v1}), the bytes the OpenTelemetry exporter's marshaler writes, grouped by resource and
 * scope as it groups them. It writes in one pass into one growing array: a nested message's length goes in a
 * byte reserved before it and, when it needs more, the message moves up (a span of ~500 bytes: once, by a byte).
 * The agent's own spans are read from their fields (ids as longs, attributes as the pairs they were set as); the
 * exporter's marshaler spent ~4 µs a span on the export thread (an attribute map per span, ids through hex
 * strings and a size pass before the write pass: 16.6 µs of CPU per {@code /checkout} request of three spans) and
 * loaded ~200 classes. Not thread-safe: the export thread owns one.
 */
final class OtlpTraceEncoder {
  // field numbers of opentelemetry-proto's trace.proto, common.proto and resource.proto
  private static final int REQUEST_RESOURCE_SPANS = 1;
  private static final int RESOURCE_SPANS_RESOURCE = 1;
  private static final int RESOURCE_SPANS_SCOPE_SPANS = 2;
  private static final int RESOURCE_SPANS_SCHEMA_URL = 3;
  private static final int RESOURCE_ATTRIBUTES = 1;
  private static final int SCOPE_SPANS_SCOPE = 1;
  private static final int SCOPE_SPANS_SPANS = 2;
  private static final int SCOPE_SPANS_SCHEMA_URL = 3;
  private static final int SCOPE_NAME = 1;
  private static final int SCOPE_VERSION = 2;
  private static final int SCOPE_ATTRIBUTES = 3;
  private static final int SPAN_TRACE_ID = 1;
  private static final int SPAN_SPAN_ID = 2;
  private static final int SPAN_TRACE_STATE = 3;
  private static final int SPAN_PARENT_SPAN_ID = 4;
  private static final int SPAN_NAME = 5;
  private static final int SPAN_KIND = 6;
  private static final int SPAN_START_TIME = 7;
  private static final int SPAN_END_TIME = 8;
  private static final int SPAN_ATTRIBUTES = 9;
  private static final int SPAN_DROPPED_ATTRIBUTES = 10;
  private static final int SPAN_EVENTS = 11;
  private static final int SPAN_DROPPED_EVENTS = 12;
  private static final int SPAN_LINKS = 13;
  private static final int SPAN_DROPPED_LINKS = 14;
  private static final int SPAN_STATUS = 15;
  private static final int SPAN_FLAGS = 16;
  private static final int EVENT_TIME = 1;
  private static final int EVENT_NAME = 2;
  private static final int EVENT_ATTRIBUTES = 3;
  private static final int EVENT_DROPPED_ATTRIBUTES = 4;
  private static final int LINK_TRACE_ID = 1;
  private static final int LINK_SPAN_ID = 2;
  private static final int LINK_TRACE_STATE = 3;
  private static final int LINK_ATTRIBUTES = 4;
  private static final int LINK_DROPPED_ATTRIBUTES = 5;
  private static final int LINK_FLAGS = 6;
  private static final int STATUS_MESSAGE = 2;
  private static final int STATUS_CODE = 3;
  private static final int KEY_VALUE_KEY = 1;
  private static final int KEY_VALUE_VALUE = 2;
  private static final int VALUE_STRING = 1;
  private static final int VALUE_BOOL = 2;
  private static final int VALUE_INT = 3;
  private static final int VALUE_DOUBLE = 4;
  private static final int VALUE_ARRAY = 5;
  private static final int VALUE_KVLIST = 6;
  private static final int VALUE_BYTES = 7;
  private static final int ARRAY_VALUES = 1;
  private static final int KVLIST_VALUES = 1;
  // wire types
  private static final int VARINT = 0;
  private static final int FIXED64 = 1;
  private static final int LENGTH_DELIMITED = 2;
  private static final int FIXED32 = 5;
  // the span flags' bits 8 and 9 (trace.proto): whether the parent is known to be remote, and whether it is
  private static final int HAS_IS_REMOTE = 0x100;
  private static final int IS_REMOTE = 0x200;
  /** A batch's array is kept for the next one up to this size; a larger one is let go after its export. */
  private static final int KEPT_CAPACITY = 1 << 20;

  private byte[] buf = new byte[16 * 1024];
  private int pos;

  /** The request for {@code spans}; the bytes are {@link #bytes()} up to {@link #size()}, until the next call. */
  void encode(Collection<SpanData> spans) {
    pos = 0;
    for (ResourceGroup group : group(spans)) {
      int resourceSpans = begin(REQUEST_RESOURCE_SPANS);
      int r = begin(RESOURCE_SPANS_RESOURCE);
      group.resource.getAttributes().forEach(this::attribute);
      end(r);
      for (ScopeGroup scope : group.scopes) {
        scopeSpans(scope);
      }
      string(RESOURCE_SPANS_SCHEMA_URL, group.resource.getSchemaUrl());
      end(resourceSpans);
    }
  }

  byte[] bytes() {
    return buf;
  }

  int size() {
    return pos;
  }

  /** Lets go of an array grown for an unusually large batch. */
  void trim() {
    if (buf.length > KEPT_CAPACITY) {
      buf = new byte[16 * 1024];
    }
  }

  /** A resource's scopes, in the order first seen. */
  private static final class ResourceGroup {
    final Resource resource;
    final List<ScopeGroup> scopes = new ArrayList<>(2);

    ResourceGroup(Resource resource) {
      this.resource = resource;
    }
  }

  /** A scope's spans, in the order given. */
  private static final class ScopeGroup {
    final InstrumentationScopeInfo scope;
    final List<SpanData> spans = new ArrayList<>();

    ScopeGroup(InstrumentationScopeInfo scope) {
      this.scope = scope;
    }
  }

  /** As the exporter's marshaler: by resource, then by scope, each compared by identity. */
  private static List<ResourceGroup> group(Collection<SpanData> spans) {
    List<ResourceGroup> groups = new ArrayList<>(2);
    ResourceGroup lastResource = null;
    ScopeGroup lastScope = null;
    for (SpanData span : spans) {
      Resource resource = span.getResource();
      InstrumentationScopeInfo scope = span.getInstrumentationScopeInfo();
      if (lastResource == null || lastResource.resource != resource) {
        lastResource = null;
        for (ResourceGroup g : groups) {
          if (g.resource == resource) {
            lastResource = g;
          }
        }
        if (lastResource == null) {
          groups.add(lastResource = new ResourceGroup(resource));
        }
        lastScope = null;
      }
      if (lastScope == null || lastScope.scope != scope) {
        lastScope = null;
        for (ScopeGroup g : lastResource.scopes) {
          if (g.scope == scope) {
            lastScope = g;
          }
        }
        if (lastScope == null) {
          lastResource.scopes.add(lastScope = new ScopeGroup(scope));
        }
      }
      lastScope.spans.add(span);
    }
    return groups;
  }

  private void scopeSpans(ScopeGroup group) {
    int scopeSpans = begin(RESOURCE_SPANS_SCOPE_SPANS);
    int s = begin(SCOPE_SPANS_SCOPE);
    string(SCOPE_NAME, group.scope.getName());
    string(SCOPE_VERSION, group.scope.getVersion());
    attributes(SCOPE_ATTRIBUTES, group.scope.getAttributes());
    end(s);
    for (SpanData span : group.spans) {
      span(span);
    }
    string(SCOPE_SPANS_SCHEMA_URL, group.scope.getSchemaUrl());
    end(scopeSpans);
  }

  private void span(SpanData span) {
    int m = begin(SCOPE_SPANS_SPANS);
    SpanContext parent = span.getParentSpanContext();
    if (span instanceof AgentSpan) {
      AgentSpan own = (AgentSpan) span;
      id(SPAN_TRACE_ID, own.traceIdHigh(), own.traceIdLow());
      id(SPAN_SPAN_ID, own.spanId());
    } else {
      bytes(SPAN_TRACE_ID, span.getSpanContext().getTraceIdBytes());
      bytes(SPAN_SPAN_ID, span.getSpanContext().getSpanIdBytes());
    }
    traceState(SPAN_TRACE_STATE, span.getSpanContext().getTraceState());
    if (parent instanceof AgentSpan) {
      id(SPAN_PARENT_SPAN_ID, ((AgentSpan) parent).spanId());
    } else if (parent.isValid()) {
      bytes(SPAN_PARENT_SPAN_ID, parent.getSpanIdBytes());
    }
    string(SPAN_NAME, span.getName()); // an AgentSpan's lock: its attribute pairs below are read after it
    uint(SPAN_KIND, span.getKind().ordinal() + 1); // INTERNAL, SERVER, CLIENT, PRODUCER, CONSUMER: 1 to 5
    fixed64(SPAN_START_TIME, span.getStartEpochNanos());
    fixed64(SPAN_END_TIME, span.getEndEpochNanos());
    int written;
    if (span instanceof AgentSpan) {
      AgentSpan own = (AgentSpan) span;
      written = own.attributeCount();
      Object[] pairs = own.attributePairs();
      for (int i = 0; i < written * 2; i += 2) {
        int kv = begin(SPAN_ATTRIBUTES);
        keyValue((AttributeKey<?>) pairs[i], pairs[i + 1]);
        end(kv);
      }
    } else {
      written = attributes(SPAN_ATTRIBUTES, span.getAttributes());
    }
    uint(SPAN_DROPPED_ATTRIBUTES, span.getTotalAttributeCount() - written);
    List<EventData> events = span.getEvents();
    for (EventData event : events) {
      int e = begin(SPAN_EVENTS);
      fixed64(EVENT_TIME, event.getEpochNanos());
      string(EVENT_NAME, event.getName());
      int n = attributes(EVENT_ATTRIBUTES, event.getAttributes());
      uint(EVENT_DROPPED_ATTRIBUTES, event.getTotalAttributeCount() - n);
      end(e);
    }
    uint(SPAN_DROPPED_EVENTS, span.getTotalRecordedEvents() - events.size());
    List<LinkData> links = span.getLinks();
    for (LinkData link : links) {
      int l = begin(SPAN_LINKS);
      SpanContext linked = link.getSpanContext();
      bytes(LINK_TRACE_ID, linked.getTraceIdBytes());
      bytes(LINK_SPAN_ID, linked.getSpanIdBytes());
      traceState(LINK_TRACE_STATE, linked.getTraceState());
      int n = attributes(LINK_ATTRIBUTES, link.getAttributes());
      uint(LINK_DROPPED_ATTRIBUTES, link.getTotalAttributeCount() - n);
      fixed32(LINK_FLAGS, flags(linked.getTraceFlags().asByte(), linked.isRemote()));
      end(l);
    }
    uint(SPAN_DROPPED_LINKS, span.getTotalRecordedLinks() - links.size());
    StatusData status = span.getStatus(); // written even when unset, as the exporter does
    int st = begin(SPAN_STATUS);
    string(STATUS_MESSAGE, status.getDescription());
    uint(STATUS_CODE, status.getStatusCode() == StatusCode.OK ? 1 : status.getStatusCode() == StatusCode.ERROR ? 2 : 0);
    end(st);
    fixed32(SPAN_FLAGS, flags(span.getSpanContext().getTraceFlags().asByte(), parent.isRemote()));
    end(m);
  }

  private static int flags(byte traceFlags, boolean remote) {
    return (traceFlags & 0xff) | HAS_IS_REMOTE | (remote ? IS_REMOTE : 0);
  }

  /** Each attribute as a repeated KeyValue in {@code field}; returns how many. */
  private int attributes(int field, Attributes attributes) {
    if (attributes.isEmpty()) {
      return 0;
    }
    int[] count = {0};
    attributes.forEach((key, value) -> {
      int kv = begin(field);
      keyValue(key, value);
      end(kv);
      count[0]++;
    });
    return count[0];
  }

  /** A resource attribute: a KeyValue in the Resource. */
  private void attribute(AttributeKey<?> key, Object value) {
    int kv = begin(RESOURCE_ATTRIBUTES);
    keyValue(key, value);
    end(kv);
  }

  private void keyValue(AttributeKey<?> key, Object value) {
    string(KEY_VALUE_KEY, key.getKey());
    int v = begin(KEY_VALUE_VALUE);
    switch (key.getType()) {
      case STRING:
      case BOOLEAN:
      case LONG:
      case DOUBLE:
        scalar(value);
        break;
      case STRING_ARRAY:
      case BOOLEAN_ARRAY:
      case LONG_ARRAY:
      case DOUBLE_ARRAY:
        int array = begin(VALUE_ARRAY);
        for (Object element : (List<?>) value) {
          int e = begin(ARRAY_VALUES);
          scalar(element);
          end(e);
        }
        end(array);
        break;
      default: // VALUE: the API's structured values
        value((Value<?>) value);
    }
    end(v);
  }

  /** A scalar value, or an array's element: written by what it is. */
  private void scalar(Object element) {
    if (element instanceof String) {
      stringAlways(VALUE_STRING, (String) element);
    } else if (element instanceof Boolean) {
      tag(VALUE_BOOL, VARINT);
      varint((Boolean) element ? 1 : 0);
    } else if (element instanceof Long) {
      tag(VALUE_INT, VARINT);
      varint((Long) element);
    } else if (element instanceof Double) {
      tag(VALUE_DOUBLE, FIXED64);
      rawFixed64(Double.doubleToRawLongBits((Double) element));
    }
  }

  /** The inside of an AnyValue for the API's {@link Value} (an attribute of type VALUE, or one of its parts). */
  private void value(Value<?> value) {
    switch (value.getType()) {
      case STRING:
      case BOOLEAN:
      case LONG:
      case DOUBLE:
        scalar(value.getValue());
        break;
      case ARRAY:
        int array = begin(VALUE_ARRAY);
        for (Object element : (List<?>) value.getValue()) {
          int e = begin(ARRAY_VALUES);
          value((Value<?>) element);
          end(e);
        }
        end(array);
        break;
      case KEY_VALUE_LIST:
        int list = begin(VALUE_KVLIST);
        for (Object element : (List<?>) value.getValue()) {
          KeyValue kv = (KeyValue) element;
          int entry = begin(KVLIST_VALUES);
          string(KEY_VALUE_KEY, kv.getKey());
          int inner = begin(KEY_VALUE_VALUE);
          value(kv.getValue());
          end(inner);
          end(entry);
        }
        end(list);
        break;
      case BYTES:
        ByteBuffer bytes = ((ByteBuffer) value.getValue()).duplicate();
        int n = bytes.remaining();
        tag(VALUE_BYTES, LENGTH_DELIMITED);
        varint(n);
        ensure(n);
        bytes.get(buf, pos, n);
        pos += n;
        break;
      default: // EMPTY: an AnyValue with nothing set
    }
  }

  private void traceState(int field, TraceState state) {
    if (!state.isEmpty()) {
      string(field, Spans.tracestate(state));
    }
  }

  // --- protobuf

  /** Starts a nested message: its tag and one byte for its length. Returns where its body starts, for {@link #end}. */
  private int begin(int field) {
    tag(field, LENGTH_DELIMITED);
    ensure(1);
    pos++;
    return pos;
  }

  /** Ends the message begun at {@code start}: writes its length, moving its body up when the length needs more bytes. */
  private void end(int start) {
    int length = pos - start;
    int size = varintSize(length);
    if (size > 1) {
      ensure(size - 1);
      System.arraycopy(buf, start, buf, start + size - 1, length);
      pos += size - 1;
    }
    int at = start - 1;
    long v = length;
    while ((v & ~0x7FL) != 0) {
      buf[at++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    buf[at] = (byte) v;
  }

  private void id(int field, long high, long low) {
    tag(field, LENGTH_DELIMITED);
    varint(16);
    rawBigEndian(high);
    rawBigEndian(low);
  }

  private void id(int field, long id) {
    tag(field, LENGTH_DELIMITED);
    varint(8);
    rawBigEndian(id);
  }

  private void bytes(int field, byte[] bytes) {
    tag(field, LENGTH_DELIMITED);
    varint(bytes.length);
    write(bytes, bytes.length);
  }

  /** A string field, left out when null or empty as proto3 leaves out defaults. */
  private void string(int field, String value) {
    if (value != null && !value.isEmpty()) {
      stringAlways(field, value);
    }
  }

  /** A string field even when empty: a oneof's string value must be there to say which it is. */
  private void stringAlways(int field, String value) {
    tag(field, LENGTH_DELIMITED);
    int n = value.length();
    for (int i = 0; i < n; i++) {
      if (value.charAt(i) >= 0x80) {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        varint(utf8.length);
        write(utf8, utf8.length);
        return;
      }
    }
    varint(n);
    ensure(n);
    for (int i = 0; i < n; i++) {
      buf[pos++] = (byte) value.charAt(i);
    }
  }

  private void uint(int field, long value) {
    if (value > 0) {
      tag(field, VARINT);
      varint(value);
    }
  }

  private void fixed64(int field, long value) {
    if (value != 0) {
      tag(field, FIXED64);
      rawFixed64(value);
    }
  }

  private void fixed32(int field, int value) {
    if (value != 0) {
      tag(field, FIXED32);
      ensure(4);
      for (int i = 0; i < 4; i++) {
        buf[pos++] = (byte) (value >>> (8 * i));
      }
    }
  }

  private void tag(int field, int wireType) {
    varint((field << 3) | wireType);
  }

  private void varint(long value) {
    ensure(10);
    while ((value & ~0x7FL) != 0) {
      buf[pos++] = (byte) ((value & 0x7F) | 0x80);
      value >>>= 7;
    }
    buf[pos++] = (byte) value;
  }

  private static int varintSize(long value) {
    int size = 1;
    while ((value & ~0x7FL) != 0) {
      size++;
      value >>>= 7;
    }
    return size;
  }

  private void rawFixed64(long value) {
    ensure(8);
    for (int i = 0; i < 8; i++) {
      buf[pos++] = (byte) (value >>> (8 * i));
    }
  }

  private void rawBigEndian(long value) {
    ensure(8);
    for (int i = 7; i >= 0; i--) {
      buf[pos++] = (byte) (value >>> (8 * i));
    }
  }

  private void write(byte[] bytes, int length) {
    ensure(length);
    System.arraycopy(bytes, 0, buf, pos, length);
    pos += length;
  }

  private void ensure(int more) {
    if (pos + more > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + more));
    }
  }
}
