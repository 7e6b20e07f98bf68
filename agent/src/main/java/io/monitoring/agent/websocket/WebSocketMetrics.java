package io.monitoring.agent.websocket;

import io.monitoring.agent.bootstrap.WebSocketHooks;
import io.monitoring.agent.metrics.AgentMetrics;
import io.monitoring.agent.metrics.SeriesTable;
import io.monitoring.agent.util.WeakIdentityMap;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.GaugeDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;

/**
 * {@code websocket_connections_active{endpoint}} and {@code websocket_messages_total{endpoint, direction}}. A session
 * is resolved to its endpoint's series once, when it opens (the endpoint's path template, capped through the series
 * table), and remembered weakly by identity until it closes; a message then costs one identity lookup and one
 * increment, and allocates nothing. A session closes once: the first close takes it out of the map and lowers the
 * gauge, a second finds nothing. Messages of sessions the agent did not see open (client sessions, sessions opened
 * before the agent attached) are not counted.
 */
public final class WebSocketMetrics implements WebSocketHooks.Handler {
  private static final String[] DIRECTIONS = {"in", "out"};

  private final Gauge active;
  private final Counter messages;
  private final SeriesTable<Endpoint> endpoints;
  private final WeakIdentityMap<Endpoint> sessions = new WeakIdentityMap<>();
  /** Endpoint configurations a framework upgraded a request with (each its own configurator), and that request's route. */
  private final WeakIdentityMap<String> upgradedRoutes = new WeakIdentityMap<>();

  public WebSocketMetrics(AgentMetrics metrics) {
    active = Gauge.builder().name("websocket_connections_active")
        .help("Open WebSocket sessions of each server endpoint, by its path template")
        .labelNames("endpoint").constLabels(metrics.constLabels()).register(metrics.registry());
    messages = Counter.builder().name("websocket_messages_total")
        .help("WebSocket data messages of each server endpoint: in, delivered to the application; out, sent by it")
        .labelNames("endpoint", "direction").constLabels(metrics.constLabels()).withoutExemplars()
        .register(metrics.registry());
    endpoints = metrics.seriesTable("websocket_connections_active", Endpoint::new);
  }

  /**
   * Spring's {@code WebSocketHandler}s are upgraded this way, with a configuration made for the request whose path
   * is the request's own: the endpoint is the request's route (Spring's handler mapping pattern, as for HTTP). Only a
   * configuration that is its own configurator (Spring's per-request registration) is remembered: a configurator
   * many configurations share (the container's default) must not name the sessions of other endpoints; such a
   * configuration is named by its path like any other.
   */
  @Override
  public void upgrading(Object request, Object endpointConfig) {
    if (EndpointTemplate.configurator(endpointConfig) == endpointConfig) {
      upgradedRoutes.put(endpointConfig, EndpointTemplate.ofUpgrade(request));
    }
  }

  @Override
  public void opened(Object session, Object endpointConfig) {
    Object configurator = EndpointTemplate.configurator(endpointConfig);
    String template = configurator == null ? null : upgradedRoutes.get(configurator);
    if (template == null) {
      template = EndpointTemplate.of(session, endpointConfig);
    }
    if (template == null) {
      return;
    }
    Endpoint endpoint = endpoints.get(template);
    sessions.put(session, endpoint);
    endpoint.active.inc();
  }

  @Override
  public void closed(Object session) {
    Endpoint endpoint = sessions.remove(session);
    if (endpoint != null) {
      endpoint.active.dec();
    }
  }

  @Override
  public void message(Object session, int direction) {
    Endpoint endpoint = sessions.get(session);
    if (endpoint != null) {
      endpoint.messages[direction].inc();
    }
  }

  /** The series of one endpoint, bound together when its first session opens. */
  private final class Endpoint {
    final GaugeDataPoint active;
    final CounterDataPoint[] messages = new CounterDataPoint[DIRECTIONS.length];

    Endpoint(String template) {
      active = WebSocketMetrics.this.active.labelValues(template);
      for (int i = 0; i < DIRECTIONS.length; i++) {
        messages[i] = WebSocketMetrics.this.messages.labelValues(template, DIRECTIONS[i]);
      }
    }
  }
}
