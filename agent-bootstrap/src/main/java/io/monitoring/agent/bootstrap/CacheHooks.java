package io.monitoring.agent.bootstrap;

/**
 * What advice woven into caches calls: a cache was built, a read ended (with its hits and misses: a
 * multi-key read has several) or a write ended. The cache is passed as the object the application holds;
 * the agent knows its library and name from it.
 */
public final class CacheHooks {
  public static final int GET = 0;
  public static final int PUT = 1;
  public static final int REMOVE = 2;
  public static final int CLEAR = 3;

  public interface Handler {
    /** A cache was built: its name comes from the application class that built it. */
    void built(Object cache);

    void read(Object cache, int hits, int misses, long startNanos);

    void write(Object cache, int operation, long startNanos, Throwable error);
  }

  private static volatile Handler handler;

  private CacheHooks() {}

  public static void install(Handler newHandler) {
    handler = newHandler;
  }

  public static void built(Object cache) {
    handler.built(cache);
  }

  public static void read(Object cache, int hits, int misses, long startNanos) {
    handler.read(cache, hits, misses, startNanos);
  }

  public static void write(Object cache, int operation, long startNanos, Throwable error) {
    handler.write(cache, operation, startNanos, error);
  }
}
