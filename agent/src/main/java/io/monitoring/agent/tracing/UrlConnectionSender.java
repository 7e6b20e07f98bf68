package io.monitoring.agent.tracing;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.export.Compressor;
import io.opentelemetry.sdk.common.export.HttpResponse;
import io.opentelemetry.sdk.common.export.HttpSender;
import io.opentelemetry.sdk.common.export.HttpSenderConfig;
import io.opentelemetry.sdk.common.export.HttpSenderProvider;
import io.opentelemetry.sdk.common.export.MessageWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.URL;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;

/**
 * Sends OTLP over HTTP with the JDK's {@code HttpURLConnection}, on the export thread itself, instead of the JDK
 * {@code HttpClient} the OpenTelemetry exporter brings. That client keeps a selector thread in native code for the
 * life of the JVM, and at exit HotSpot waits up to 300 ms for threads in native code to settle
 * ({@code VM_Exit::wait_for_threads_in_native_to_block}): the Spring Boot test app took ~400 ms from SIGTERM to exit
 * with traces on against ~100 ms without the agent. The client also built an {@code SSLContext} at the first export,
 * even for {@code http://}. Keep-alive comes from the JDK's connection cache; the export thread's HTTP client call
 * depth keeps the agent's own instrumentation of {@code HttpURLConnection} off these calls.
 */
final class UrlConnectionSender implements HttpSender {
  private static final int MAX_RESPONSE_BODY = 4 * 1024 * 1024;

  private final URL endpoint;
  private final HttpSenderConfig config;

  private UrlConnectionSender(HttpSenderConfig config) {
    this.config = config;
    try {
      this.endpoint = config.getEndpoint().toURL();
    } catch (IOException | IllegalArgumentException e) {
      throw new IllegalArgumentException("invalid OTLP endpoint " + config.getEndpoint(), e);
    }
  }

  /** Found by the exporter through {@code META-INF/services}. */
  public static final class Provider implements HttpSenderProvider {
    @Override
    public HttpSender createSender(HttpSenderConfig config) {
      return new UrlConnectionSender(config);
    }
  }

  @Override
  public void send(MessageWriter message, Consumer<HttpResponse> onResponse, Consumer<Throwable> onError) {
    HttpURLConnection connection = null;
    try {
      // never the application's proxy settings (http.proxyHost...): the JDK HttpClient sender used none either
      connection = (HttpURLConnection) endpoint.openConnection(Proxy.NO_PROXY);
      SSLContext ssl = config.getSslContext();
      if (ssl != null && connection instanceof HttpsURLConnection) {
        ((HttpsURLConnection) connection).setSSLSocketFactory(ssl.getSocketFactory());
      }
      connection.setConnectTimeout((int) Math.min(Integer.MAX_VALUE, config.getConnectTimeout().toMillis()));
      connection.setReadTimeout((int) Math.min(Integer.MAX_VALUE, config.getTimeout().toMillis()));
      connection.setRequestMethod("POST");
      connection.setDoOutput(true);
      connection.setRequestProperty("Content-Type", config.getContentType());
      Map<String, List<String>> headers = config.getHeadersSupplier().get();
      if (headers != null) {
        for (Map.Entry<String, List<String>> header : headers.entrySet()) {
          for (String value : header.getValue()) {
            connection.addRequestProperty(header.getKey(), value);
          }
        }
      }
      Compressor compressor = config.getCompressor();
      if (compressor == null) {
        connection.setFixedLengthStreamingMode(message.getContentLength());
      } else {
        connection.setRequestProperty("Content-Encoding", compressor.getEncoding());
        connection.setChunkedStreamingMode(0);
      }
      try (OutputStream body = compressor == null ? connection.getOutputStream() : compressor.compress(connection.getOutputStream())) {
        message.writeMessage(body);
      }
      int status = connection.getResponseCode();
      byte[] response = read(status >= 400 ? connection.getErrorStream() : connection.getInputStream());
      onResponse.accept(new Response(status, connection.getResponseMessage(), response));
    } catch (Throwable e) {
      if (connection != null) {
        connection.disconnect();
      }
      onError.accept(e);
    }
  }

  /** The whole body, so that the connection goes back to the keep-alive cache; at most 4 MiB of it. */
  private static byte[] read(InputStream in) throws IOException {
    if (in == null) {
      return new byte[0];
    }
    try (InputStream stream = in) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buffer = new byte[8192];
      for (int n; (n = stream.read(buffer)) > 0; ) {
        if (out.size() < MAX_RESPONSE_BODY) {
          out.write(buffer, 0, Math.min(n, MAX_RESPONSE_BODY - out.size()));
        }
      }
      return out.toByteArray();
    }
  }

  @Override
  public CompletableResultCode shutdown() {
    return CompletableResultCode.ofSuccess();
  }

  private static final class Response implements HttpResponse {
    private final int status;
    private final String message;
    private final byte[] body;

    Response(int status, String message, byte[] body) {
      this.status = status;
      this.message = message == null ? "" : message;
      this.body = body;
    }

    @Override
    public int getStatusCode() {
      return status;
    }

    @Override
    public String getStatusMessage() {
      return message;
    }

    @Override
    public byte[] getResponseBody() {
      return body;
    }
  }
}
