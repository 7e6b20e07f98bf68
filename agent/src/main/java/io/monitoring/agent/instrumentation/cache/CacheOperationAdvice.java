package io.monitoring.agent.instrumentation.cache;

import io.monitoring.agent.bootstrap.CacheHooks;
import io.monitoring.agent.bootstrap.CallDepth;
import java.util.Collection;
import java.util.Map;
import io.monitoring.agent.instrumentation.Advice;

/**
 * The advice every cache library shares: reads (hit or miss from what they return, or from the cache's
 * own hit statistics when a loader may run), writes, removals, clears. Only the outermost cache operation
 * on a thread counts: a Spring cache over Caffeine is one {@code spring} operation.
 */
public final class CacheOperationAdvice {
  /** The enter advice every cache operation shares, woven with the exit advice of its shape. */
  public static final String START = "CacheOperationAdvice$Start";

  private CacheOperationAdvice() {}

  /** An operation starts: one more level of cache calls on this thread, and its start time. */
  public static final class Start {
    private Start() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static long enter() {
      CallDepth.enterCache();
      return System.nanoTime();
    }
  }

  /** A read returning the value, or null when absent (Caffeine getIfPresent, JCache get, Spring get). */
  public static final class ReadValue {
    private ReadValue() {}

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.This Object cache, @Advice.Enter long start, @Advice.Return Object value) {
      if (CallDepth.exitCache() >= 0) {
        CacheHooks.read(cache, value != null ? 1 : 0, value != null ? 0 : 1, start);
      }
    }
  }

  /** JCache containsKey. */
  public static final class ReadPresence {
    private ReadPresence() {}

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.This Object cache, @Advice.Enter long start, @Advice.Return boolean present) {
      if (CallDepth.exitCache() >= 0) {
        CacheHooks.read(cache, present ? 1 : 0, present ? 0 : 1, start);
      }
    }
  }

  /**
   * A read that loads what is absent (Caffeine get with a mapping function, LoadingCache get): a hit when
   * the cache's statistics counted one during the call, whether or not statistics are enabled.
   */
  public static final class ReadOrLoad {
    private ReadOrLoad() {}

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.This Object cache, @Advice.Enter long start) {
      int hits = CallDepth.exitCache();
      if (hits >= 0) {
        CacheHooks.read(cache, hits > 0 ? 1 : 0, hits > 0 ? 0 : 1, start);
      }
    }
  }

  /** Caffeine getAll: each key counts; hits from the statistics, the rest of the result was loaded. */
  public static final class ReadAllOrLoad {
    private ReadAllOrLoad() {}

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.This Object cache, @Advice.Enter long start, @Advice.Return Map<?, ?> result) {
      int hits = CallDepth.exitCache();
      if (hits >= 0) {
        int size = result == null ? hits : result.size();
        CacheHooks.read(cache, hits, Math.max(size - hits, 0), start);
      }
    }
  }

  /** JCache getAll: each key counts; the result holds the keys found. */
  public static final class ReadAllPresent {
    private ReadAllPresent() {}

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.This Object cache, @Advice.Enter long start, @Advice.Argument(0) Collection<?> keys,
        @Advice.Return Map<?, ?> result) {
      if (CallDepth.exitCache() >= 0) {
        int found = result == null ? 0 : result.size();
        CacheHooks.read(cache, found, Math.max(keys.size() - found, 0), start);
      }
    }
  }

  public static final class Put {
    private Put() {}

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.This Object cache, @Advice.Enter long start, @Advice.Thrown Throwable error) {
      if (CallDepth.exitCache() >= 0) {
        CacheHooks.write(cache, CacheHooks.PUT, start, error);
      }
    }
  }

  public static final class Remove {
    private Remove() {}

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.This Object cache, @Advice.Enter long start, @Advice.Thrown Throwable error) {
      if (CallDepth.exitCache() >= 0) {
        CacheHooks.write(cache, CacheHooks.REMOVE, start, error);
      }
    }
  }

  public static final class Clear {
    private Clear() {}

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.This Object cache, @Advice.Enter long start, @Advice.Thrown Throwable error) {
      if (CallDepth.exitCache() >= 0) {
        CacheHooks.write(cache, CacheHooks.CLEAR, start, error);
      }
    }
  }
}
