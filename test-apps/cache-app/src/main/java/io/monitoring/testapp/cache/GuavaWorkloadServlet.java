package io.monitoring.testapp.cache;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import com.google.common.cache.CacheLoader;
import com.google.common.cache.LoadingCache;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import io.monitoring.testapp.servlets.Text;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

/**
 * Mapped to {@code /guava/workload?round=N}: Guava caches built here, so named {@code GuavaWorkloadServlet}; keys
 * suffixed {@code "-" + round}, in this order:
 * <ul>
 *   <li>manual cache: {@code getIfPresent(a)} null (miss); {@code put(a, "A")}; {@code getIfPresent(a)} A (hit);
 *       {@code get(b, () -> "B")} B (miss, computed); {@code get(b, () -> "B2")} B (hit); {@code invalidate(a)};</li>
 *   <li>loading cache: {@code get(x)} (miss, loaded); {@code getUnchecked(x)} (hit); {@code getAll([x, y])}
 *       (x hit, y loaded).</li>
 * </ul>
 * Per round: 4 reads that hit (getIfPresent(a), get(b), getUnchecked(x), getAll's x), 4 that miss
 * (getIfPresent(a), get(b), get(x), getAll's y), 1 put, 1 remove. 200 with the values read.
 */
public class GuavaWorkloadServlet extends HttpServlet {
    private final Cache<String, String> manual = CacheBuilder.newBuilder().maximumSize(100).build();
    private final LoadingCache<String, String> loading = CacheBuilder.newBuilder().maximumSize(100)
            .build(CacheLoader.from(key -> "loaded-" + key));

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String s = "-" + req.getParameter("round");
        try {
            String first = manual.getIfPresent("a" + s);
            manual.put("a" + s, "A");
            String second = manual.getIfPresent("a" + s);
            String b = manual.get("b" + s, () -> "B");
            String b2 = manual.get("b" + s, () -> "B2");
            manual.invalidate("a" + s);
            String x = loading.get("x" + s);
            String x2 = loading.getUnchecked("x" + s);
            Map<String, String> all = loading.getAll(List.of("x" + s, "y" + s));
            Text.write(resp, HttpServletResponse.SC_OK, first + " " + second + " " + b + " " + b2 + " " + x + " " + x2 + " "
                    + all + "\n");
        } catch (ExecutionException e) {
            Text.write(resp, HttpServletResponse.SC_INTERNAL_SERVER_ERROR, e + "\n");
        }
    }
}
