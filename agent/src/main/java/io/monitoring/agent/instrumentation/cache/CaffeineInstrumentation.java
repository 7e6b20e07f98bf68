package io.monitoring.agent.instrumentation.cache;

import static io.monitoring.agent.instrumentation.Matchers.isAbstract;
import static io.monitoring.agent.instrumentation.Matchers.isPublic;
import static io.monitoring.agent.instrumentation.Matchers.named;
import static io.monitoring.agent.instrumentation.Matchers.namedOneOf;
import static io.monitoring.agent.instrumentation.Matchers.not;
import static io.monitoring.agent.instrumentation.Matchers.takesArgument;
import static io.monitoring.agent.instrumentation.Matchers.takesArguments;

import io.monitoring.agent.bootstrap.CacheHooks;
import io.monitoring.agent.bootstrap.CallDepth;
import io.monitoring.agent.instrumentation.Weaving;
import io.monitoring.agent.instrumentation.WeavingRules;
import io.monitoring.agent.instrumentation.Advice;
import io.monitoring.agent.instrumentation.DeclaredMethod;
import io.monitoring.agent.instrumentation.Matcher;

/**
 * Caffeine 3: the operations of {@code Cache}, {@code LoadingCache} and {@code AsyncCache}, which Caffeine
 * implements as default methods of its package-private {@code LocalManualCache}, {@code LocalLoadingCache},
 * {@code LocalAsyncCache} and {@code LocalAsyncLoadingCache} interfaces (so every cache kind, bounded or
 * not, shares them); {@code Caffeine.build*} names each cache after the application class that built it;
 * the statistics counters' {@code recordHits} (called even with statistics off) tell a hit from a load.
 */
public final class CaffeineInstrumentation {
  private static final String PACKAGE = "com.github.benmanes.caffeine.cache.";
  private static final String CACHES = PACKAGE + "LocalManualCache," + PACKAGE + "LocalLoadingCache," + PACKAGE
      + "LocalAsyncCache," + PACKAGE + "LocalAsyncLoadingCache";
  private static final String[] SYNC_TYPES = {PACKAGE + "LocalManualCache", PACKAGE + "LocalLoadingCache"};
  private static final String STATS = PACKAGE + "stats.DisabledStatsCounter," + PACKAGE + "stats.ConcurrentStatsCounter,"
      + PACKAGE + "stats.GuardedStatsCounter";
  private static final String BUILDER = PACKAGE + "Caffeine";

  /**
   * The types woven, comma-separated: a constant, so {@link io.monitoring.agent.instrumentation.InstrumentedLibraries}
   * copies it at compile time and premain loads no installer.
   */
  public static final String TYPES = CACHES + "," + STATS + "," + BUILDER;

  private CaffeineInstrumentation() {}

  public static WeavingRules install(WeavingRules rules, Weaving weaving) {
    Matcher<DeclaredMethod> code = isPublic().and(not(isAbstract()));
    return rules
        .type(weaving.types(CACHES))
        .transform(weaving.advice()
            .advice(code.and(named("getIfPresent")).and(takesArguments(1)), CacheOperationAdvice.START, "CacheOperationAdvice$ReadValue")
            .advice(code.and(named("get")).and(takesArguments(1).or(takesArguments(2))),
                CacheOperationAdvice.START, "CacheOperationAdvice$ReadOrLoad")
            .advice(code.and(named("put")).and(takesArguments(2)).or(code.and(named("putAll")).and(takesArguments(1))),
                CacheOperationAdvice.START, "CacheOperationAdvice$Put")
            .advice(code.and(named("invalidate")).and(takesArguments(1))
                .or(code.and(named("invalidateAll")).and(takesArguments(1))), CacheOperationAdvice.START, "CacheOperationAdvice$Remove")
            .advice(code.and(named("invalidateAll")).and(takesArguments(0)), CacheOperationAdvice.START, "CacheOperationAdvice$Clear"))
        .type(weaving.types(SYNC_TYPES))
        .transform(weaving.advice().advice(code.and(named("getAll")).and(takesArgument(0, Iterable.class)),
            CacheOperationAdvice.START, "CacheOperationAdvice$ReadAllOrLoad"))
        .type(weaving.types(STATS))
        .transform(weaving.advice().advice(named("recordHits").and(takesArguments(int.class)), "HitsAdvice"))
        .type(weaving.types(BUILDER))
        .transform(weaving.advice().advice(isPublic().and(namedOneOf("build", "buildAsync")), "BuildAdvice"));
  }

  public static final class HitsAdvice {
    private HitsAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void enter(@Advice.Argument(0) int count) {
      CallDepth.countCacheHits(count);
    }
  }

  public static final class BuildAdvice {
    private BuildAdvice() {}

    @Advice.OnMethodExit(suppress = Throwable.class)
    public static void exit(@Advice.Return Object cache) {
      CacheHooks.built(cache);
    }
  }
}
