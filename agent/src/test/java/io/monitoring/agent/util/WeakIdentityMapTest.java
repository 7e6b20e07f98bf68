package io.monitoring.agent.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WeakIdentityMapTest {
  @Test
  void keysByIdentityNotEquality() {
    WeakIdentityMap<String> map = new WeakIdentityMap<>();
    String a = new String("same");
    String b = new String("same");
    map.put(a, "a");
    assertEquals("a", map.get(a));
    assertNull(map.get(b));
    map.put(a, "a2");
    assertEquals("a2", map.get(a));
    assertEquals(1, map.size());
    map.remove(a);
    assertNull(map.get(a));
  }

  @Test
  void growsAndKeepsEveryLiveKey() {
    WeakIdentityMap<Integer> map = new WeakIdentityMap<>();
    List<Object> keys = new ArrayList<>();
    for (int i = 0; i < 50_000; i++) {
      Object k = new Object();
      keys.add(k);
      map.put(k, i);
    }
    for (int i = 0; i < keys.size(); i++) {
      assertEquals(i, map.get(keys.get(i)));
    }
    assertEquals(50_000, map.size());
  }

  @Test
  void forgetsCollectedKeys() throws InterruptedException {
    WeakIdentityMap<byte[]> map = new WeakIdentityMap<>();
    Object kept = new Object();
    map.put(kept, new byte[0]);
    for (int i = 0; i < 100_000; i++) {
      map.put(new Object(), new byte[16]);
    }
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (map.size() > 1 && System.nanoTime() < deadline) {
      System.gc();
      Thread.sleep(20);
      map.put(new Object(), null); // writes expunge
    }
    assertTrue(map.size() <= 2, "entries of collected keys are dropped: " + map.size());
    assertSame(0, map.get(kept).length);
  }
}
