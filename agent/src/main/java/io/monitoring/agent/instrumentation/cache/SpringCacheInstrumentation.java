package io.monitoring.agent.instrumentation.cache;

import static io.monitoring.agent.instrumentation.Matchers.isPublic;
import static io.monitoring.agent.instrumentation.Matchers.named;
import static io.monitoring.agent.instrumentation.Matchers.namedOneOf;
import static io.monitoring.agent.instrumentation.Matchers.takesArgument;
import static io.monitoring.agent.instrumentation.Matchers.takesArguments;

import io.monitoring.agent.instrumentation.Weaving;
import io.monitoring.agent.instrumentation.WeavingRules;

/**
 * Spring's cache abstraction ({@code @Cacheable}, {@code @CachePut}, {@code @CacheEvict}): the caching
 * aspect reads through {@code AbstractValueAdaptingCache.get(key)} (a null wrapper is a miss) and writes
 * through the concrete cache's put/evict/clear. Caffeine, ConcurrentMap and JCache backed caches; the
 * store's own operations underneath are not counted again.
 */
public final class SpringCacheInstrumentation {
  private static final String READER = "org.springframework.cache.support.AbstractValueAdaptingCache";
  private static final String WRITER_TYPES = "org.springframework.cache.caffeine.CaffeineCache,"
      + "org.springframework.cache.concurrent.ConcurrentMapCache,org.springframework.cache.jcache.JCacheCache";
  /**
   * The types woven, comma-separated: a constant, so {@link io.monitoring.agent.instrumentation.InstrumentedLibraries}
   * copies it at compile time and premain loads no installer.
   */
  public static final String TYPES = READER + "," + WRITER_TYPES;

  private SpringCacheInstrumentation() {}

  public static WeavingRules install(WeavingRules rules, Weaving weaving) {
    return rules
        .type(weaving.types(READER))
        .transform(weaving.advice().advice(isPublic().and(named("get")).and(takesArguments(1).or(takesArguments(2)
            .and(takesArgument(1, Class.class)))), CacheOperationAdvice.START, "CacheOperationAdvice$ReadValue"))
        .type(weaving.types(WRITER_TYPES))
        .transform(weaving.advice()
            .advice(isPublic().and(namedOneOf("put", "putIfAbsent")).and(takesArguments(2)), CacheOperationAdvice.START, "CacheOperationAdvice$Put")
            .advice(isPublic().and(namedOneOf("evict", "evictIfPresent")).and(takesArguments(1)),
                CacheOperationAdvice.START, "CacheOperationAdvice$Remove")
            .advice(isPublic().and(namedOneOf("clear", "invalidate")).and(takesArguments(0)),
                CacheOperationAdvice.START, "CacheOperationAdvice$Clear"));
  }
}
