package io.monitoring.it;

import static io.monitoring.it.AgentRuns.awaitMetricsEndpoint;
import static io.monitoring.it.AgentRuns.awaitReady;
import static io.monitoring.it.AgentRuns.awaitScrape;
import static io.monitoring.it.AgentRuns.lines;
import static io.monitoring.it.AgentRuns.tomcat11;
import static io.monitoring.it.AgentRuns.url;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.monitoring.it.support.Artifacts;
import io.monitoring.it.support.ChildJvm;
import io.monitoring.it.support.Http;
import io.monitoring.it.support.OtlpReceiver;
import io.monitoring.it.support.PrometheusScrape;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The agent observes and never alters: tomcat11-app answers every endpoint with the same status, body and headers of
 * its own with the agent as without it, and the container still logs the application's exception.
 */
class ResponsesUnchangedIT {

    private record Call(String method, String path) {
        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    /** What the comparison looks at. */
    private record Answer(int status, String body, Optional<String> passThrough, Optional<String> contentType) {
    }

    private static final List<Call> CALLS = List.of(
            new Call("GET", "/shop/orders/7"),
            new Call("POST", "/shop/orders"),
            new Call("GET", "/shop/health"),
            new Call("GET", "/shop/fail"),
            new Call("GET", "/shop/client-error"),
            new Call("GET", "/shop/forward"),
            new Call("GET", "/shop/async"),
            new Call("GET", "/shop/filtered"),
            new Call("GET", "/shop/nope/123"));

    private static final String EXCEPTION = "java.lang.IllegalStateException: boom";
    private static final String FIRST_FRAME = "\tat io.monitoring.testapp.tomcat11.FailServlet.doGet(";

    @Test
    void everyEndpointAnswersTheSameWithAndWithoutTheAgent() {
        int metricsPort = ChildJvm.freePort();
        try (OtlpReceiver receiver = OtlpReceiver.start();
             ChildJvm plain = tomcat11("responses-without-agent").start();
             ChildJvm agent = tomcat11("responses-with-agent").agent(Artifacts.agentJar())
                     .agentArgs("metrics.port=" + metricsPort + ",otlp.endpoint=" + receiver.endpoint())
                     .start()) {
            int plainPort = awaitReady(plain);
            int agentPort = awaitReady(agent);
            // with traces on too: the tracer is in place once the endpoint is up
            awaitMetricsEndpoint(metricsPort);

            List<Answer> without = new ArrayList<>();
            List<Answer> with = new ArrayList<>();
            for (Call call : CALLS) {
                without.add(answer(plainPort, call));
                with.add(answer(agentPort, call));
            }
            assertAll(java.util.stream.IntStream.range(0, CALLS.size()).mapToObj(i -> () ->
                    assertEquals(without.get(i), with.get(i), CALLS.get(i).toString())));
            // guard against comparing two broken runs: the answers are the app's
            assertEquals(List.of(200, 201, 200, 500, 400, 200, 200, 200, 404),
                    with.stream().map(Answer::status).toList());
            assertEquals(List.of("order 7", "created", "ok"), with.subList(0, 3).stream().map(Answer::body).toList());
            assertEquals(List.of("ok", "async done", "answered by filter"),
                    with.subList(5, 8).stream().map(Answer::body).toList());
            with.forEach(answer -> assertEquals(Optional.of("1"), answer.passThrough(), answer::toString));

            // The agent really was in the second run: it counted all nine requests (fails without the agent).
            PrometheusScrape scrape = awaitScrape(metricsPort, s -> s.value("http_requests_total") >= CALLS.size(),
                    CALLS.size() + " requests counted by the agent");
            assertEquals((double) CALLS.size(), scrape.value("http_requests_total"), scrape::raw);
            assertEquals(1.0, scrape.value("http_requests_total",
                    Map.of("route", "/shop/fail", "status_code", "500")), scrape::raw);
            receiver.awaitSpans(span -> span.kind().equals("SERVER"), CALLS.size(), Duration.ofSeconds(30));

            // the container's log of the servlet's exception, in both runs
            for (ChildJvm jvm : List.of(plain, agent)) {
                jvm.awaitLine(FIRST_FRAME.trim(), Duration.ofSeconds(10));
                List<String> stderr = lines(jvm.stderr());
                int exception = stderr.indexOf(EXCEPTION);
                assertTrue(exception >= 0, () -> jvm.name() + " logged no '" + EXCEPTION + "':\n" + jvm.stderr());
                assertTrue(stderr.get(exception + 1).startsWith(FIRST_FRAME),
                        () -> jvm.name() + ": the line after the exception is '" + stderr.get(exception + 1) + "'");
            }
            assertEquals(firstFrame(plain), firstFrame(agent));
        }
    }

    private static Answer answer(int port, Call call) {
        Http.Response response = Http.request(call.method(), url(port, call.path()), Map.of(), null);
        return new Answer(response.status(), response.body(), response.header("X-Pass-Through"),
                response.header("Content-Type"));
    }

    private static String firstFrame(ChildJvm jvm) {
        List<String> stderr = lines(jvm.stderr());
        return stderr.get(stderr.indexOf(EXCEPTION) + 1);
    }
}
