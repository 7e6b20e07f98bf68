package io.monitoring.agent.metrics;

import java.util.Arrays;
import java.util.function.IntFunction;

/**
 * The bound series of one small fixed dimension (method index, status code, operation index), keyed by int,
 * each bound at its first use, so no series is exported before it has an observation. Such a dimension has a
 * handful of keys in use (a route sees two or three status codes), so the bindings are a copy-on-write array
 * scanned in order: a lookup reads a few ints and allocates nothing; a new key copies the array once.
 */
public final class SeriesSlots<T> {
  private static final Bindings EMPTY = new Bindings(new int[0], new Object[0]);

  private final IntFunction<T> bind;
  private volatile Bindings bindings = EMPTY;

  public SeriesSlots(IntFunction<T> bind) {
    this.bind = bind;
  }

  @SuppressWarnings("unchecked")
  public T get(int key) {
    Bindings b = bindings;
    int i = b.indexOf(key);
    return i >= 0 ? (T) b.series[i] : add(key);
  }

  @SuppressWarnings("unchecked")
  private synchronized T add(int key) {
    Bindings known = bindings;
    int i = known.indexOf(key);
    if (i >= 0) {
      return (T) known.series[i];
    }
    T created = bind.apply(key);
    int n = known.keys.length;
    int[] keys = Arrays.copyOf(known.keys, n + 1);
    Object[] series = Arrays.copyOf(known.series, n + 1);
    keys[n] = key;
    series[n] = created;
    bindings = new Bindings(keys, series);
    return created;
  }

  /** Keys and series swapped together, so a reader never pairs a key with another key's series. */
  private static final class Bindings {
    final int[] keys;
    final Object[] series;

    Bindings(int[] keys, Object[] series) {
      this.keys = keys;
      this.series = series;
    }

    int indexOf(int key) {
      for (int i = 0; i < keys.length; i++) {
        if (keys[i] == key) {
          return i;
        }
      }
      return -1;
    }
  }
}
