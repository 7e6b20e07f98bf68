package io.monitoring.testapp.cache;

import javax.cache.Cache;

import io.monitoring.testapp.servlets.ParameterChoiceServlet;

/**
 * A servlet on the JCache cache of the provider its request names ({@code provider=ehcache|caffeine}); a request
 * that names none is answered 400.
 */
abstract class JCacheServlet extends ParameterChoiceServlet<JCacheProvider> {

    private final JCaches caches;

    JCacheServlet(JCaches caches) {
        super("provider", JCacheProvider::fromParam, "provider must be ehcache or caffeine");
        this.caches = caches;
    }

    /** Created on first use (so not for a request answered 400). */
    Cache<String, String> cache(JCacheProvider provider) {
        return caches.get(provider);
    }
}
