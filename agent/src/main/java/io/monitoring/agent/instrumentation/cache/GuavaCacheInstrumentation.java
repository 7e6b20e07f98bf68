package io.monitoring.agent.instrumentation.cache;

import static io.monitoring.agent.instrumentation.Matchers.isPublic;
import static io.monitoring.agent.instrumentation.Matchers.named;
import static io.monitoring.agent.instrumentation.Matchers.takesArgument;
import static io.monitoring.agent.instrumentation.Matchers.takesArguments;

import io.monitoring.agent.instrumentation.Weaving;
import io.monitoring.agent.instrumentation.WeavingRules;
import io.monitoring.agent.instrumentation.DeclaredMethod;
import io.monitoring.agent.instrumentation.Matcher;

/**
 * Guava's {@code Cache} and {@code LoadingCache}, which {@code LocalCache}'s {@code LocalManualCache} and
 * {@code LocalLoadingCache} implement for every cache {@code CacheBuilder} builds; {@code CacheBuilder.build} names
 * each after the application class that built it, as for Caffeine. Like Caffeine, Guava records a hit through its
 * statistics counter even with statistics off (then the counter that discards everything): that tells a hit from a
 * load in {@code get(key, loader)}, {@code get}, {@code getUnchecked} and {@code getAll}.
 */
public final class GuavaCacheInstrumentation {
  private static final String PACKAGE = "com.google.common.cache.";
  private static final String MANUAL = PACKAGE + "LocalCache$LocalManualCache";
  private static final String LOADING = PACKAGE + "LocalCache$LocalLoadingCache";
  /** Guava 33's statistics counters: the one {@code recordStats()} gives and the one that discards everything. */
  private static final String STATS = PACKAGE + "AbstractCache$SimpleStatsCounter," + PACKAGE + "CacheBuilder$1";
  private static final String BUILDER = PACKAGE + "CacheBuilder";

  /**
   * The types woven, comma-separated: a constant, so {@link io.monitoring.agent.instrumentation.InstrumentedLibraries}
   * copies it at compile time and premain loads no installer.
   */
  public static final String TYPES = MANUAL + "," + LOADING + "," + STATS + "," + BUILDER;

  private GuavaCacheInstrumentation() {}

  public static WeavingRules install(WeavingRules rules, Weaving weaving) {
    Matcher<DeclaredMethod> api = isPublic();
    return rules
        .type(weaving.types(MANUAL))
        .transform(weaving.advice()
            .advice(api.and(named("getIfPresent")).and(takesArguments(1)), CacheOperationAdvice.START, "CacheOperationAdvice$ReadValue")
            .advice(api.and(named("get")).and(takesArguments(2)), CacheOperationAdvice.START, "CacheOperationAdvice$ReadOrLoad")
            .advice(api.and(named("put")).and(takesArguments(2)).or(api.and(named("putAll")).and(takesArguments(1))),
                CacheOperationAdvice.START, "CacheOperationAdvice$Put")
            .advice(api.and(named("invalidate")).and(takesArguments(1))
                .or(api.and(named("invalidateAll")).and(takesArguments(1))), CacheOperationAdvice.START, "CacheOperationAdvice$Remove")
            .advice(api.and(named("invalidateAll")).and(takesArguments(0)), CacheOperationAdvice.START, "CacheOperationAdvice$Clear"))
        .type(weaving.types(LOADING))
        .transform(weaving.advice()
            .advice(api.and(named("get").or(named("getUnchecked"))).and(takesArguments(1)),
                CacheOperationAdvice.START, "CacheOperationAdvice$ReadOrLoad")
            .advice(api.and(named("getAll")).and(takesArgument(0, Iterable.class)),
                CacheOperationAdvice.START, "CacheOperationAdvice$ReadAllOrLoad"))
        .type(weaving.types(STATS))
        .transform(weaving.advice().advice(named("recordHits").and(takesArguments(int.class)),
            "CaffeineInstrumentation$HitsAdvice"))
        .type(weaving.types(BUILDER))
        .transform(weaving.advice().advice(isPublic().and(named("build")), "CaffeineInstrumentation$BuildAdvice"));
  }
}
