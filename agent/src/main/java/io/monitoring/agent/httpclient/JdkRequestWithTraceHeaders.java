package io.monitoring.agent.httpclient;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The application's JDK {@code HttpRequest}, which is immutable, with the trace headers added: every property is the
 * original's but the headers. The client reads a request only through these methods (any {@code HttpRequest}
 * subclass may be sent). Copying the request through {@code HttpRequest.newBuilder} instead validated each header
 * again and built the header maps twice: ~1.3 % of a request thread's samples at saturation on /checkout.
 */
final class JdkRequestWithTraceHeaders extends HttpRequest {
  private final HttpRequest original;
  private final HttpHeaders headers;

  JdkRequestWithTraceHeaders(HttpRequest original, String[] traceHeaders) {
    this.original = original;
    Map<String, List<String>> map = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    map.putAll(original.headers().map());
    for (int i = 0; i < traceHeaders.length; i += 2) {
      map.put(traceHeaders[i], List.of(traceHeaders[i + 1]));
    }
    this.headers = HttpHeaders.of(map, JdkRequestWithTraceHeaders::anyHeader);
  }

  // the headers were the application's (validated by its builder) and ours (valid by construction); the client
  // validates them once more as it sends them
  private static boolean anyHeader(String name, String value) {
    return true;
  }

  @Override
  public Optional<BodyPublisher> bodyPublisher() {
    return original.bodyPublisher();
  }

  @Override
  public String method() {
    return original.method();
  }

  @Override
  public Optional<Duration> timeout() {
    return original.timeout();
  }

  @Override
  public boolean expectContinue() {
    return original.expectContinue();
  }

  @Override
  public URI uri() {
    return original.uri();
  }

  @Override
  public Optional<HttpClient.Version> version() {
    return original.version();
  }

  @Override
  public HttpHeaders headers() {
    return headers;
  }

  @Override
  public String toString() {
    return original.toString();
  }
}
