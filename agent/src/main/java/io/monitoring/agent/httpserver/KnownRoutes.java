package io.monitoring.agent.httpserver;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The routes seen so far, found again from the characters of a route being built: the string of a known route is
 * reused instead of allocated per request. Bounded: 2,048 slots, a route probes 8 of them; a route that finds no slot
 * is simply built as a new string (the series table caps the route label's values anyway). Lock-free: a slot is
 * claimed once and never changes.
 */
final class KnownRoutes {
  private static final int SLOTS = 2048; // a power of two
  private static final int PROBES = 8;
  private final AtomicReferenceArray<String> slots = new AtomicReferenceArray<>(SLOTS);

  /** The known string with {@code route}'s characters, or a new one (remembered when a slot is free). */
  String of(CharSequence route) {
    int hash = hash(route);
    for (int probe = 0; probe < PROBES; probe++) {
      int i = (hash + probe) & (SLOTS - 1);
      String known = slots.get(i);
      if (known == null) {
        String created = route.toString();
        if (slots.compareAndSet(i, null, created)) {
          return created;
        }
        known = slots.get(i);
      }
      if (known.contentEquals(route)) {
        return known;
      }
    }
    return route.toString();
  }

  private static int hash(CharSequence s) {
    int h = 0;
    for (int i = 0, n = s.length(); i < n; i++) {
      h = 31 * h + s.charAt(i);
    }
    return h ^ (h >>> 16);
  }
}
