package io.monitoring.testapp.cache;

import io.monitoring.testapp.servlets.Text;
import java.io.IOException;
import java.util.List;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.Transaction;

/**
 * Mapped to {@code /redis/batch?kind=pipeline|transaction|discard&round=N}: one Jedis pipeline or transaction against
 * Redis at 127.0.0.1:6379, on its own connection and database (pipeline db 9, transaction db 10, discard db 11, from
 * the client configuration). With a, b, c the round's keys and x a key never set:
 * <ul>
 *   <li>pipeline: SET a, SET b, SET c, GET a (hit), GET x (miss), then {@code sync()}; closing the pipeline syncs
 *       again, with nothing queued;</li>
 *   <li>transaction: MULTI, SET a, GET a (hit), GET x (miss), DEL a, then {@code exec()};</li>
 *   <li>discard: MULTI, SET a, GET a, then {@code discard()} (nothing runs; the answer is DISCARD's OK).</li>
 * </ul>
 * The answer has one line per reply. Connections are made at the first request and kept. 503 when Redis is
 * unreachable.
 */
public class JedisBatchServlet extends HttpServlet {
    private static final String HOST = System.getProperty("redis.host", "127.0.0.1");
    private static final int PORT = Integer.getInteger("redis.port", 6379);

    private Jedis pipelined;
    private Jedis transactional;
    private Jedis discarding;

    @Override
    protected synchronized void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String kind = req.getParameter("kind");
        String s = Round.suffix(req.getParameter("round"));
        if (s == null || kind == null) {
            Text.write(resp, HttpServletResponse.SC_BAD_REQUEST, "kind and round are required");
            return;
        }
        String a = "mon:batch-" + kind + ":a" + s;
        String b = "mon:batch-" + kind + ":b" + s;
        String c = "mon:batch-" + kind + ":c" + s;
        String x = "mon:batch-" + kind + ":x" + s;
        List<?> replies;
        try {
            switch (kind) {
                case "pipeline" -> {
                    pipelined = pipelined != null ? pipelined : connect(9);
                    try (Pipeline p = pipelined.pipelined()) {
                        List<Response<String>> queued = List.of(p.set(a, "1"), p.set(b, "2"), p.set(c, "3"), p.get(a), p.get(x));
                        p.sync();
                        replies = queued.stream().map(r -> String.valueOf(r.get())).toList();
                    }
                }
                case "transaction" -> {
                    transactional = transactional != null ? transactional : connect(10);
                    try (Transaction t = transactional.multi()) {
                        t.set(a, "1");
                        t.get(a);
                        t.get(x);
                        t.del(a);
                        replies = t.exec();
                    }
                }
                case "discard" -> {
                    discarding = discarding != null ? discarding : connect(11);
                    try (Transaction t = discarding.multi()) {
                        t.set(a, "1");
                        t.get(a);
                        replies = List.of(t.discard());
                    }
                }
                default -> {
                    Text.write(resp, HttpServletResponse.SC_BAD_REQUEST, "unknown kind " + kind);
                    return;
                }
            }
        } catch (Exception e) {
            Text.write(resp, HttpServletResponse.SC_SERVICE_UNAVAILABLE, "redis: " + e);
            return;
        }
        StringBuilder out = new StringBuilder();
        for (Object reply : replies) {
            out.append(reply).append('\n');
        }
        Text.write(resp, HttpServletResponse.SC_OK, out.toString());
    }

    private static Jedis connect(int database) {
        return new Jedis(new HostAndPort(HOST, PORT), DefaultJedisClientConfig.builder().database(database).build());
    }
}
