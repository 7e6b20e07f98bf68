package io.monitoring.testapp.cache;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;

/**
 * Owner of the Caffeine {@link LoadingCache} {@code priceBook}, whose loader answers
 * {@code "price-" + key}. Built in this class's constructor (the agent names the cache after it).
 */
final class PriceBook {

    private final LoadingCache<String, String> cache;

    PriceBook() {
        cache = Caffeine.newBuilder().maximumSize(1000).build(key -> "price-" + key);
    }

    LoadingCache<String, String> cache() {
        return cache;
    }
}
