package io.monitoring.agent.metrics;

import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/** A page the metrics endpoint serves besides the registry's paths: its content type and its body, made when asked. */
public final class EndpointPage {
  final String contentType;
  final Supplier<byte[]> body;

  private EndpointPage(String contentType, Supplier<byte[]> body) {
    this.contentType = contentType;
    this.body = body;
  }

  public static EndpointPage json(Supplier<String> body) {
    return new EndpointPage("application/json; charset=utf-8", () -> body.get().getBytes(StandardCharsets.UTF_8));
  }

  public static EndpointPage html(byte[] body) {
    return new EndpointPage("text/html; charset=utf-8", () -> body);
  }
}
