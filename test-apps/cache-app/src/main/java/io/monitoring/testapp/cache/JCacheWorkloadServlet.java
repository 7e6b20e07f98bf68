package io.monitoring.testapp.cache;

import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import javax.cache.Cache;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.monitoring.testapp.servlets.Text;

/**
 * Mapped to {@code /jcache/workload?provider=ehcache|caffeine&round=N}: the JCache workload below on
 * the provider's {@code sessions-<provider>} cache, each step exactly one {@code javax.cache.Cache}
 * call. 200 with one line {@code <cache>.<op>(<keys>)=<result>} per call; 400 for bad parameters.
 */
public class JCacheWorkloadServlet extends JCacheServlet {

    JCacheWorkloadServlet(JCaches caches) {
        super(caches);
    }

    @Override
    protected void doGet(JCacheProvider provider, HttpServletRequest req, HttpServletResponse resp)
            throws IOException {
        String s = Round.suffix(req.getParameter("round"));
        if (s == null) {
            Text.write(resp, HttpServletResponse.SC_BAD_REQUEST, "round must be 0..999999999");
            return;
        }
        Cache<String, String> cache = cache(provider);
        String n = provider.cacheName();
        String k1 = "k1" + s;
        String k2 = "k2" + s;
        String k3 = "k3" + s;

        StringBuilder out = new StringBuilder();
        line(out, n + ".get(" + k1 + ")", cache.get(k1));                                  // miss: null
        cache.put(k1, "v1");
        line(out, n + ".put(" + k1 + ")", "ok");
        line(out, n + ".get(" + k1 + ")", cache.get(k1));                                  // hit: v1
        line(out, n + ".containsKey(" + k1 + ")", cache.containsKey(k1));                  // true
        line(out, n + ".containsKey(" + k2 + ")", cache.containsKey(k2));                  // false
        line(out, n + ".putIfAbsent(" + k2 + ")", cache.putIfAbsent(k2, "v2"));            // true
        Map<String, String> all = cache.getAll(Set.of(k1, k2, k3));                        // k1, k2 (k3 absent)
        line(out, n + ".getAll(" + k1 + "," + k2 + "," + k3 + ")", new TreeMap<>(all));
        line(out, n + ".replace(" + k1 + ")", cache.replace(k1, "v1b"));                   // true
        line(out, n + ".remove(" + k2 + ")", cache.remove(k2));                            // true
        Text.write(resp, HttpServletResponse.SC_OK, out.toString());
    }

    private static void line(StringBuilder out, String op, Object result) {
        out.append(op).append('=').append(result).append('\n');
    }
}
