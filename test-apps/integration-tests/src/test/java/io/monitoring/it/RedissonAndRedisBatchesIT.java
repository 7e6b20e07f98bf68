package io.monitoring.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.monitoring.it.support.AgentApp;
import io.monitoring.it.support.Http;
import io.monitoring.it.support.Jdks;
import io.monitoring.it.support.OtlpReceiver;
import io.monitoring.it.support.OtlpReceiver.ReceivedSpan;
import io.monitoring.it.support.Poll;
import io.monitoring.it.support.PrometheusScrape;
import io.monitoring.it.support.Services;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Redis beyond one command per call, against the real server at 127.0.0.1:6379 (skipped with a reason when absent; a
 * failure under CI=true), on JDK 17 and 25: Redisson's sync, async and reactive APIs (the cache-app's
 * {@code RedissonWorkloadServlet}: nine calls each, on databases 6, 7 and 8) and a Jedis pipeline and transactions
 * ({@code JedisBatchServlet}, databases 9, 10 and 11, the last one discarded). Every command is a {@code cache_operations_total} of its server and
 * database, counted exactly; a Redisson command is a CLIENT span of its own, a pipeline or transaction ONE span with
 * its command count, each under the request's SERVER span.
 */
class RedissonAndRedisBatchesIT {
    private static final Duration SPANS = Duration.ofSeconds(20);
    private static final Map<String, String> REDISSON_DATABASES = Map.of("sync", "6", "async", "7", "reactive", "8");
    /** What each Redisson API answers: DEL, GET (miss), SET, GET (hit), HSET, HGET (hit), HGET (miss), EVAL, DEL. */
    private static final String REDISSON_REPLIES = "false\nnull\nset\nv\ntrue\nv\nnull\nv\n2\n";

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"jdk17", "jdk25"})
    void redissonCommandsOfTheSyncAsyncAndReactiveApisAreCacheOperationsWithClientSpansUnderTheirRequest(String jdkName) {
        try (OtlpReceiver receiver = OtlpReceiver.start(); AgentApp app = cacheApp(jdkName, receiver)) {
            // the contract case runs RMap.put once on database 5: from then on the server knows its Lua script, so
            // each workload's put is one EVALSHA (the first time a server lacks a script, Redisson also sends SCRIPT
            // LOAD and retries, counted too: README)
            assertEquals(200, Http.get(app.url("/cache/contract/redisson/returns")).status());
            Map<String, Double> expected = new TreeMap<>();
            for (Map.Entry<String, String> api : REDISSON_DATABASES.entrySet()) {
                Http.Response response = Http.get(app.url("/cache/redisson/workload?round=1&api=" + api.getKey()));
                assertEquals(200, response.status(), response.body());
                assertEquals(REDISSON_REPLIES, response.body(), api.getKey());
                String cache = "127.0.0.1:6379/" + api.getValue();
                expected.put(cache + " del success", 2.0);  // bucket.delete(), keys.delete(bucket, map)
                expected.put(cache + " get miss", 1.0);
                expected.put(cache + " set success", 1.0);
                expected.put(cache + " get hit", 1.0);
                expected.put(cache + " hset success", 1.0); // fastPut
                expected.put(cache + " hget hit", 1.0);
                expected.put(cache + " hget miss", 1.0);
                expected.put(cache + " eval success", 1.0); // put: a script, sent as EVALSHA
            }
            PrometheusScrape scrape = Poll.until(app::scrape, m -> counts(m, "6", "7", "8").equals(expected),
                    Duration.ofSeconds(10), "every Redisson command counted (futures complete on Redisson's threads)");
            assertEquals(expected, counts(scrape, "6", "7", "8"), scrape::raw);
            assertEquals(0.0, scrape.value("monitoring_agent_errors_total"), scrape::raw);

            for (Map.Entry<String, String> api : REDISSON_DATABASES.entrySet()) {
                List<ReceivedSpan> commands = commandsOfRequest(receiver, "/redisson/workload", api.getValue(), 9);
                assertEquals(Map.of("DEL", 2L, "GET", 2L, "SET", 1L, "HSET", 1L, "HGET", 2L, "EVAL", 1L),
                        commands.stream().collect(Collectors.groupingBy(ReceivedSpan::name, Collectors.counting())),
                        api.getKey());
                for (ReceivedSpan command : commands) {
                    assertRedisSpan(command, command.name(), api.getValue());
                    assertEquals(null, command.attribute("db.operation.batch.size"), command::toString);
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"jdk17", "jdk25"})
    void aJedisPipelineAndTransactionCountEachCommandAtItsReplyAndAreOneSpanWithTheirCommandCount(String jdkName) {
        try (OtlpReceiver receiver = OtlpReceiver.start(); AgentApp app = cacheApp(jdkName, receiver)) {
            Http.Response pipeline = Http.get(app.url("/cache/redis/batch?kind=pipeline&round=1"));
            assertEquals("OK\nOK\nOK\n1\nnull\n", pipeline.body());
            Http.Response transaction = Http.get(app.url("/cache/redis/batch?kind=transaction&round=1"));
            assertEquals("OK\n1\nnull\n1\n", transaction.body());
            Http.Response discarded = Http.get(app.url("/cache/redis/batch?kind=discard&round=1"));
            assertEquals("OK\n", discarded.body());

            // pipeline: SET a, SET b, SET c, GET a, GET x; transaction: SET a, GET a, GET x, DEL a
            Map<String, Double> expected = new TreeMap<>(Map.of(
                    "127.0.0.1:6379/9 set success", 3.0, "127.0.0.1:6379/9 get hit", 1.0, "127.0.0.1:6379/9 get miss", 1.0,
                    "127.0.0.1:6379/10 set success", 1.0, "127.0.0.1:6379/10 get hit", 1.0,
                    "127.0.0.1:6379/10 get miss", 1.0, "127.0.0.1:6379/10 del success", 1.0));
            PrometheusScrape scrape = app.scrape();
            assertEquals(expected, counts(scrape, "9", "10", "11"), scrape::raw); // a discarded command never ran
            assertEquals(Map.of("127.0.0.1:6379/9 set", 3.0, "127.0.0.1:6379/9 get", 2.0, "127.0.0.1:6379/10 set", 1.0,
                    "127.0.0.1:6379/10 get", 2.0, "127.0.0.1:6379/10 del", 1.0),
                    scrape.valuesBy("cache_operation_duration_seconds_count", "cache_name", "operation").entrySet().stream()
                            .filter(e -> e.getKey().startsWith("127.0.0.1:6379/9 ") || e.getKey().startsWith("127.0.0.1:6379/10 "))
                            .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)),
                    "one duration per command, from its sending to its reply");

            // one span each, though the pipeline is synced twice (its close syncs again, with nothing queued)
            ReceivedSpan batch = commandsOfRequest(receiver, "/redis/batch", "9", 1).get(0);
            assertRedisSpan(batch, "BATCH", "9");
            assertEquals(5L, batch.attribute("db.operation.batch.size"));
            ReceivedSpan exec = commandsOfRequest(receiver, "/redis/batch", "10", 1).get(0);
            assertRedisSpan(exec, "EXEC", "10");
            assertEquals(4L, exec.attribute("db.operation.batch.size"));
            ReceivedSpan discard = commandsOfRequest(receiver, "/redis/batch", "11", 1).get(0);
            assertRedisSpan(discard, "DISCARD", "11");
            assertEquals(2L, discard.attribute("db.operation.batch.size"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"redisson", "jedis"})
    void measuresNothingWhenTheInstrumentationIsOff(String instrumentation) {
        Services.REDIS.requireOrSkip();
        try (AgentApp app = AgentApp.start("cache-app", Jdks.current(), null, "--port",
                "instrumentation." + instrumentation + ".enabled=false")) {
            List<String> paths = instrumentation.equals("redisson")
                    ? List.of("/cache/redisson/workload?round=1&api=sync", "/cache/redisson/workload?round=1&api=async",
                            "/cache/redisson/workload?round=1&api=reactive")
                    : List.of("/cache/redis/batch?kind=pipeline&round=1", "/cache/redis/batch?kind=transaction&round=1",
                            "/cache/redis/batch?kind=discard&round=1");
            for (String path : paths) {
                assertEquals(200, Http.get(app.url(path)).status(), path);
            }
            // the workloads' requests are measured: the metrics would have shown the commands by now
            Poll.until(app::scrape, m -> m.value("http_requests_total") >= paths.size(), Duration.ofSeconds(10),
                    "the requests counted");
            PrometheusScrape scrape = app.scrape();
            assertEquals(List.of(), scrape.samples("cache_operations_total"), scrape::raw);
        }
    }

    /** The cache-app with the agent on the named JDK, Redis required (skipped without it, a failure under CI=true). */
    private static AgentApp cacheApp(String jdkName, OtlpReceiver receiver) {
        Services.REDIS.requireOrSkip();
        Jdks.Jdk jdk = jdkName.equals("jdk25") ? Jdks.requireJdk25OrSkip() : Jdks.current();
        return AgentApp.start("cache-app", jdk, receiver, "--port", "");
    }

    /**
     * The CLIENT spans under the SERVER span of the request to {@code path} whose commands ran on {@code database},
     * exactly {@code count} of them: a request's span ends after its commands', and spans are exported in the order
     * they end.
     */
    private static List<ReceivedSpan> commandsOfRequest(OtlpReceiver receiver, String path, String database, int count) {
        ReceivedSpan request = receiver.awaitSpans(s -> s.kind().equals("SERVER")
                && String.valueOf(s.attribute("url.path")).endsWith(path)
                && receiver.spans().stream().anyMatch(c -> c.parentSpanId().equals(s.spanId())
                        && database.equals(c.attribute("db.namespace"))), 1, SPANS).get(0);
        List<ReceivedSpan> commands = receiver.awaitSpans(s -> s.parentSpanId().equals(request.spanId()), count, SPANS);
        assertEquals(count, receiver.spans().stream().filter(s -> s.parentSpanId().equals(request.spanId())).count(),
                () -> "children of " + request + ": " + commands);
        return commands;
    }

    private static void assertRedisSpan(ReceivedSpan span, String operation, String database) {
        assertEquals(operation, span.name());
        assertEquals("CLIENT", span.kind());
        assertEquals("redis", span.attribute("db.system.name"));
        assertEquals(operation, span.attribute("db.operation.name"));
        assertEquals(database, span.attribute("db.namespace"));
        assertEquals("127.0.0.1", span.attribute("server.address"));
        assertEquals(6379L, span.attribute("server.port"));
        assertFalse(span.attributes().toString().contains("mon:"), () -> "no key reaches a span: " + span);
    }

    /** {@code cache_operations_total} of system redis on the given databases of 127.0.0.1:6379, by cache, operation, status. */
    private static Map<String, Double> counts(PrometheusScrape scrape, String... databases) {
        List<String> caches = java.util.Arrays.stream(databases).map(d -> "127.0.0.1:6379/" + d).toList();
        Map<String, Double> counts = new TreeMap<>();
        for (PrometheusScrape.Sample s : scrape.samples("cache_operations_total")) {
            if ("redis".equals(s.labels().get("system")) && caches.contains(s.labels().get("cache_name")) && s.value() > 0) {
                counts.merge(s.labels().get("cache_name") + " " + s.labels().get("operation") + " " + s.labels().get("status"),
                        s.value(), Double::sum);
            }
        }
        return counts;
    }
}
