package io.monitoring.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.monitoring.it.support.AgentApp;
import io.monitoring.it.support.Http;
import io.monitoring.it.support.Jdks;
import io.monitoring.it.support.OtlpReceiver;
import io.monitoring.it.support.OtlpReceiver.ReceivedSpan;
import io.monitoring.it.support.Poll;
import io.monitoring.it.support.PrometheusScrape;
import io.monitoring.it.support.RedisCluster;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Lettuce's cluster client ({@code RedisClusterClient}, one {@code StatefulRedisClusterConnection} through its
 * sync, async and reactive APIs) against a three-node Redis cluster this class starts ({@link RedisCluster}; skipped
 * without {@code redis-server}, a failure under CI=true). A cluster command is measured like a standalone one
 * ({@code cache_operations_total{system="redis"}}, hits and misses for reads, a CLIENT span per command) and is
 * described by the node that served it: {@code cache_name} is that node's {@code host:port/0}, the span's
 * {@code server.address}/{@code server.port} its address. The cache-app's workload
 * ({@code /cache/redis-cluster/workload}, its Javadoc lists it) sends nine commands to each node by hash tag, a
 * cross-slot MGET (one MGET per node, as Lettuce sends it) and a PING (no key: the connection's default node).
 */
class RedisClusterIT {
    private static final List<String> APIS = List.of("sync", "async", "reactive");
    /** The workload's hash tags, each on its own node (their slots are in the three thirds of the slot range). */
    private static final List<String> TAGS = List.of("b", "c", "a");
    private static final Duration WAIT = Duration.ofSeconds(20);

    private static RedisCluster cluster;

    @BeforeAll
    static void startCluster() {
        cluster = RedisCluster.startOrSkip();
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    static Stream<String> jdks() {
        Jdks.Jdk current = Jdks.current();
        return current.featureVersion() == 25 ? Stream.of(current.name()) : Stream.of(current.name(), "jdk25");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void everyCommandIsCountedAndTracedOnTheNodeThatServedIt(String which) {
        Jdks.Jdk jdk = which.equals(Jdks.current().name()) ? Jdks.current() : Jdks.requireJdk25OrSkip();
        List<Integer> nodes = TAGS.stream().map(tag -> cluster.portServing(RedisCluster.slot("{" + tag + "}"))).toList();
        assertEquals(3, nodes.stream().distinct().count(), () -> "one tag on each node: " + nodes);
        try (OtlpReceiver receiver = OtlpReceiver.start();
             AgentApp app = AgentApp.start("cache-app", jdk, receiver, "--port", "")) {
            get(app, "/cache/redis-cluster/connect?seed=" + cluster.seed());
            for (String api : APIS) {
                get(app, "/cache/redis-cluster/workload?round=1&api=" + api);
            }

            PrometheusScrape scrape = Poll.until(app::scrape, m -> counts(m).equals(expected(nodes, defaultNode(m))), WAIT,
                    "every command counted on its node (Lettuce completes them on its I/O threads)");
            int pingNode = defaultNode(scrape);
            assertTrue(nodes.contains(pingNode), scrape::raw);
            assertEquals(expected(nodes, pingNode), counts(scrape), scrape::raw);
            for (int port : nodes) {
                assertEquals(3 * 2.0, scrape.value("cache_operation_duration_seconds_count", Map.of("system", "redis",
                        "cache_name", "127.0.0.1:" + port + "/0", "operation", "mget")), "reactive MGETs are timed");
            }

            Map<String, Long> perRequest = new TreeMap<>();
            for (int port : nodes) {
                Map.of("DEL", 2L, "GET", 2L, "SET", 1L, "MGET", 2L, "HSET", 1L, "HGET", 2L)
                        .forEach((command, n) -> perRequest.put(command + " " + port, n));
            }
            perRequest.put("PING " + pingNode, 1L);
            List<ReceivedSpan> requests = receiver.awaitSpans(s -> s.kind().equals("SERVER")
                    && String.valueOf(s.attribute("url.path")).endsWith("/redis-cluster/workload"), APIS.size(), WAIT);
            for (ReceivedSpan request : requests) {
                List<ReceivedSpan> commands = receiver.awaitSpans(s -> s.parentSpanId().equals(request.spanId()), 31, WAIT);
                assertEquals(perRequest, commands.stream().collect(Collectors.groupingBy(
                        c -> c.name() + " " + c.attribute("server.port"), TreeMap::new, Collectors.counting())));
                for (ReceivedSpan command : commands) {
                    assertEquals("CLIENT", command.kind());
                    assertEquals(request.traceId(), command.traceId());
                    assertEquals("redis", command.attribute("db.system.name"));
                    assertEquals(command.name(), command.attribute("db.operation.name"));
                    assertEquals("0", command.attribute("db.namespace"));
                    assertEquals("127.0.0.1", command.attribute("server.address"));
                    assertFalse(command.attributes().toString().contains("mon:"), () -> "no key reaches a span: " + command);
                }
            }
        }
    }

    /**
     * The client's topology is left stale on purpose (Lettuce refreshes it only when told to): a slot is moved to
     * another node after the client connected. Its old owner answers MOVED, or ASK while the slot is migrating, and
     * Lettuce writes the command again to the node named in the reply. The command is one operation, counted and
     * traced once, with the node that answered it (its duration spans both round trips); the first node, which only
     * redirected, is not counted. Lettuce's ASKING before the retried command is part of it, not a command of its own.
     */
    @Test
    void aRedirectedCommandIsReportedOnceWithTheNodeThatAnsweredIt() {
        try (OtlpReceiver receiver = OtlpReceiver.start();
             AgentApp app = AgentApp.start("cache-app", Jdks.current(), receiver, "--port", "")) {
            get(app, "/cache/redis-cluster/connect?seed=" + cluster.seed());

            int movedSlot = RedisCluster.slot("{moved}");
            int movedFrom = cluster.portServing(movedSlot);
            int movedTo = next(movedFrom);
            cluster.startMoving(movedSlot, movedTo);
            cluster.finishMoving(movedSlot, movedTo);
            assertEquals("get=null\n", get(app, "/cache/redis-cluster/read?round=1&tag=moved"));
            assertEquals(List.of((long) movedTo), readServedBy(receiver), "MOVED: served by the slot's new owner");

            int askedSlot = RedisCluster.slot("{asked}");
            int askedFrom = cluster.portServing(askedSlot);
            int askedTo = next(askedFrom);
            cluster.startMoving(askedSlot, askedTo);
            try {
                assertEquals("get=null\n", get(app, "/cache/redis-cluster/read?round=1&tag=asked"));
            } finally {
                cluster.finishMoving(askedSlot, askedTo);
            }
            assertEquals(List.of((long) askedTo), readServedBy(receiver), "ASK: served by the importing node");

            Map<String, Double> expected = new TreeMap<>();
            expected.merge("127.0.0.1:" + movedTo + "/0 get miss", 1.0, Double::sum);
            expected.merge("127.0.0.1:" + askedTo + "/0 get miss", 1.0, Double::sum);
            assertNotEquals(movedFrom, movedTo);
            PrometheusScrape scrape = Poll.until(app::scrape, m -> reads(m).equals(expected), WAIT,
                    "both reads counted, each on the node that answered it");
            assertEquals(expected, reads(scrape), scrape::raw);
        }
    }

    @Test
    void measuresNoClusterCommandWhenLettuceInstrumentationIsOff() {
        try (AgentApp app = AgentApp.start("cache-app", Jdks.current(), null, "--port", "instrumentation.lettuce.enabled=false")) {
            get(app, "/cache/redis-cluster/connect?seed=" + cluster.seed());
            for (String api : APIS) {
                get(app, "/cache/redis-cluster/workload?round=2&api=" + api);
            }
            PrometheusScrape scrape = app.scrape();
            assertEquals(Map.of(), counts(scrape), scrape::raw);
            assertEquals(0.0, scrape.value("monitoring_agent_errors_total"), scrape::raw);
        }
    }

    /**
     * Per node: the nine commands of each API; its part of each cross-slot MGET (a hit). The reactive API's MGETs
     * are timed but have no hit or miss: Lettuce streams their values to the subscriber, the agent sees no list.
     * What connecting sent: CLIENT SETNAME on each node (the topology refresh's connections name themselves),
     * CLUSTER MYID on the default node (the cluster connection's own channel), where the three PINGs go as well.
     */
    private static Map<String, Double> expected(List<Integer> nodes, int defaultNode) {
        Map<String, Double> expected = new TreeMap<>();
        for (int port : nodes) {
            String node = "127.0.0.1:" + port + "/0";
            expected.put(node + " del success", 3 * 2.0);
            expected.put(node + " get miss", 3 * 1.0);
            expected.put(node + " set success", 3 * 1.0);
            expected.put(node + " get hit", 3 * 1.0);
            expected.put(node + " mget hit", 2 * 2.0);
            expected.put(node + " mget miss", 2 * 1.0);
            expected.put(node + " hset success", 3 * 1.0);
            expected.put(node + " hget hit", 3 * 1.0);
            expected.put(node + " hget miss", 3 * 1.0);
            expected.put(node + " client success", 1.0);
        }
        expected.put("127.0.0.1:" + defaultNode + "/0 cluster success", 1.0);
        expected.put("127.0.0.1:" + defaultNode + "/0 ping success", 3.0);
        return expected;
    }

    /** The port of the node the PINGs went to, or -1 before they are counted. */
    private static int defaultNode(PrometheusScrape scrape) {
        return counts(scrape).keySet().stream().filter(k -> k.endsWith(" ping success")).findFirst()
                .map(RedisClusterIT::port).orElse(-1);
    }

    /** The ports of the GET spans of the one /read request received since the last call; forgets what it read. */
    private static List<Long> readServedBy(OtlpReceiver receiver) {
        ReceivedSpan request = receiver.awaitSpans(s -> s.kind().equals("SERVER")
                && String.valueOf(s.attribute("url.path")).endsWith("/redis-cluster/read"), 1, WAIT).get(0);
        List<ReceivedSpan> commands = receiver.awaitSpans(s -> s.parentSpanId().equals(request.spanId()), 1, WAIT);
        assertEquals(List.of("GET"), commands.stream().map(ReceivedSpan::name).toList());
        receiver.clear();
        return commands.stream().map(c -> (Long) c.attribute("server.port")).toList();
    }

    private static int next(int port) {
        List<Integer> ports = cluster.ports();
        return ports.get((ports.indexOf(port) + 1) % ports.size());
    }

    private static String get(AgentApp app, String path) {
        Http.Response response = Http.get(app.url(path));
        assertEquals(200, response.status(), () -> path + ": " + response.body());
        return response.body();
    }

    /** cache_operations_total of system redis by "cache_name operation status", zeros left out. */
    private static Map<String, Double> counts(PrometheusScrape scrape) {
        Map<String, Double> counts = new TreeMap<>();
        for (PrometheusScrape.Sample s : scrape.samples("cache_operations_total")) {
            if ("redis".equals(s.labels().get("system")) && s.value() > 0) {
                counts.merge(s.labels().get("cache_name") + " " + s.labels().get("operation") + " " + s.labels().get("status"),
                        s.value(), Double::sum);
            }
        }
        return counts;
    }

    private static Map<String, Double> reads(PrometheusScrape scrape) {
        Map<String, Double> reads = new TreeMap<>(counts(scrape));
        reads.keySet().removeIf(k -> !k.contains(" get "));
        return reads;
    }

    /** The port of a cache_name {@code host:port/db ...}. */
    private static int port(String key) {
        return Integer.parseInt(key.substring(key.indexOf(':') + 1, key.indexOf('/')));
    }
}
