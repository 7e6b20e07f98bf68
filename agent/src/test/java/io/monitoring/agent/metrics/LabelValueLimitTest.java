package io.monitoring.agent.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import org.junit.jupiter.api.Test;

class LabelValueLimitTest {
  @Test
  void valuesBeyondTheCapFoldIntoOtherAndAreCounted() {
    AgentMetrics metrics = new AgentMetrics("svc", "test", 3, "1");
    LabelValueLimit.Bound<String> routes = metrics.labelValueLimit("http_requests_total").bind(v -> "bound:" + v);
    assertEquals("bound:/a", routes.get("/a"));
    assertSame(routes.get("/a"), routes.get("/a"));
    routes.get("/b");
    routes.get("/c");
    assertEquals("bound:_other", routes.get("/d"));
    assertEquals("bound:_other", routes.get("/e"));
    assertEquals("bound:/b", routes.get("/b"));
    assertEquals(3, routes.size());

    CounterSnapshot overflow = (CounterSnapshot) metrics.registry().scrape(n -> n.startsWith("monitoring_agent_label_overflow"))
        .get(0);
    assertEquals(2.0, overflow.getDataPoints().get(0).getValue());
    assertEquals("http_requests_total", overflow.getDataPoints().get(0).getLabels().get("metric"));
  }
}
