package io.monitoring.testapp.cache;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.LoadingCache;

/**
 * The known Caffeine workload behind {@code /cache/caffeine/workload?round=N}. Each step is exactly
 * one call on one of the three caches (the agent's tests count them); nothing else touches a cache
 * (no size or stats reads). With the suffix {@code s = "-" + N} every round starts from absent keys.
 * Results are collected as lines {@code <cache>.<op>(<keys>)=<result>}.
 */
final class CaffeineWorkload {

    private final Cache<String, String> catalog;
    private final LoadingCache<String, String> priceBook;
    private final AsyncCache<String, Integer> stock;

    CaffeineWorkload(ProductCatalog catalog, PriceBook priceBook, StockLevels stock) {
        this.catalog = catalog.cache();
        this.priceBook = priceBook.cache();
        this.stock = stock.cache();
    }

    String run(String s) {
        StringBuilder out = new StringBuilder();
        String a = "a" + s;
        String b = "b" + s;
        String c = "c" + s;
        String d = "d" + s;
        String e = "e" + s;

        // catalog: Cache<String, String>
        line(out, "catalog.getIfPresent(" + a + ")", catalog.getIfPresent(a));                 // miss: null
        catalog.put(a, "A");
        line(out, "catalog.put(" + a + ")", "ok");
        line(out, "catalog.getIfPresent(" + a + ")", catalog.getIfPresent(a));                 // hit: A
        line(out, "catalog.getIfPresent(" + a + ")", catalog.getIfPresent(a));                 // hit: A
        line(out, "catalog.get(" + b + ")", catalog.get(b, k -> "B"));                         // miss, loads B
        line(out, "catalog.get(" + b + ")", catalog.get(b, k -> "B2"));                        // hit: B
        line(out, "catalog.getAll(" + a + "," + b + "," + c + ")",
                sorted(catalog.getAll(List.of(a, b, c), CaffeineWorkload::allL)));             // a, b hits; c loads L
        catalog.putAll(Map.of(d, "D", e, "E"));
        line(out, "catalog.putAll(" + d + "," + e + ")", "ok");
        catalog.invalidate(a);
        line(out, "catalog.invalidate(" + a + ")", "ok");
        catalog.invalidateAll(List.of(b));
        line(out, "catalog.invalidateAll(" + b + ")", "ok");

        // priceBook: LoadingCache<String, String>, loader "price-" + key
        String x = "x" + s;
        String y = "y" + s;
        String z = "z" + s;
        line(out, "priceBook.get(" + x + ")", priceBook.get(x));                               // miss, loads
        line(out, "priceBook.get(" + x + ")", priceBook.get(x));                               // hit
        line(out, "priceBook.get(" + y + ")", priceBook.get(y));                               // miss, loads
        line(out, "priceBook.getAll(" + x + "," + y + "," + z + ")",
                sorted(priceBook.getAll(List.of(x, y, z))));                                   // x, y hits; z loads

        // stock: AsyncCache<String, Integer>
        String st = "s" + s;
        String t = "t" + s;
        line(out, "stock.getIfPresent(" + st + ")", describe(stock.getIfPresent(st)));         // miss: null
        stock.put(st, CompletableFuture.completedFuture(1));
        line(out, "stock.put(" + st + ")", "ok");
        line(out, "stock.getIfPresent(" + st + ")", describe(stock.getIfPresent(st)));         // hit: future of 1
        line(out, "stock.get(" + t + ")", stock.get(t, k -> 2).join());                        // miss, computes 2
        line(out, "stock.get(" + t + ")", stock.get(t, k -> 3).join());                        // hit: 2
        return out.toString();
    }

    /** The bulk mapping function of {@code catalog.getAll}: every key asked for (the absent ones) maps to "L". */
    private static Map<String, String> allL(Set<? extends String> keys) {
        Map<String, String> loaded = new HashMap<>();
        for (String key : keys) {
            loaded.put(key, "L");
        }
        return loaded;
    }

    private static String describe(CompletableFuture<Integer> future) {
        return future == null ? "null" : "future(" + future.join() + ")";
    }

    private static Map<String, ?> sorted(Map<String, ?> map) {
        return new TreeMap<>(map);
    }

    private static void line(StringBuilder out, String op, Object result) {
        out.append(op).append('=').append(result).append('\n');
    }
}
