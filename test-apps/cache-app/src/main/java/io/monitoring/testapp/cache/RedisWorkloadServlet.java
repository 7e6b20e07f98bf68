package io.monitoring.testapp.cache;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import io.monitoring.testapp.servlets.Text;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.commands.JedisCommands;

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

    /** The nine commands in the order every client sends them; the answer has a line {@code <command>=<result>} each. */
    private static final List<String> COMMANDS =
            List.of("del", "get", "set", "get", "mget", "hset", "hget", "hget", "del");

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
        List<Object> results;
        try {
            switch (client) {
                case "jedis" -> {
                    if (jedis == null) {
                        jedis = new Jedis(HOST, PORT);
                        jedis.select(1);
                    }
                    results = nineCommands(jedis, k1, k2, h);
                }
                case "jedis-pooled" -> {
                    if (pooled == null) {
                        pooled = new JedisPooled(new HostAndPort(HOST, PORT), DefaultJedisClientConfig.builder().database(2).build());
                    }
                    results = nineCommands(pooled, k1, k2, h);
                }
                case "lettuce" -> {
                    if (lettuce == null) {
                        lettuce = connect(3).sync();
                    }
                    results = Arrays.asList(lettuce.del(k1, k2, h), lettuce.get(k1), lettuce.set(k1, "v"),
                            lettuce.get(k1), lettuce.mget(k1, k2), lettuce.hset(h, "f", "v"), lettuce.hget(h, "f"),
                            lettuce.hget(h, "g"), lettuce.del(h));
                }
                case "lettuce-async" -> {
                    if (lettuceAsync == null) {
                        lettuceAsync = connect(4).async();
                    }
                    RedisAsyncCommands<String, String> a = lettuceAsync;
                    results = Arrays.asList(await(a.del(k1, k2, h)), await(a.get(k1)), await(a.set(k1, "v")),
                            await(a.get(k1)), await(a.mget(k1, k2)), await(a.hset(h, "f", "v")), await(a.hget(h, "f")),
                            await(a.hget(h, "g")), await(a.del(h)));
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
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < COMMANDS.size(); i++) {
            out.append(COMMANDS.get(i)).append('=').append(results.get(i)).append('\n');
        }
        Text.write(resp, HttpServletResponse.SC_OK, out.toString());
    }

    /**
     * Jedis and JedisPooled alike. Arguments are evaluated, so the commands sent, from left to right; Arrays.asList,
     * as a miss is null.
     */
    private static List<Object> nineCommands(JedisCommands commands, String k1, String k2, String h) {
        return Arrays.asList(commands.del(k1, k2, h), commands.get(k1), commands.set(k1, "v"), commands.get(k1),
                commands.mget(k1, k2), commands.hset(h, "f", "v"), commands.hget(h, "f"), commands.hget(h, "g"),
                commands.del(h));
    }

    private static Object await(RedisFuture<?> command) throws Exception {
        return command.get(5, TimeUnit.SECONDS);
    }

    private static StatefulRedisConnection<String, String> connect(int database) {
        return RedisClient.create("redis://" + HOST + ":" + PORT + "/" + database).connect();
    }
}
