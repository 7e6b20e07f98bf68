package io.monitoring.testapp.cache;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisAdvancedClusterAsyncCommands;
import io.lettuce.core.cluster.api.reactive.RedisAdvancedClusterReactiveCommands;
import io.lettuce.core.cluster.api.sync.RedisAdvancedClusterCommands;
import io.monitoring.testapp.outcome.Outcome;
import io.monitoring.testapp.servlets.Text;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Redis cluster through Lettuce's {@code RedisClusterClient}, one {@code StatefulRedisClusterConnection} used
 * through its sync, async and reactive APIs. Mapped to {@code /redis-cluster/*}:
 * <ul>
 *   <li>{@code connect?seed=host:port}: connects to the cluster (once; later seeds are ignored). Every other
 *       endpoint answers 409 before.</li>
 *   <li>{@code workload?api=sync|async|reactive&round=N}: for each hash tag of {@link #TAGS} (their slots 3300,
 *       7365 and 15495 lie in the first, second and last third of the slots, so each is on its own node of a
 *       cluster that {@code redis-cli --cluster create} split evenly), with k1, k2, h the tag's keys: DEL k1 k2 h,
 *       GET k1 (miss), SET k1, GET k1 (hit), MGET k1 k2 (one hit, one miss), HSET h f, HGET h f (hit), HGET h g
 *       (miss), DEL h; then MGET of the three tags' k1 (Lettuce sends one MGET per slot: a hit on each node); then
 *       PING (no key: sent on the connection's default node). 31 commands.</li>
 *   <li>{@code read?tag=T&round=N}: one sync GET of a key of tag T that is never written (a miss): for a test that
 *       moves the tag's slot to another node after the client learned the topology (a MOVED or ASK redirect).</li>
 * </ul>
 * Keys are {@code mon:cluster:{tag}:<name>-<api>-N}. 503 when the cluster is unreachable.
 */
public class RedisClusterServlet extends HttpServlet {
    static final List<String> TAGS = List.of("b", "c", "a");

    private static RedisClusterClient client;
    private static StatefulRedisClusterConnection<String, String> connection;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String path = req.getPathInfo() == null ? "" : req.getPathInfo();
        try {
            if (path.equals("/connect")) {
                connect(req.getParameter("seed"));
                Text.write(resp, HttpServletResponse.SC_OK, "connected\n");
                return;
            }
            if (connection() == null) {
                Text.write(resp, HttpServletResponse.SC_CONFLICT, "connect first\n");
                return;
            }
            String s = Round.suffix(req.getParameter("round"));
            String api = req.getParameter("api");
            if (path.equals("/read") && s != null && req.getParameter("tag") != null) {
                String key = "mon:cluster:{" + req.getParameter("tag") + "}:r" + s;
                Text.write(resp, HttpServletResponse.SC_OK, "get=" + connection().sync().get(key) + "\n");
            } else if (path.equals("/workload") && s != null && api != null) {
                Text.write(resp, HttpServletResponse.SC_OK, workload(api, "-" + api + s));
            } else {
                Text.write(resp, HttpServletResponse.SC_BAD_REQUEST, "connect, workload?api=&round= or read?tag=&round=\n");
            }
        } catch (Exception e) {
            Text.write(resp, HttpServletResponse.SC_SERVICE_UNAVAILABLE, "redis cluster: " + e);
        }
    }

    private static String workload(String api, String s) throws Exception {
        StringBuilder out = new StringBuilder();
        List<String> firstKeys = new ArrayList<>();
        for (String tag : TAGS) {
            String k1 = "mon:cluster:{" + tag + "}:k1" + s;
            String k2 = "mon:cluster:{" + tag + "}:k2" + s;
            String h = "mon:cluster:{" + tag + "}:h" + s;
            firstKeys.add(k1);
            out.append(tag).append(' ').append(switch (api) {
                case "sync" -> nineCommands(connection().sync(), k1, k2, h);
                case "async" -> nineCommands(connection().async(), k1, k2, h);
                case "reactive" -> nineCommands(connection().reactive(), k1, k2, h);
                default -> throw new IllegalArgumentException("api " + api);
            }).append('\n');
        }
        String[] keys = firstKeys.toArray(new String[0]);
        Object crossSlot = switch (api) {
            case "sync" -> List.of(connection().sync().mget(keys), connection().sync().ping());
            case "async" -> List.of(await(connection().async().mget(keys)), await(connection().async().ping()));
            default -> List.of(connection().reactive().mget(keys).collectList().block(), connection().reactive().ping().block());
        };
        return out.append("mget ping ").append(crossSlot).append('\n').toString();
    }

    private static List<Object> nineCommands(RedisAdvancedClusterCommands<String, String> r, String k1, String k2, String h) {
        return Arrays.asList(r.del(k1, k2, h), r.get(k1), r.set(k1, "v"), r.get(k1), r.mget(k1, k2), r.hset(h, "f", "v"),
                r.hget(h, "f"), r.hget(h, "g"), r.del(h));
    }

    private static List<Object> nineCommands(RedisAdvancedClusterAsyncCommands<String, String> a, String k1, String k2,
            String h) throws Exception {
        return Arrays.asList(await(a.del(k1, k2, h)), await(a.get(k1)), await(a.set(k1, "v")), await(a.get(k1)),
                await(a.mget(k1, k2)), await(a.hset(h, "f", "v")), await(a.hget(h, "f")), await(a.hget(h, "g")),
                await(a.del(h)));
    }

    private static List<Object> nineCommands(RedisAdvancedClusterReactiveCommands<String, String> r, String k1, String k2,
            String h) {
        return Arrays.asList(r.del(k1, k2, h).block(), r.get(k1).block(), r.set(k1, "v").block(), r.get(k1).block(),
                r.mget(k1, k2).collectList().block(), r.hset(h, "f", "v").block(), r.hget(h, "f").block(),
                r.hget(h, "g").block(), r.del(h).block());
    }

    private static Object await(RedisFuture<?> command) throws Exception {
        return command.get(5, TimeUnit.SECONDS);
    }

    private static synchronized void connect(String seed) {
        if (connection == null) {
            client = RedisClusterClient.create("redis://" + seed);
            connection = client.connect();
        }
    }

    private static synchronized StatefulRedisClusterConnection<String, String> connection() {
        return connection;
    }

    /**
     * The cases of {@code /redis-cluster/contract/<case>} (after {@code connect}): values through each API, a
     * cross-slot MGET, and a WRONGTYPE error from the node of its key through each API.
     */
    static Map<String, Outcome.Call> contractCases() {
        Map<String, Outcome.Call> cases = new LinkedHashMap<>();
        cases.put("sync/returns", () -> {
            RedisAdvancedClusterCommands<String, String> r = connection().sync();
            r.del("contract:{b}:x", "contract:{a}:x");
            return List.of(r.set("contract:{b}:x", "1"), String.valueOf(r.get("contract:{a}:x")),
                    r.mget("contract:{b}:x", "contract:{a}:x", "contract:{c}:x").toString(), r.incr("contract:{b}:x"),
                    r.del("contract:{b}:x"));
        });
        cases.put("sync/wrong-type", () -> {
            connection().sync().set("contract:{c}:t", "text");
            return connection().sync().lpush("contract:{c}:t", "x");
        });
        cases.put("async/wrong-type", () -> connection().async().lpush("contract:{c}:t", "x").get(5, TimeUnit.SECONDS));
        cases.put("reactive/returns", () -> String.valueOf(connection().reactive().get("contract:{a}:missing").block()));
        cases.put("reactive/wrong-type", () -> connection().reactive().lpush("contract:{c}:t", "x").block());
        return cases;
    }
}
