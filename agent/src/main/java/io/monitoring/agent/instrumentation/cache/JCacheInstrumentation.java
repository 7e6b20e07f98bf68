package io.monitoring.agent.instrumentation.cache;

import static io.monitoring.agent.instrumentation.Matchers.isPublic;
import static io.monitoring.agent.instrumentation.Matchers.named;
import static io.monitoring.agent.instrumentation.Matchers.namedOneOf;
import static io.monitoring.agent.instrumentation.Matchers.takesArguments;

import io.monitoring.agent.instrumentation.Weaving;
import io.monitoring.agent.instrumentation.WeavingRules;
import io.monitoring.agent.instrumentation.DeclaredMethod;
import io.monitoring.agent.instrumentation.Matcher;

/**
 * JCache ({@code javax.cache.Cache}) as Ehcache 3 and Caffeine's JCache provider implement it: get, getAll
 * (each key counts), containsKey are reads; put, putIfAbsent, replace, getAndPut/getAndReplace, putAll are
 * writes; remove, getAndRemove, removeAll(keys) removals; clear and removeAll() clears. Named by
 * {@code getName()}.
 */
public final class JCacheInstrumentation {
  /**
   * The types woven, comma-separated: a constant, so {@link io.monitoring.agent.instrumentation.InstrumentedLibraries}
   * copies it at compile time and premain loads no installer.
   */
  public static final String TYPES = "org.ehcache.jsr107.Eh107Cache,com.github.benmanes.caffeine.jcache.CacheProxy,com.github.benmanes.caffeine.jcache.LoadingCacheProxy";

  private JCacheInstrumentation() {}

  public static WeavingRules install(WeavingRules rules, Weaving weaving) {
    Matcher<DeclaredMethod> api = isPublic();
    return rules.type(weaving.types(TYPES))
        .transform(weaving.advice()
            .advice(api.and(named("get")).and(takesArguments(1)), CacheOperationAdvice.START, "CacheOperationAdvice$ReadValue")
            .advice(api.and(named("getAll")).and(takesArguments(1)), CacheOperationAdvice.START, "CacheOperationAdvice$ReadAllPresent")
            .advice(api.and(named("containsKey")).and(takesArguments(1)), CacheOperationAdvice.START, "CacheOperationAdvice$ReadPresence")
            .advice(api.and(namedOneOf("put", "putIfAbsent", "getAndPut", "getAndReplace")).and(takesArguments(2))
                .or(api.and(named("replace")).and(takesArguments(2).or(takesArguments(3))))
                .or(api.and(named("putAll")).and(takesArguments(1))), CacheOperationAdvice.START, "CacheOperationAdvice$Put")
            .advice(api.and(namedOneOf("remove", "getAndRemove")).and(takesArguments(1))
                .or(api.and(named("remove")).and(takesArguments(2)))
                .or(api.and(named("removeAll")).and(takesArguments(1))), CacheOperationAdvice.START, "CacheOperationAdvice$Remove")
            .advice(api.and(named("clear").or(named("removeAll"))).and(takesArguments(0)),
                CacheOperationAdvice.START, "CacheOperationAdvice$Clear"));
  }
}
