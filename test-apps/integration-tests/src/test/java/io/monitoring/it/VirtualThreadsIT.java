package io.monitoring.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.monitoring.it.support.Artifacts;
import io.monitoring.it.support.ChildJvm;
import io.monitoring.it.support.Http;
import io.monitoring.it.support.Jdks;
import io.monitoring.it.support.AgentApp;
import io.monitoring.it.support.NativeProcess;
import io.monitoring.it.support.OtlpReceiver;
import io.monitoring.it.support.OtlpReceiver.ReceivedSpan;
import io.monitoring.it.support.Poll;
import io.monitoring.it.support.PrometheusScrape;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * JDK 25, the Spring Boot app's Tomcat on virtual threads ({@code spring.threads.virtual.enabled}): JDBC and
 * cache calls made from virtual request threads are counted exactly, each request counts its own statements, and
 * their spans sit under their request's span, and JFR records no virtual thread pinned in the agent's code ({@code jdk.tracePinnedThreads} is gone
 * since JDK 24; the {@code jdk.VirtualThreadPinned} event is how pinning is seen now).
 */
class VirtualThreadsIT {

    @Test
    void requestsOnVirtualThreadsAreCountedAndTracedWithoutPinningInTheAgent(@TempDir Path dir) throws Exception {
        Jdks.Jdk jdk = Jdks.requireJdk25OrSkip();
        Path recording = dir.resolve("virtual-threads.jfr");
        int metricsPort = ChildJvm.freePort();
        try (OtlpReceiver receiver = OtlpReceiver.start();
             ChildJvm app = ChildJvm.app("spring-boot-app").jdk(jdk).env(AgentApp.withoutAgentEnvironment())
                     .agent(Artifacts.agentJar())
                     .agentArgs("metrics.host=127.0.0.1,metrics.port=" + metricsPort + ",otlp.endpoint=" + receiver.endpoint())
                     .jvmFlags("-XX:StartFlightRecording=filename=" + recording + ",settings=profile")
                     .args("--server.port=0", "--spring.threads.virtual.enabled=true").start()) {
            int port = AgentApp.awaitReady(app);
            String base = "http://127.0.0.1:" + port;
            ExecutorService clients = Executors.newFixedThreadPool(16);
            List<Future<Integer>> statuses = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                String path = i % 2 == 0 ? "/orders/" + (1 + i % 5) : "/prices/" + (char) ('A' + i % 4);
                statuses.add(clients.submit(() -> Http.get(base + path).status()));
            }
            for (Future<Integer> status : statuses) {
                assertEquals(200, status.get(60, TimeUnit.SECONDS));
            }
            clients.shutdown();

            PrometheusScrape scrape = Poll.until(() -> PrometheusScrape.fetch(metricsPort),
                    s -> s.value("http_requests_total") >= 200, Duration.ofSeconds(20), "200 requests counted");
            assertEquals(Map.of("/orders/{id} 200", 100.0, "/prices/{sku} 200", 100.0),
                    scrape.valuesBy("http_requests_total", "route", "status_code"));
            assertEquals(100.0, scrape.value("db_query_duration_seconds_count", Map.of("operation", "select", "table", "orders")));
            assertEquals(100.0, scrape.value("cache_operations_total", Map.of("system", "spring", "operation", "get")));
            // 16 requests at a time, each counting its own statements: every order request exactly 1, every price 0
            assertEquals(List.of(0.0, 100.0, 100.0), List.of(
                    scrape.value("db_queries_per_request_bucket", Map.of("route", "/orders/{id}", "le", "0.0")),
                    scrape.value("db_queries_per_request_bucket", Map.of("route", "/orders/{id}", "le", "1.0")),
                    scrape.value("db_queries_per_request_sum", Map.of("route", "/orders/{id}"))), scrape::raw);
            assertEquals(List.of(100.0, 0.0), List.of(
                    scrape.value("db_queries_per_request_bucket", Map.of("route", "/prices/{sku}", "le", "0.0")),
                    scrape.value("db_queries_per_request_sum", Map.of("route", "/prices/{sku}"))), scrape::raw);

            List<ReceivedSpan> requests = receiver.awaitSpans(s -> s.kind().equals("SERVER")
                    && "GET /orders/{id}".equals(s.name()), 100, Duration.ofSeconds(20));
            for (ReceivedSpan request : requests) {
                List<ReceivedSpan> children = receiver.awaitSpans(s -> s.parentSpanId().equals(request.spanId()), 1,
                        Duration.ofSeconds(20));
                assertEquals(List.of("SELECT orders"), children.stream().map(ReceivedSpan::name).toList(),
                        "the query made on the request's virtual thread is a child of its span");
            }

            // the premise: Tomcat ran the requests on virtual threads (Spring Boot names them tomcat-handler-N; the
            // log line of a failing request names its thread)
            assertEquals(500, Http.get(base + "/boom").status());
            app.awaitLine("cat-handler-", Duration.ofSeconds(10)); // the log pattern keeps the last 15 characters

            String jcmd = jdk.home().resolve("bin/jcmd").toString();
            NativeProcess.Result dumped = NativeProcess.run(dir, Duration.ofSeconds(60), jcmd, Long.toString(app.pid()),
                    "JFR.dump", "filename=" + recording);
            assertEquals(0, dumped.exitCode(), dumped.output());
            NativeProcess.Result pinned = NativeProcess.run(dir, Duration.ofSeconds(60), jdk.home().resolve("bin/jfr").toString(),
                    "print", "--events", "jdk.VirtualThreadPinned", recording.toString());
            assertEquals(0, pinned.exitCode(), pinned.output());
            assertFalse(pinned.output().contains("io.monitoring.agent"), "pinned in the agent's code:\n" + pinned.output());
            System.out.println("[virtual-threads] pinned events in the recording: "
                    + pinned.output().lines().filter(l -> l.startsWith("jdk.VirtualThreadPinned")).count());
        }
    }
}
