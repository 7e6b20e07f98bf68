package io.monitoring.testapp.cache;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.monitoring.testapp.servlets.Text;

/** Mapped to {@code /jcache/clear?provider=ehcache|caffeine}: one {@code clear()} on the provider's cache. 200; 400 for a bad provider. */
public class JCacheClearServlet extends JCacheServlet {

    JCacheClearServlet(JCaches caches) {
        super(caches);
    }

    @Override
    protected void doGet(JCacheProvider provider, HttpServletRequest req, HttpServletResponse resp)
            throws IOException {
        cache(provider).clear();
        Text.write(resp, HttpServletResponse.SC_OK, provider.cacheName() + ".clear()=ok\n");
    }
}
