package io.monitoring.agent.tracing;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.URL;
import java.util.Collection;

/**
 * OTLP/HTTP with protobuf ({@code POST <endpoint>/v1/traces}): the batch written by {@link OtlpTraceEncoder} and
 * sent with the JDK's {@code HttpURLConnection} on the export thread itself. Not the OpenTelemetry exporter, whose
 * marshaler cost ~4 µs of CPU per span and which loaded ~200 classes at the first export (its own, and the no-op
 * metrics API of its self-metrics); nor the JDK {@code HttpClient} that exporter sends with, which keeps a selector
 * thread in native code for the life of the JVM, and at exit HotSpot waits up to 300 ms for threads in native code
 * to settle ({@code VM_Exit::wait_for_threads_in_native_to_block}): the Spring Boot test app took ~400 ms from
 * SIGTERM to exit with traces on against ~100 ms without the agent. Keep-alive comes from the JDK's connection cache;
 * the export thread's HTTP client call depth keeps the agent's own instrumentation of {@code HttpURLConnection} off
 * these calls. A batch that fails is not retried (SpanBatcher counts and reports it).
 */
final class OtlpSpanExporter implements SpanExporter {
  private static final int TIMEOUT_MILLIS = 10_000;

  private final String url;
  private OtlpTraceEncoder encoder; // at the first batch: an application that never samples a span never pays for it
  private byte[] drain;

  /** {@code url}: the whole URL, {@code .../v1/traces}. */
  OtlpSpanExporter(String url) {
    this.url = url;
  }

  /** Called by the export thread only (at exit too, from there): one encoder and one buffer serve every batch. */
  @Override
  public synchronized CompletableResultCode export(Collection<SpanData> spans) {
    HttpURLConnection connection = null;
    if (encoder == null) {
      encoder = new OtlpTraceEncoder();
      drain = new byte[8192];
    }
    try {
      encoder.encode(spans);
      // never the application's proxy settings (http.proxyHost...): the exporter's JDK HttpClient used none either
      connection = (HttpURLConnection) new URL(url).openConnection(Proxy.NO_PROXY);
      connection.setConnectTimeout(TIMEOUT_MILLIS);
      connection.setReadTimeout(TIMEOUT_MILLIS);
      connection.setRequestMethod("POST");
      connection.setDoOutput(true);
      connection.setRequestProperty("Content-Type", "application/x-protobuf");
      connection.setFixedLengthStreamingMode(encoder.size());
      try (OutputStream body = connection.getOutputStream()) {
        body.write(encoder.bytes(), 0, encoder.size());
      }
      int status = connection.getResponseCode();
      // read to the end, so that the connection goes back to the keep-alive cache
      drain(status >= 400 ? connection.getErrorStream() : connection.getInputStream());
      if (status / 100 == 2) {
        return CompletableResultCode.ofSuccess();
      }
      return CompletableResultCode.ofExceptionalFailure(new IOException("HTTP " + status + " "
          + (connection.getResponseMessage() == null ? "" : connection.getResponseMessage())));
    } catch (Throwable e) {
      if (connection != null) {
        connection.disconnect();
      }
      return CompletableResultCode.ofExceptionalFailure(e);
    } finally {
      encoder.trim();
    }
  }

  private void drain(InputStream in) throws IOException {
    if (in != null) {
      try (InputStream stream = in) {
        while (stream.read(drain) > 0) {
          // the response (an ExportTraceServiceResponse, partial success at most) is not needed
        }
      }
    }
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
