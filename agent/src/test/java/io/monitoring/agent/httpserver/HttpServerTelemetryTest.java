package io.monitoring.agent.httpserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.monitoring.agent.metrics.AgentMetrics;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import java.util.List;
import org.junit.jupiter.api.Test;

class HttpServerTelemetryTest {
  private final AgentMetrics metrics = new AgentMetrics("svc", "test", 1000, "1");
  private final HttpServerTelemetry telemetry = new HttpServerTelemetry(metrics, new io.monitoring.agent.tracing.Spans(), List.of("/health", "/static/*"), true, null);

  private Object start(String path) {
    return telemetry.start(null, "GET", path, "", path, null, null, null);
  }

  @Test
  void ignoredPathsAreExactOrPrefixAndNeverMeasured() {
    assertNull(start("/health"));
    assertNull(start("/static/app.js"));
    assertNull(start("/static/"));
    assertNotNull(start("/health/deep"));
    assertNotNull(start("/statics"));
  }

  @Test
  void aThrowingRequestWithoutAStatusIsA500AndCountedOnceHoweverOftenEnded() {
    Object op = telemetry.start(null, "GET", "/orders/7", "", "/orders", "/7", null, null);
    telemetry.end(op, null, 200, new IllegalStateException("boom"));
    telemetry.end(op, null, 200, null);

    CounterSnapshot requests = (CounterSnapshot) metrics.registry().scrape(n -> n.equals("http_requests_total")).get(0);
    assertEquals(1, requests.getDataPoints().size());
    assertEquals(1.0, requests.getDataPoints().get(0).getValue());
    assertEquals("500", requests.getDataPoints().get(0).getLabels().get("status_code"));
    assertEquals("/orders/{id}", requests.getDataPoints().get(0).getLabels().get("route"));
  }

  @Test
  void aFrameworkRoutingTheRequestThisThreadServesNamesItsRouteUntilTheRequestEnds() {
    Object op = telemetry.start(null, "GET", "/shop/api/users/alice", "/shop", "/api", "/users/alice", null, null);
    telemetry.routed(new JaxRsRoutingTest.Invoker(new JaxRsRoutingTest.ResourceMethod("users/{name: [a-z]+}")), null);
    telemetry.end(op, null, 200, null);
    // after the end, routing on this thread belongs to no request
    telemetry.routed(new JaxRsRoutingTest.Invoker(new JaxRsRoutingTest.ResourceMethod("other")), null);
    Object notFound = telemetry.start(null, "GET", "/shop/api/nope", "/shop", "/api", "/nope", null, null);
    telemetry.routed(null, new jakarta.ws.rs.NotFoundException());
    telemetry.end(notFound, null, 404, null);

    CounterSnapshot requests = (CounterSnapshot) metrics.registry().scrape(n -> n.equals("http_requests_total")).get(0);
    assertEquals(List.of("/shop/api/users/{name} 200", "unmatched 404"), requests.getDataPoints().stream()
        .map(p -> p.getLabels().get("route") + " " + p.getLabels().get("status_code")).sorted().toList());
  }

  /** A request as the agent tells a servlet container's from others: it has {@code getAsyncContext}. */
  public static final class ServletContainersRequest {
    public Object getAsyncContext() {
      return null;
    }
  }

  @Test
  void aServletRequestWithoutASpanIsServedWithItsThreadsOwnOperationEveryTime() {
    Object first = telemetry.start(new ServletContainersRequest(), "GET", "/orders/7", "", "/orders", "/7", null, null);
    telemetry.end(first, null, 200, null);
    Object second = telemetry.start(new ServletContainersRequest(), "GET", "/orders/8", "", "/orders", "/8", null, null);
    telemetry.routed(new JaxRsRoutingTest.Invoker(new JaxRsRoutingTest.ResourceMethod("{id}")), null);
    telemetry.end(second, null, 404, null);
    Object elsewhere = telemetry.start(null, "GET", "/other", "", "/other", null, null, null);
    telemetry.end(elsewhere, null, 200, null);

    assertSame(first, second, "nothing allocated for the second request's operation");
    assertNotSame(first, elsewhere, "a request that is not a servlet container's has one of its own");
    CounterSnapshot requests = (CounterSnapshot) metrics.registry().scrape(n -> n.equals("http_requests_total")).get(0);
    assertEquals(List.of("/orders/{id} 200 1.0", "/orders/{id} 404 1.0", "/other 200 1.0"), requests.getDataPoints()
        .stream().map(p -> p.getLabels().get("route") + " " + p.getLabels().get("status_code") + " " + p.getValue())
        .sorted().toList());
  }

  @Test
  void theProtocolVersionIsWhatFollowsHttpSlash() {
    assertEquals("1.1", HttpServerTelemetry.protocolVersion("HTTP/1.1"));
    assertEquals("2.0", HttpServerTelemetry.protocolVersion("HTTP/2.0"));
    assertEquals("1.0", HttpServerTelemetry.protocolVersion("HTTP/1.0"));
    assertEquals("3", HttpServerTelemetry.protocolVersion("HTTP/3"));
    assertNull(HttpServerTelemetry.protocolVersion("SPDY/3"));
    assertNull(HttpServerTelemetry.protocolVersion(null));
  }
}
