package io.monitoring.testapp.cache;

import io.monitoring.testapp.servlets.Text;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.redisson.Redisson;
import org.redisson.api.RBucket;
import org.redisson.api.RBucketReactive;
import org.redisson.api.RFuture;
import org.redisson.api.RMap;
import org.redisson.api.RMapReactive;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.Config;
import reactor.core.publisher.Mono;

/**
 * Mapped to {@code /redisson/workload?api=sync|async|reactive&round=N}: the same nine calls through one of
 * Redisson's APIs against Redis at 127.0.0.1:6379 ({@code -Dredis.host}/{@code -Dredis.port}), each API through its
 * own client on its own database so its cache name differs: sync db 6, async db 7, reactive db 8 (the reactive API
 * of its client, each {@code Mono} blocked on in turn). Calls, with b the round's bucket and m its map, and the
 * command each sends: {@code b.delete()} DEL, {@code b.get()} GET (miss), {@code b.set("v")} SET, {@code b.get()}
 * GET (hit), {@code m.fastPut("f", "v")} HSET, {@code m.get("f")} HGET (hit), {@code m.get("g")} HGET (miss),
 * {@code m.put("f", "v2")} a Lua script (EVAL), {@code keys.delete(b, m)} DEL (2: nothing is left). Clients are
 * created at the first request for them (one connection each) and kept. 503 when Redis is unreachable.
 */
public class RedissonWorkloadServlet extends HttpServlet {
    private static final String HOST = System.getProperty("redis.host", "127.0.0.1");
    private static final int PORT = Integer.getInteger("redis.port", 6379);

    private RedissonClient sync;
    private RedissonClient async;
    private RedissonClient reactive;

    @Override
    protected synchronized void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String api = req.getParameter("api");
        String s = Round.suffix(req.getParameter("round"));
        if (s == null || api == null) {
            Text.write(resp, HttpServletResponse.SC_BAD_REQUEST, "api and round are required");
            return;
        }
        String b = "mon:redisson-" + api + ":b" + s;
        String m = "mon:redisson-" + api + ":m" + s;
        List<Object> results = new ArrayList<>();
        try {
            switch (api) {
                case "sync" -> {
                    sync = sync != null ? sync : connect(6);
                    RBucket<String> bucket = sync.getBucket(b, StringCodec.INSTANCE);
                    RMap<String, String> map = sync.getMap(m, StringCodec.INSTANCE);
                    results.add(bucket.delete());
                    results.add(bucket.get());
                    bucket.set("v");
                    results.add("set");
                    results.add(bucket.get());
                    results.add(map.fastPut("f", "v"));
                    results.add(map.get("f"));
                    results.add(map.get("g"));
                    results.add(map.put("f", "v2"));
                    results.add(sync.getKeys().delete(b, m));
                }
                case "async" -> {
                    async = async != null ? async : connect(7);
                    RBucket<String> bucket = async.getBucket(b, StringCodec.INSTANCE);
                    RMap<String, String> map = async.getMap(m, StringCodec.INSTANCE);
                    results.add(await(bucket.deleteAsync()));
                    results.add(await(bucket.getAsync()));
                    await(bucket.setAsync("v"));
                    results.add("set");
                    results.add(await(bucket.getAsync()));
                    results.add(await(map.fastPutAsync("f", "v")));
                    results.add(await(map.getAsync("f")));
                    results.add(await(map.getAsync("g")));
                    results.add(await(map.putAsync("f", "v2")));
                    results.add(await(async.getKeys().deleteAsync(b, m)));
                }
                case "reactive" -> {
                    reactive = reactive != null ? reactive : connect(8);
                    RBucketReactive<String> bucket = reactive.reactive().getBucket(b, StringCodec.INSTANCE);
                    RMapReactive<String, String> map = reactive.reactive().getMap(m, StringCodec.INSTANCE);
                    results.add(block(bucket.delete()));
                    results.add(block(bucket.get()));
                    block(bucket.set("v"));
                    results.add("set");
                    results.add(block(bucket.get()));
                    results.add(block(map.fastPut("f", "v")));
                    results.add(block(map.get("f")));
                    results.add(block(map.get("g")));
                    results.add(block(map.put("f", "v2")));
                    results.add(block(reactive.reactive().getKeys().delete(b, m)));
                }
                default -> {
                    Text.write(resp, HttpServletResponse.SC_BAD_REQUEST, "unknown api " + api);
                    return;
                }
            }
        } catch (Exception e) {
            Text.write(resp, HttpServletResponse.SC_SERVICE_UNAVAILABLE, "redis: " + e);
            return;
        }
        StringBuilder out = new StringBuilder();
        for (Object result : results) {
            out.append(result).append('\n');
        }
        Text.write(resp, HttpServletResponse.SC_OK, out.toString());
    }

    private static <T> T await(RFuture<T> command) throws Exception {
        return command.toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    private static <T> T block(Mono<T> command) {
        return command.block(java.time.Duration.ofSeconds(5));
    }

    /** A client of one connection (and one for subscriptions) on {@code database}. */
    static RedissonClient connect(int database) {
        Config config = new Config();
        config.useSingleServer().setAddress("redis://" + HOST + ":" + PORT).setDatabase(database)
                .setConnectionMinimumIdleSize(1).setConnectionPoolSize(1)
                .setSubscriptionConnectionMinimumIdleSize(1).setSubscriptionConnectionPoolSize(1);
        return Redisson.create(config);
    }
}
