package io.monitoring.agent.bootstrap;

/**
 * What advice woven into caches calls: a read (with its hits and misses: a multi-key read has several)
 * or a write ended. The cache is passed as the object the application holds; the agent knows its
 * name from when it was built or asks it once. Every method swallows failures.
 */
public final class CacheHooks {
  public static final int GET = 0;
  public static final int PUT = 1;
  public static final int REMOVE = 2;
  public static final int CLEAR = 3;

  public interface Handler {
    /** A Caffeine cache was built: its name comes from the application class that built it. */
    void built(Object cache);

    /** The cache's library (caffeine, jcache, spring) is told by the agent from the cache object. */
    void read(Object cache, int hits, int misses, long startNanos);

    void write(Object cache, int operation, long startNanos, Throwable error);
  }

  private static volatile Handler handler;

  private CacheHooks() {}

  public static void install(Handler newHandler) {
    handler = newHandler;
  }

  public static void built(Object cache) {
    Handler h = handler;
    if (h != null && cache != null) {
      try {
        h.built(cache);
      } catch (Throwable t) {
        AgentErrors.record(t, "caffeine");
      }
    }
  }

  public static void read(Object cache, int hits, int misses, long startNanos) {
    Handler h = handler;
    if (h != null) {
      try {
        h.read(cache, hits, misses, startNanos);
      } catch (Throwable t) {
        AgentErrors.record(t, "cache");
      }
    }
  }

  public static void write(Object cache, int operation, long startNanos, Throwable error) {
    Handler h = handler;
    if (h != null) {
      try {
        h.write(cache, operation, startNanos, error);
      } catch (Throwable t) {
        AgentErrors.record(t, "cache");
      }
    }
  }
}
