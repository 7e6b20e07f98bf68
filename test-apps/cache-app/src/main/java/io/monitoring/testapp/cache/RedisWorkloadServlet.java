package io.monitoring.testapp.cache;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import io.monitoring.testapp.servlets.Text;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPooled;

/**
 * Mapped to {@code /redis/workload?client=jedis|jedis-pooled|lettuce|lettuce-async&round=N}: the same
 * nine commands through one client against Redis at 127.0.0.1:6379 (host/port overridable with
 * {@code -Dredis.host}/{@code -Dredis.port}), each client on its own database so its cache name differs:
 * jedis db 1 (selected with {@code Jedis.select}), jedis-pooled db 2 (client configuration), lettuce db 3
 * and lettuce-async db 4 (in the URI). Commands, with k1, k2, h the round's keys: DEL k1 k2 h, GET k1
 * (miss), SET k1, GET k1 (hit), MGET k1 k2 (one hit, one miss), HSET h f, HGET h f (hit), HGET h g (miss),
 * DEL h. Clients are created at the first request for them and kept. 503 when Redis is unreachable.
 */
public class RedisWorkloadServlet extends HttpServlet {
    private static final String HOST = System.getProperty("redis.host", "127.0.0.1");
    private static final int PORT = Integer.getInteger("redis.port", 6379);

    private Jedis jedis;
    private JedisPooled pooled;
    private RedisCommands<String, String> lettuce;
    private RedisAsyncCommands<String, String> lettuceAsync;

    @Override
    protected synchronized void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String client = req.getParameter("client");
        String s = Round.suffix(req.getParameter("round"));
        if (s == null || client == null) {
            Text.write(resp, HttpServletResponse.SC_BAD_REQUEST, "client and round are required");
            return;
        }
        String k1 = "mon:" + client + ":k1" + s;
        String k2 = "mon:" + client + ":k2" + s;
        String h = "mon:" + client + ":h" + s;
        StringBuilder out = new StringBuilder();
        try {
            switch (client) {
                case "jedis" -> {
                    if (jedis == null) {
                        jedis = new Jedis(HOST, PORT);
                        jedis.select(1);
                    }
                    out.append("del=").append(jedis.del(k1, k2, h)).append('\n');
                    out.append("get=").append(jedis.get(k1)).append('\n');
                    out.append("set=").append(jedis.set(k1, "v")).append('\n');
                    out.append("get=").append(jedis.get(k1)).append('\n');
                    out.append("mget=").append(jedis.mget(k1, k2)).append('\n');
                    out.append("hset=").append(jedis.hset(h, "f", "v")).append('\n');
                    out.append("hget=").append(jedis.hget(h, "f")).append('\n');
                    out.append("hget=").append(jedis.hget(h, "g")).append('\n');
                    out.append("del=").append(jedis.del(h)).append('\n');
                }
                case "jedis-pooled" -> {
                    if (pooled == null) {
                        pooled = new JedisPooled(new HostAndPort(HOST, PORT), DefaultJedisClientConfig.builder().database(2).build());
                    }
                    out.append("del=").append(pooled.del(k1, k2, h)).append('\n');
                    out.append("get=").append(pooled.get(k1)).append('\n');
                    out.append("set=").append(pooled.set(k1, "v")).append('\n');
                    out.append("get=").append(pooled.get(k1)).append('\n');
                    out.append("mget=").append(pooled.mget(k1, k2)).append('\n');
                    out.append("hset=").append(pooled.hset(h, "f", "v")).append('\n');
                    out.append("hget=").append(pooled.hget(h, "f")).append('\n');
                    out.append("hget=").append(pooled.hget(h, "g")).append('\n');
                    out.append("del=").append(pooled.del(h)).append('\n');
                }
                case "lettuce" -> {
                    if (lettuce == null) {
                        lettuce = connect(3).sync();
                    }
                    out.append("del=").append(lettuce.del(k1, k2, h)).append('\n');
                    out.append("get=").append(lettuce.get(k1)).append('\n');
                    out.append("set=").append(lettuce.set(k1, "v")).append('\n');
                    out.append("get=").append(lettuce.get(k1)).append('\n');
                    out.append("mget=").append(lettuce.mget(k1, k2)).append('\n');
                    out.append("hset=").append(lettuce.hset(h, "f", "v")).append('\n');
                    out.append("hget=").append(lettuce.hget(h, "f")).append('\n');
                    out.append("hget=").append(lettuce.hget(h, "g")).append('\n');
                    out.append("del=").append(lettuce.del(h)).append('\n');
                }
                case "lettuce-async" -> {
                    if (lettuceAsync == null) {
                        lettuceAsync = connect(4).async();
                    }
                    RedisAsyncCommands<String, String> a = lettuceAsync;
                    out.append("del=").append(a.del(k1, k2, h).get(5, TimeUnit.SECONDS)).append('\n');
                    out.append("get=").append(a.get(k1).get(5, TimeUnit.SECONDS)).append('\n');
                    out.append("set=").append(a.set(k1, "v").get(5, TimeUnit.SECONDS)).append('\n');
                    out.append("get=").append(a.get(k1).get(5, TimeUnit.SECONDS)).append('\n');
                    out.append("mget=").append(a.mget(k1, k2).get(5, TimeUnit.SECONDS)).append('\n');
                    out.append("hset=").append(a.hset(h, "f", "v").get(5, TimeUnit.SECONDS)).append('\n');
                    out.append("hget=").append(a.hget(h, "f").get(5, TimeUnit.SECONDS)).append('\n');
                    out.append("hget=").append(a.hget(h, "g").get(5, TimeUnit.SECONDS)).append('\n');
                    out.append("del=").append(a.del(h).get(5, TimeUnit.SECONDS)).append('\n');
                }
                default -> {
                    Text.write(resp, HttpServletResponse.SC_BAD_REQUEST, "unknown client " + client);
                    return;
                }
            }
        } catch (Exception e) {
            Text.write(resp, HttpServletResponse.SC_SERVICE_UNAVAILABLE, "redis: " + e);
            return;
        }
        Text.write(resp, HttpServletResponse.SC_OK, out.toString());
    }

    private static StatefulRedisConnection<String, String> connect(int database) {
        return RedisClient.create("redis://" + HOST + ":" + PORT + "/" + database).connect();
    }
}
