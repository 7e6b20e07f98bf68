package io.monitoring.testapp.cache;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * Owner of the Caffeine {@link AsyncCache} {@code stock}. Built in this class's constructor (the
 * agent names the cache after it).
 */
final class StockLevels {

    private final AsyncCache<String, Integer> cache;

    StockLevels() {
        cache = Caffeine.newBuilder().maximumSize(1000).buildAsync();
    }

    AsyncCache<String, Integer> cache() {
        return cache;
    }
}
