package io.monitoring.agent.util;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * What the agent knows about objects it does not own (statements, connections), keyed by identity and
 * held weakly, so the application's objects are never kept alive by the agent. Reads take no lock
 * and allocate nothing (one identity hash, one array read, a short chain); writes lock one of a few
 * segments and drop entries whose keys were collected.
 */
public final class WeakIdentityMap<V> {
  private static final int SEGMENTS = 16;

  private final Segment<V>[] segments;

  @SuppressWarnings("unchecked")
  public WeakIdentityMap() {
    segments = new Segment[SEGMENTS];
    for (int i = 0; i < SEGMENTS; i++) {
      segments[i] = new Segment<>();
    }
  }

  public V get(Object key) {
    int hash = System.identityHashCode(key);
    return segments[hash & (SEGMENTS - 1)].get(key, hash);
  }

  public void put(Object key, V value) {
    int hash = System.identityHashCode(key);
    segments[hash & (SEGMENTS - 1)].put(key, hash, value);
  }

  /** The value {@code key} had, now removed; null when it had none. Of two racing removals one gets the value. */
  public V remove(Object key) {
    int hash = System.identityHashCode(key);
    return segments[hash & (SEGMENTS - 1)].remove(key, hash);
  }

  /** Live entries, counting keys collected but not yet expunged; for tests and diagnostics. */
  public int size() {
    int n = 0;
    for (Segment<V> s : segments) {
      synchronized (s) {
        s.expunge();
        n += s.size;
      }
    }
    return n;
  }

  private static final class Entry<V> extends WeakReference<Object> {
    final int hash;
    final V value;
    volatile Entry<V> next;

    Entry(Object key, int hash, V value, Entry<V> next, ReferenceQueue<Object> queue) {
      super(key, queue);
      this.hash = hash;
      this.value = value;
      this.next = next;
    }
  }

  private static final class Segment<V> {
    private final ReferenceQueue<Object> queue = new ReferenceQueue<>();
    private volatile AtomicReferenceArray<Entry<V>> table = new AtomicReferenceArray<>(16);
    private int size;

    V get(Object key, int hash) {
      AtomicReferenceArray<Entry<V>> t = table;
      // the segment index used the low bits; the bucket uses the next ones
      for (Entry<V> e = t.get((hash >>> 4) & (t.length() - 1)); e != null; e = e.next) {
        if (e.get() == key) {
          return e.value;
        }
      }
      return null;
    }

    synchronized void put(Object key, int hash, V value) {
      expunge();
      removeLocked(key, hash);
      AtomicReferenceArray<Entry<V>> t = table;
      if (size >= t.length() * 3 / 4) {
        t = resize(t);
      }
      int i = (hash >>> 4) & (t.length() - 1);
      t.set(i, new Entry<>(key, hash, value, t.get(i), queue));
      size++;
    }

    synchronized V remove(Object key, int hash) {
      expunge();
      return removeLocked(key, hash);
    }

    private V removeLocked(Object key, int hash) {
      AtomicReferenceArray<Entry<V>> t = table;
      int i = (hash >>> 4) & (t.length() - 1);
      Entry<V> prev = null;
      for (Entry<V> e = t.get(i); e != null; prev = e, e = e.next) {
        if (e.get() == key) {
          unlink(t, i, prev, e);
          return e.value;
        }
      }
      return null;
    }

    private void unlink(AtomicReferenceArray<Entry<V>> t, int i, Entry<V> prev, Entry<V> e) {
      if (prev == null) {
        t.set(i, e.next);
      } else {
        prev.next = e.next;
      }
      size--;
    }

    /** Drops entries whose keys were collected; an entry of a table replaced by a resize is simply not found. */
    void expunge() {
      Object ref;
      while ((ref = queue.poll()) != null) {
        @SuppressWarnings("unchecked")
        Entry<V> stale = (Entry<V>) ref;
        AtomicReferenceArray<Entry<V>> t = table;
        int i = (stale.hash >>> 4) & (t.length() - 1);
        Entry<V> prev = null;
        for (Entry<V> e = t.get(i); e != null; prev = e, e = e.next) {
          if (e == stale) {
            unlink(t, i, prev, e);
            break;
          }
        }
      }
    }

    /** New entries in a new table, published at once: readers of the old table keep seeing whole chains. */
    private AtomicReferenceArray<Entry<V>> resize(AtomicReferenceArray<Entry<V>> old) {
      int alive = 0;
      for (int i = 0; i < old.length(); i++) {
        for (Entry<V> e = old.get(i); e != null; e = e.next) {
          alive += e.get() != null ? 1 : 0;
        }
      }
      // collected keys not yet enqueued made the table look full: rebuild at the same size then
      AtomicReferenceArray<Entry<V>> grown = new AtomicReferenceArray<>(alive * 2 > old.length() ? old.length() * 2 : old.length());
      int live = 0;
      for (int i = 0; i < old.length(); i++) {
        for (Entry<V> e = old.get(i); e != null; e = e.next) {
          Object key = e.get();
          if (key != null) {
            int j = (e.hash >>> 4) & (grown.length() - 1);
            grown.set(j, new Entry<>(key, e.hash, e.value, grown.get(j), queue));
            live++;
          }
        }
      }
      size = live;
      table = grown;
      return grown;
    }
  }
}
