package io.monitoring.testapp.cache;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.integration.CacheLoader;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import com.google.common.cache.CacheBuilder;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.monitoring.testapp.outcome.Outcome;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.Transaction;
import org.redisson.api.RBucket;
import org.redisson.api.RMap;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

/**
 * The contract cases of {@code /contract/<library>/<case>}: what the application sees of each cache library,
 * loader failures and client errors included, compared by the integration test with and without the agent.
 * Every case builds what it needs (Redis keys {@code contract:*} on database 5), so it gives the same answer
 * however often it runs.
 */
final class CacheContract {
    private static final String REDIS_HOST = System.getProperty("redis.host", "127.0.0.1");
    private static final int REDIS_PORT = Integer.getInteger("redis.port", 6379);

    private CacheContract() {
    }

    static Map<String, Outcome.Call> cases() {
        Map<String, Outcome.Call> cases = new LinkedHashMap<>();
        cases.put("caffeine/returns", () -> {
            com.github.benmanes.caffeine.cache.Cache<String, String> c = Caffeine.newBuilder().maximumSize(10).build();
            c.put("a", "1");
            List<Object> seen = new ArrayList<>();
            seen.add(c.getIfPresent("a"));
            seen.add(c.getIfPresent("b"));
            seen.add(c.get("b", k -> k + "-loaded"));
            seen.add(c.get("c", k -> null));
            seen.add(new TreeMap<>(c.getAll(List.of("a", "b", "d"), keys -> {
                Map<String, String> loaded = new TreeMap<>();
                keys.forEach(k -> loaded.put(k, k + "-bulk"));
                return loaded;
            })));
            seen.add(new TreeMap<>(c.getAllPresent(List.of("a", "x"))));
            c.invalidate("a");
            seen.add(c.getIfPresent("a"));
            return seen;
        });
        cases.put("caffeine/loader-throws", () -> {
            com.github.benmanes.caffeine.cache.Cache<String, String> c = Caffeine.newBuilder().build();
            return c.get("sku-1", k -> {
                throw new IllegalStateException("no price for " + k);
            });
        });
        cases.put("caffeine/loading-cache-checked-failure", () -> {
            LoadingCache<String, String> c = Caffeine.newBuilder().build(k -> {
                throw new IOException("price service down for " + k);
            });
            return c.get("sku-2");
        });
        cases.put("caffeine/bulk-loader-throws", () -> {
            com.github.benmanes.caffeine.cache.Cache<String, String> c = Caffeine.newBuilder().build();
            return c.getAll(List.of("a", "b"), keys -> {
                throw new IllegalArgumentException("cannot load " + new TreeMap<>(Map.of("keys", keys.size())));
            });
        });
        cases.put("caffeine/async-loader-fails", () -> {
            AsyncCache<String, String> c = Caffeine.newBuilder().buildAsync();
            CompletableFuture<String> f = c.get("sku-3", (k, executor) ->
                    CompletableFuture.failedFuture(new IllegalStateException("async load failed for " + k)));
            return f.join();
        });
        cases.put("caffeine/null-key", () -> Caffeine.newBuilder().build().getIfPresent(null));
        cases.put("guava/returns", () -> {
            com.google.common.cache.Cache<String, String> c = CacheBuilder.newBuilder().maximumSize(10).build();
            c.put("a", "1");
            List<Object> seen = new ArrayList<>();
            seen.add(c.getIfPresent("a"));
            seen.add(c.getIfPresent("b"));
            seen.add(c.get("b", () -> "b-loaded"));
            seen.add(new TreeMap<>(c.getAllPresent(List.of("a", "x"))));
            c.invalidate("a");
            seen.add(c.getIfPresent("a"));
            seen.add(c.size());
            return seen;
        });
        cases.put("guava/loader-throws", () -> CacheBuilder.newBuilder().build().get("sku-5", () -> {
            throw new IllegalStateException("no price for sku-5");
        }));
        cases.put("guava/loading-cache-checked-failure", () -> CacheBuilder.newBuilder()
                .build(new com.google.common.cache.CacheLoader<String, String>() {
                    @Override
                    public String load(String key) throws IOException {
                        throw new IOException("price service down for " + key);
                    }
                }).get("sku-6"));
        cases.put("guava/loader-returns-null", () -> CacheBuilder.newBuilder().build().get("sku-7", () -> null));
        for (JCacheProvider provider : JCacheProvider.values()) {
            String p = "jcache-" + provider.name().toLowerCase(java.util.Locale.ROOT) + "/";
            cases.put(p + "returns", () -> {
                Cache<String, String> c = plain(provider);
                c.clear();
                List<Object> seen = new ArrayList<>();
                c.put("a", "1");
                seen.add(c.get("a"));
                seen.add(c.get("b"));
                seen.add(c.containsKey("a"));
                seen.add(c.getAndPut("a", "2"));
                seen.add(c.putIfAbsent("a", "3"));
                seen.add(new TreeMap<>(c.getAll(Set.of("a", "b"))));
                seen.add(c.remove("a"));
                seen.add(c.get("a"));
                return seen;
            });
            cases.put(p + "loader-throws", () -> readThrough(provider).get("sku-4"));
            cases.put(p + "null-key", () -> plain(provider).get(null));
        }
        cases.put("jedis/returns", () -> {
            try (Jedis jedis = new Jedis(REDIS_HOST, REDIS_PORT)) {
                jedis.select(5);
                jedis.del("contract:a", "contract:list");
                return List.of(jedis.set("contract:a", "1"), String.valueOf(jedis.get("contract:a")),
                        String.valueOf(jedis.get("contract:missing")), jedis.incr("contract:a"),
                        jedis.rpush("contract:list", "x", "y"), jedis.del("contract:a", "contract:list"));
            }
        });
        cases.put("jedis/wrong-type", () -> {
            try (Jedis jedis = new Jedis(REDIS_HOST, REDIS_PORT)) {
                jedis.select(5);
                jedis.set("contract:s", "text");
                return jedis.lpush("contract:s", "x");
            }
        });
        cases.put("jedis/pipeline-returns", () -> {
            try (Jedis jedis = new Jedis(REDIS_HOST, REDIS_PORT)) {
                jedis.select(5);
                jedis.del("contract:p");
                Pipeline p = jedis.pipelined();
                Response<String> set = p.set("contract:p", "1");
                Response<Long> incr = p.incr("contract:p");
                Response<String> missing = p.get("contract:missing");
                List<Object> all = p.syncAndReturnAll();
                return List.of(set.get(), incr.get(), String.valueOf(missing.get()), all.toString());
            }
        });
        cases.put("jedis/pipeline-not-a-number", () -> {
            try (Jedis jedis = new Jedis(REDIS_HOST, REDIS_PORT)) {
                jedis.select(5);
                Pipeline p = jedis.pipelined();
                p.set("contract:text", "text");
                Response<Long> incr = p.incr("contract:text");
                p.sync();
                return incr.get();
            }
        });
        cases.put("jedis/transaction-returns", () -> {
            try (Jedis jedis = new Jedis(REDIS_HOST, REDIS_PORT)) {
                jedis.select(5);
                Transaction t = jedis.multi();
                t.set("contract:t1", "1");
                t.set("contract:text", "text");
                t.incr("contract:t1");
                t.incr("contract:text"); // fails inside EXEC; the others still run
                t.del("contract:t1");
                return t.exec().toString();
            }
        });
        cases.put("redisson/returns", () -> redisson(redis -> {
            RBucket<String> bucket = redis.getBucket("contract:r", StringCodec.INSTANCE);
            RMap<String, String> map = redis.getMap("contract:rm", StringCodec.INSTANCE);
            bucket.delete();
            map.delete();
            List<Object> seen = new ArrayList<>();
            seen.add(bucket.get());
            bucket.set("1");
            seen.add(bucket.get());
            seen.add(bucket.getAndDelete());
            seen.add(map.put("f", "1"));
            seen.add(map.put("f", "2"));
            seen.add(map.getAsync("f").toCompletableFuture().join());
            seen.add(redis.reactive().<String, String>getMap("contract:rm", StringCodec.INSTANCE).get("g").block());
            seen.add(map.delete());
            return seen;
        }));
        cases.put("redisson/wrong-type", () -> redisson(redis -> {
            redis.getBucket("contract:rs", StringCodec.INSTANCE).set("text");
            return redis.getMap("contract:rs", StringCodec.INSTANCE).get("f");
        }));
        cases.put("lettuce/returns", () -> lettuce(redis -> {
            redis.del("contract:b");
            return List.of(redis.set("contract:b", "1"), String.valueOf(redis.get("contract:b")),
                    String.valueOf(redis.get("contract:missing")), redis.incr("contract:b"), redis.del("contract:b"));
        }));
        cases.put("lettuce/wrong-type", () -> lettuce(redis -> {
            redis.set("contract:t", "text");
            return redis.lpush("contract:t", "x");
        }));
        return cases;
    }

    private static Cache<String, String> plain(JCacheProvider provider) {
        return cache(provider, "contract-plain", new MutableConfiguration<String, String>().setTypes(String.class, String.class));
    }

    private static Cache<String, String> readThrough(JCacheProvider provider) {
        return cache(provider, "contract-read-through", new MutableConfiguration<String, String>()
                .setTypes(String.class, String.class).setReadThrough(true)
                .setCacheLoaderFactory(FactoryBuilder.factoryOf(FailingLoader.class)));
    }

    private static synchronized Cache<String, String> cache(JCacheProvider provider, String name,
            MutableConfiguration<String, String> configuration) {
        CacheManager manager = Caching.getCachingProvider(provider.className()).getCacheManager();
        Cache<String, String> cache = manager.getCache(name, String.class, String.class);
        return cache != null ? cache : manager.createCache(name, configuration);
    }

    /** A read-through loader whose backing store is down. */
    public static final class FailingLoader implements CacheLoader<String, String>, java.io.Serializable {
        @Override
        public String load(String key) {
            throw new IllegalStateException("stock service down for " + key);
        }

        @Override
        public Map<String, String> loadAll(Iterable<? extends String> keys) {
            throw new IllegalStateException("stock service down");
        }
    }

    private interface RedisWork {
        Object run(io.lettuce.core.api.sync.RedisCommands<String, String> redis);
    }

    private interface RedissonWork {
        Object run(RedissonClient redis);
    }

    /** A Redisson client of its own on database 5, shut down after the case. */
    private static Object redisson(RedissonWork work) {
        RedissonClient client = RedissonWorkloadServlet.connect(5);
        try {
            return work.run(client);
        } finally {
            client.shutdown();
        }
    }

    private static Object lettuce(RedisWork work) {
        RedisClient client = RedisClient.create("redis://" + REDIS_HOST + ":" + REDIS_PORT + "/5");
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            return work.run(connection.sync());
        } finally {
            client.shutdown();
        }
    }
}
