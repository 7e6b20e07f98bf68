package io.monitoring.agent.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SeriesSlotsTest {
  @Test
  void eachKeyIsBoundOnceAtItsFirstLookup() {
    List<Integer> bound = new ArrayList<>();
    SeriesSlots<String> statuses = new SeriesSlots<>(status -> {
      bound.add(status);
      return "status:" + status;
    });
    assertEquals(List.of(), bound); // nothing bound before it is used
    assertEquals("status:200", statuses.get(200));
    assertEquals("status:0", statuses.get(0));
    assertEquals("status:-1", statuses.get(-1));
    assertSame(statuses.get(200), statuses.get(200));
    assertEquals("status:0", statuses.get(0));
    assertEquals(List.of(200, 0, -1), bound);
  }

  @Test
  void concurrentFirstLookupsOfOneKeyBindOneSeries() throws Exception {
    AtomicInteger binds = new AtomicInteger();
    SeriesSlots<Object> slots = new SeriesSlots<>(key -> {
      binds.incrementAndGet();
      return new Object();
    });
    List<Object[]> results = SeriesTableTest.together(() -> {
      Object[] got = new Object[16];
      for (int key = 0; key < got.length; key++) {
        got[key] = slots.get(key);
      }
      return got;
    });
    for (Object[] got : results) {
      for (int key = 0; key < got.length; key++) {
        assertSame(results.get(0)[key], got[key]);
      }
    }
    assertEquals(16, binds.get());
  }
}
