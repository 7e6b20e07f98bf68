package io.monitoring.testapp.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * Owner of the manual Caffeine {@link Cache} {@code catalog}. The cache has no name of its own: the
 * agent names it after the class that calls {@code build()}, which is why the call is here, in this
 * class's constructor.
 */
final class ProductCatalog {

    private final Cache<String, String> cache;

    ProductCatalog() {
        cache = Caffeine.newBuilder().maximumSize(1000).build();
    }

    Cache<String, String> cache() {
        return cache;
    }
}
