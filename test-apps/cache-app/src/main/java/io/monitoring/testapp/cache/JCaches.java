package io.monitoring.testapp.cache;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;

/**
 * One JCache {@code Cache<String, String>} per provider, named {@code sessions-<provider>}, created
 * once, on first use, through {@code Caching.getCachingProvider(className).getCacheManager()} (the
 * provider's default URI and class loader) and {@code createCache} with a store-by-reference
 * {@link MutableConfiguration} typed String to String.
 */
final class JCaches {

    private final Map<JCacheProvider, Cache<String, String>> caches = new ConcurrentHashMap<>();

    Cache<String, String> get(JCacheProvider provider) {
        return caches.computeIfAbsent(provider, JCaches::create);
    }

    private static Cache<String, String> create(JCacheProvider provider) {
        CacheManager manager = Caching.getCachingProvider(provider.className()).getCacheManager();
        return manager.createCache(provider.cacheName(),
                new MutableConfiguration<String, String>()
                        .setTypes(String.class, String.class)
                        .setStoreByValue(false));
    }

    /** Closes the cache managers of the caches created so far. */
    void closeAll() {
        for (Cache<String, String> cache : caches.values()) {
            cache.getCacheManager().close();
        }
        caches.clear();
    }
}
