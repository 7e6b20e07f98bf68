package io.monitoring.testapp.cache;

import java.io.IOException;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.monitoring.testapp.servlets.Text;

/** Mapped to {@code /jcache/clear?provider=ehcache|caffeine}: one {@code clear()} on the provider's cache. 200; 400 for a bad provider. */
public class JCacheClearServlet extends HttpServlet {

    private final JCaches caches;

    JCacheClearServlet(JCaches caches) {
        this.caches = caches;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        JCacheProvider provider = JCacheProvider.fromParam(req.getParameter("provider"));
        if (provider == null) {
            Text.write(resp, HttpServletResponse.SC_BAD_REQUEST, "provider must be ehcache or caffeine");
            return;
        }
        caches.get(provider).clear();
        Text.write(resp, HttpServletResponse.SC_OK, provider.cacheName() + ".clear()=ok\n");
    }
}
