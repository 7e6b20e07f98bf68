package io.monitoring.agent.instrumentation;

import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.matcher.ElementMatchers;
import net.bytebuddy.pool.TypePool;

/**
 * Type descriptions parsed once per class loader and shared by every transformation, instead of a fresh pool per
 * woven class. On the Spring Boot test app's main thread Byte Buddy otherwise re-read and re-parsed, for each of the
 * ~20 woven and ~50 rejected classes, the same super types (to match {@code ImplementsInterface} and method
 * signatures) and the same advice classes (async-profiler, wall clock: 454 ms weaving on that thread before, ~350 after).
 *
 * <p>Never pins a loader: the map is weakly keyed, and the descriptions reach their loader only through the weakly
 * referencing class file locators {@link AdviceTransformer} builds; each loader's cache is softly referenced, so memory
 * pressure clears it. The class being transformed is never served from the cache, so another agent's changes to it
 * are seen.
 */
final class TypeDescriptionCache {
  private final Map<ClassLoader, TypePool.CacheProvider> byLoader = Collections.synchronizedMap(new WeakHashMap<>());
  private final TypePool.CacheProvider bootstrap = new TypePool.CacheProvider.Simple.UsingSoftReference();

  /** A pool over {@code classes} for types of {@code loader}. */
  TypePool pool(ClassFileLocator classes, ClassLoader loader) {
    return new TypePool.LazyFacade(new TypePool.Default.WithLazyResolution(cache(loader), classes, TypePool.Default.ReaderMode.FAST));
  }

  /** The same, with {@code transformed} described afresh from {@code classes} (which hold its bytes as handed to us). */
  TypePool pool(ClassFileLocator classes, ClassLoader loader, String transformed) {
    TypePool.CacheProvider cache = new TypePool.CacheProvider.Discriminating(ElementMatchers.is(transformed),
        new TypePool.CacheProvider.Simple(), cache(loader));
    return new TypePool.LazyFacade(new TypePool.Default.WithLazyResolution(cache, classes, TypePool.Default.ReaderMode.FAST));
  }

  private TypePool.CacheProvider cache(ClassLoader loader) {
    return loader == null ? bootstrap : byLoader.computeIfAbsent(loader, l -> new TypePool.CacheProvider.Simple.UsingSoftReference());
  }
}
