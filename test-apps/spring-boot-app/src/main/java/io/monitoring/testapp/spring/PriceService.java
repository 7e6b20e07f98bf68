package io.monitoring.testapp.spring;

import org.springframework.cache.annotation.Cacheable;
import org.springframework.stereotype.Service;

/**
 * Prices through Spring's cache abstraction: {@link #price} is {@code @Cacheable} on the cache
 * {@code prices} (a {@code CaffeineCache}, see application.properties). The first call for a sku is a
 * miss (one {@code get}, the method runs, one {@code put}); later calls are hits (one {@code get}, the
 * method does not run). No I/O and no SQL; nothing else uses the cache.
 */
@Service
public class PriceService {

    @Cacheable("prices")
    public String price(String sku) {
        return "price-" + sku.hashCode();
    }
}
