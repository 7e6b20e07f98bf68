package io.monitoring.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.monitoring.it.support.AgentApp;
import io.monitoring.it.support.Artifacts;
import io.monitoring.it.support.ChildJvm;
import io.monitoring.it.support.Http;
import io.monitoring.it.support.Jdks;
import io.monitoring.it.support.OtlpReceiver;
import io.monitoring.it.support.OtlpReceiver.ReceivedSpan;
import io.monitoring.it.support.Poll;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The ids of the current span in the application's logs (logging-app on Logback 1.5 and Log4j 2.26,
 * logging-legacy-app, the same source, on Logback 1.2 and Log4j 2.7): its Logback pattern (console, and an
 * async appender formatting on its own thread) and its Log4j 2 pattern print
 * {@code [trace_id=%X{trace_id}] [span_id=%X{span_id}] [trace_flags=%X{trace_flags}] [user=%X{user}]}. Inside a
 * request they are the ids of the request's exported SERVER span, beside the application's own {@code user};
 * outside any request they are empty; 200 requests, 16 at a time on Tomcat's reused threads, each print only their
 * own; an application's own {@code trace_id} wins; switched off, nothing is printed.
 */
class TraceIdsInLogsIT {
    private static final List<String> LOGGERS = List.of("LOGBACK", "LOGBACK-ASYNC", "LOG4J2");
    private static final Pattern LINE = Pattern.compile(
            "^(LOGBACK|LOGBACK-ASYNC|LOG4J2) \\[trace_id=(\\w*)\\] \\[span_id=(\\w*)\\] \\[trace_flags=(\\w*)\\] \\[user=(\\w*)\\] (.*)$");

    @ParameterizedTest
    @CsvSource({"logging-app, current, platform", "logging-app, jdk25, platform", "logging-app, jdk25, virtual",
        "logging-legacy-app, current, platform", "logging-legacy-app, jdk25, platform"})
    void insideARequestEveryLineCarriesTheIdsOfItsServerSpanAndOutsideNone(String testApp, String jdkName, String threads)
            throws Exception {
        Jdks.Jdk jdk = jdkName.equals("jdk25") ? Jdks.requireJdk25OrSkip() : Jdks.current();
        boolean virtual = threads.equals("virtual");
        try (OtlpReceiver receiver = OtlpReceiver.start();
             AgentApp app = virtual ? AgentApp.start(testApp, jdk, receiver, "--port", "", "--virtual-threads")
                     : AgentApp.start(testApp, jdk, receiver, "--port", "")) {
            // logged by main before Tomcat started: no span was current
            for (String logger : List.of("LOGBACK", "LOG4J2")) {
                assertEquals(List.of(logger + " [trace_id=] [span_id=] [trace_flags=] [user=] startup"),
                        lines(app, logger, "startup"), app.jvm::output);
            }

            // one request of a new trace: its SERVER span's ids, sampled (01; the SDK also sets 02, W3C's random
            // trace-id flag, on the trace ids it makes itself)
            // the premise of the virtual case: Tomcat served the request on a virtual thread
            assertEquals(virtual ? "logged 0 on a virtual thread: true" : "logged 0", Http.get(app.url("/log?req=0")).body());
            ReceivedSpan server = receiver.awaitSpans(s -> s.kind().equals("SERVER") && s.name().equals("GET /log"), 1,
                    Duration.ofSeconds(20)).get(0);
            for (String logger : LOGGERS) {
                String line = awaitLine(app, logger, "req=0");
                Matcher m = LINE.matcher(line);
                assertTrue(m.matches(), line);
                assertEquals(List.of(server.traceId(), server.spanId(), "u0"), List.of(m.group(2), m.group(3), m.group(5)), line);
                assertTrue(m.group(4).equals("01") || m.group(4).equals("03"), line);
            }

            // 200 requests, 16 at a time, each continuing a trace of its own (traceparent): every line has its
            // request's trace and SERVER span, never another's, on threads that served other requests before
            receiver.clear();
            ExecutorService clients = Executors.newFixedThreadPool(16);
            List<Future<Integer>> statuses = new ArrayList<>();
            for (int i = 1; i <= 200; i++) {
                String traceparent = "00-" + traceId(i) + "-" + String.format("%016x", 0xabc000L + i) + "-01";
                String path = "/log?req=" + i;
                statuses.add(clients.submit(() -> Http.get(app.url(path), Map.of("traceparent", traceparent)).status()));
            }
            for (Future<Integer> status : statuses) {
                assertEquals(200, status.get(60, TimeUnit.SECONDS));
            }
            clients.shutdown();
            Map<String, String> serverSpanOfTrace = new HashMap<>();
            for (ReceivedSpan span : receiver.awaitSpans(s -> s.kind().equals("SERVER"), 200, Duration.ofSeconds(30))) {
                serverSpanOfTrace.put(span.traceId(), span.spanId());
            }
            assertEquals(200, serverSpanOfTrace.size());
            for (int i = 1; i <= 200; i++) {
                String expectedIds = "[trace_id=" + traceId(i) + "] [span_id=" + serverSpanOfTrace.get(traceId(i))
                        + "] [trace_flags=01] [user=u" + i + "] req=" + i;
                for (String logger : LOGGERS) {
                    assertEquals(logger + " " + expectedIds, awaitLine(app, logger, "req=" + i));
                }
            }

            // the application's own trace_id wins: the agent adds none of the three
            assertEquals(200, Http.get(app.url("/log/own?req=own")).status());
            for (String logger : LOGGERS) {
                assertEquals(logger + " [trace_id=app-own] [span_id=] [trace_flags=] [user=uown] req=own",
                        awaitLine(app, logger, "req=own"));
            }
        }
    }

    @Test
    void switchedOffTheLinesCarryNoIds() {
        try (OtlpReceiver receiver = OtlpReceiver.start();
             AgentApp off = AgentApp.start("logging-app", Jdks.current(), receiver, "--port", "logs.mdc.enabled=false");
             AgentApp logbackOff = AgentApp.start("logging-app", Jdks.current(), receiver, "--port",
                     "instrumentation.logback.enabled=false");
             AgentApp log4jOff = AgentApp.start("logging-app", Jdks.current(), receiver, "--port",
                     "instrumentation.log4j2.enabled=false")) {
            assertEquals(200, Http.get(off.url("/log?req=1")).status());
            assertEquals(200, Http.get(logbackOff.url("/log?req=2")).status());
            assertEquals(200, Http.get(log4jOff.url("/log?req=3")).status());
            // the requests were traced all the same
            receiver.awaitSpans(s -> s.kind().equals("SERVER"), 3, Duration.ofSeconds(20));
            for (String logger : LOGGERS) {
                assertEquals(logger + " [trace_id=] [span_id=] [trace_flags=] [user=u1] req=1", awaitLine(off, logger, "req=1"));
            }
            for (String logger : List.of("LOGBACK", "LOGBACK-ASYNC")) {
                assertEquals(logger + " [trace_id=] [span_id=] [trace_flags=] [user=u2] req=2",
                        awaitLine(logbackOff, logger, "req=2"));
            }
            Matcher log4j = LINE.matcher(awaitLine(logbackOff, "LOG4J2", "req=2"));
            assertTrue(log4j.matches() && log4j.group(2).length() == 32, log4j::toString);
            assertEquals("LOG4J2 [trace_id=] [span_id=] [trace_flags=] [user=u3] req=3", awaitLine(log4jOff, "LOG4J2", "req=3"));
            for (String logger : List.of("LOGBACK", "LOGBACK-ASYNC")) {
                Matcher logback = LINE.matcher(awaitLine(log4jOff, logger, "req=3"));
                assertTrue(logback.matches() && logback.group(2).length() == 32, logback::toString);
            }
        }
    }

    /**
     * Log4j's garbage-free ThreadContext: its injector fills each event's own reusable context data (one per thread,
     * cleared after every event), into which the ids are put; the next request on the thread prints its own.
     */
    @Test
    void log4jsGarbageFreeThreadContextGetsTheIdsInEachEventsOwnData() {
        try (OtlpReceiver receiver = OtlpReceiver.start();
             ChildJvm app = ChildJvm.app("logging-app").env(AgentApp.withoutAgentEnvironment()).agent(Artifacts.agentJar())
                     .agentArgs("metrics.host=127.0.0.1,metrics.port=0,otlp.endpoint=" + receiver.endpoint())
                     .systemProperty("log4j2.garbagefreeThreadContextMap", "true")
                     .args("--port", "0").start()) {
            int port = AgentApp.awaitReady(app);
            for (int i = 1; i <= 3; i++) {
                assertEquals(200, Http.get("http://127.0.0.1:" + port + "/log?req=" + i).status());
            }
            List<ReceivedSpan> servers = receiver.awaitSpans(s -> s.kind().equals("SERVER"), 3, Duration.ofSeconds(20));
            assertEquals(3, servers.stream().map(ReceivedSpan::traceId).distinct().count());
            for (int i = 1; i <= 3; i++) {
                Matcher m = LINE.matcher(awaitLine(app, "LOG4J2", "req=" + i));
                assertTrue(m.matches());
                String spanId = m.group(3);
                assertEquals(1, servers.stream().filter(s -> s.traceId().equals(m.group(2)) && s.spanId().equals(spanId))
                        .count(), m.group());
            }
            assertEquals(List.of("LOG4J2 [trace_id=] [span_id=] [trace_flags=] [user=] startup"), lines(app, "LOG4J2", "startup"));
        }
    }

    /**
     * Reactive chains (webflux-app, Spring Boot's Logback with the same ids in its console pattern): a line logged on
     * a {@code boundedElastic} thread a request's handler offloaded to, and one logged after a WebClient call's
     * response, {@code publishOn(boundedElastic)}, carry the ids of that request's SERVER span.
     */
    @Test
    void reactiveChainsLogTheIdsOfTheirRequestWhereTheAgentCarriesItsContext() {
        try (OtlpReceiver receiver = OtlpReceiver.start();
             AgentApp app = AgentApp.start("webflux-app", Jdks.current(), receiver, "--server.port=", "",
                     "--logging.pattern.console=REACTIVE [trace_id=%X{trace_id}] [span_id=%X{span_id}] %msg%n")) {
            assertEquals("lamp", Http.get(app.url("/db/1")).body());
            assertEquals("chair", Http.get(app.url("/call-then-db/2?url=" + app.url("/status/200"))).body());
            ReceivedSpan offloaded = receiver.awaitSpans(s -> s.kind().equals("SERVER") && s.name().equals("GET /db/{id}"), 1,
                    Duration.ofSeconds(20)).get(0);
            ReceivedSpan afterCall = receiver.awaitSpans(s -> s.kind().equals("SERVER")
                    && s.name().equals("GET /call-then-db/{id}"), 1, Duration.ofSeconds(20)).get(0);
            assertEquals("REACTIVE [trace_id=" + offloaded.traceId() + "] [span_id=" + offloaded.spanId() + "] db 1 offloaded",
                    app.jvm.awaitLine("db 1 offloaded", Duration.ofSeconds(10)).strip());
            assertEquals("REACTIVE [trace_id=" + afterCall.traceId() + "] [span_id=" + afterCall.spanId()
                    + "] call-then-db 2 after the call", app.jvm.awaitLine("call-then-db 2 after the call", Duration.ofSeconds(10)).strip());
        }
    }

    private static String traceId(int request) {
        return String.format("%032x", 0x5eed0000L + request);
    }

    /** The one line of {@code logger} that ends with {@code " " + message}, once printed (an async appender's later). */
    private static String awaitLine(AgentApp app, String logger, String message) {
        return awaitLine(app.jvm, logger, message);
    }

    private static String awaitLine(ChildJvm app, String logger, String message) {
        return Poll.until(() -> lines(app, logger, message), found -> !found.isEmpty(), Duration.ofSeconds(20),
                logger + " line " + message).stream().reduce((a, b) -> {
                    throw new AssertionError("two lines for " + message + ": " + a + " / " + b);
                }).orElseThrow();
    }

    private static List<String> lines(AgentApp app, String logger, String message) {
        return lines(app.jvm, logger, message);
    }

    private static List<String> lines(ChildJvm app, String logger, String message) {
        return app.stdout().lines().filter(l -> l.startsWith(logger + " [") && l.endsWith(" " + message)).toList();
    }
}
