package io.monitoring.testapp.cache;

import java.util.Locale;

/** The JCache providers the app uses: the {@code provider} request parameter names one of them. */
enum JCacheProvider {
    EHCACHE("org.ehcache.jsr107.EhcacheCachingProvider"),
    CAFFEINE("com.github.benmanes.caffeine.jcache.spi.CaffeineCachingProvider");

    private final String className;

    JCacheProvider(String className) {
        this.className = className;
    }

    /** The {@code javax.cache.spi.CachingProvider} implementation class. */
    String className() {
        return className;
    }

    /** The value of the {@code provider} parameter: {@code ehcache} or {@code caffeine}. */
    String paramName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The name of this provider's cache: {@code sessions-ehcache} or {@code sessions-caffeine}. */
    String cacheName() {
        return "sessions-" + paramName();
    }

    /** The provider named by {@code param}, or null if the parameter is missing or unknown. */
    static JCacheProvider fromParam(String param) {
        for (JCacheProvider p : values()) {
            if (p.paramName().equals(param)) {
                return p;
            }
        }
        return null;
    }
}
