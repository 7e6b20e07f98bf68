package io.monitoring.agent.bootstrap;

/**
 * Per-thread nesting depth per kind of call, so that of nested calls of one kind (a filter chain
 * calling a servlet, a pool's statement proxy calling the driver's) only the outermost is measured.
 * Every advice that calls {@link #enter} calls {@link #exit} exactly once, whatever happens.
 */
public final class CallDepth {
  public static final int HTTP_SERVER = 0;
  public static final int DB = 1;
  public static final int HTTP_CLIENT = 2;
  public static final int CACHE = 3;
  /** Connection.prepareStatement / prepareCall / createStatement: a pool's proxy calling the driver's. */
  public static final int DB_PREPARE = 4;
  /** Not a depth: hits a cache's stats counter reported during the current outermost cache operation. */
  private static final int CACHE_HITS = 5;
  private static final int KINDS = 8;

  // an anonymous subclass rather than withInitial(lambda): no invokedynamic in bootstrap classes
  private static final ThreadLocal<int[]> DEPTHS =
      new ThreadLocal<int[]>() {
        @Override
        protected int[] initialValue() {
          return new int[KINDS];
        }
      };

  private CallDepth() {}

  /** Increments the depth and returns the depth before: 0 means this call is the outermost. */
  public static int enter(int kind) {
    return DEPTHS.get()[kind]++;
  }

  /** {@link #enter} for {@link #CACHE}, also starting a new hit count when this is the outermost operation. */
  public static int enterCache() {
    int[] depths = DEPTHS.get();
    int before = depths[CACHE]++;
    if (before == 0) {
      depths[CACHE_HITS] = 0;
    }
    return before;
  }

  /** {@link #exit} for {@link #CACHE}: the hits counted during the operation if it was the outermost, else -1. */
  public static int exitCache() {
    int[] depths = DEPTHS.get();
    if (depths[CACHE] > 0 && --depths[CACHE] == 0) {
      return depths[CACHE_HITS];
    }
    return -1;
  }

  /** Called from a cache's own statistics: {@code count} hits happened inside the current operation. */
  public static void countCacheHits(int count) {
    DEPTHS.get()[CACHE_HITS] += count;
  }

  /** Decrements the depth and returns the depth after: 0 means the call that exits was the outermost. */
  public static int exit(int kind) {
    int[] depths = DEPTHS.get();
    return depths[kind] > 0 ? --depths[kind] : 0;
  }
}
