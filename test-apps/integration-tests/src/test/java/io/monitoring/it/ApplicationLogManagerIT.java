package io.monitoring.it;

import static io.monitoring.it.AgentRuns.awaitScrape;
import static io.monitoring.it.AgentRuns.linesContaining;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.monitoring.it.support.AgentApp;
import io.monitoring.it.support.Artifacts;
import io.monitoring.it.support.ChildJvm;
import io.monitoring.it.support.OtlpReceiver;
import io.monitoring.it.support.OtlpReceiver.ReceivedSpan;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An application that logs through the JBoss LogManager, as WildFly, JBoss EAP and Quarkus in JVM mode do,
 * chooses it with {@code -Djava.util.logging.manager} on the command line or only later, in its {@code main}.
 * The agent has started, woven, measured three outgoing calls, exported their spans and served a scrape by
 * then, and has still not touched {@code java.util.logging}: the application gets the JBoss LogManager, its
 * handlers log, and the agent goes on measuring. (Before, the agent's start-up thread initialised the JDK's
 * LogManager, the one the application then got, and the JBoss LogManager complained on stderr.)
 */
class ApplicationLogManagerIT {
    private static final String JBOSS_LOG_MANAGER = "org.jboss.logmanager.LogManager";

    @TempDir Path dir;

    @ParameterizedTest(name = "the log manager chosen {0}")
    @ValueSource(strings = {"on the command line", "in main"})
    void theApplicationGetsTheLogManagerItChoseAndTheAgentKeepsMeasuring(String when) throws Exception {
        HttpServer backend = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        backend.createContext("/", exchange -> {
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        backend.start();
        Path go = dir.resolve("go");
        int metricsPort = ChildJvm.freePort();
        List<String> args = new ArrayList<>(List.of("--backend-url", "http://127.0.0.1:" + backend.getAddress().getPort() + "/",
                "--go-file", go.toString()));
        if (when.equals("in main")) {
            args.add("--manager-set-in-main");
        }
        ChildJvm.Builder builder = ChildJvm.app("jboss-logmanager-app").env(AgentApp.withoutAgentEnvironment())
                .agent(Artifacts.agentJar()).args(args.toArray(String[]::new));
        if (when.equals("on the command line")) {
            builder.systemProperty("java.util.logging.manager", JBOSS_LOG_MANAGER);
        }
        try (OtlpReceiver receiver = OtlpReceiver.start();
             ChildJvm app = builder.agentArgs("metrics.host=127.0.0.1,metrics.port=" + metricsPort
                     + ",otlp.endpoint=" + receiver.endpoint()).start()) {
            app.awaitLine("CALLED 3", AgentApp.STARTUP);
            receiver.awaitSpans(s -> s.kind().equals("CLIENT"), 3, Duration.ofSeconds(30));
            awaitScrape(metricsPort, s -> s.value("external_api_duration_seconds_count") == 3, "3 calls measured");

            Files.createFile(go);
            app.awaitLine("DONE", Duration.ofSeconds(30));
            assertEquals(List.of("LOG MANAGER " + JBOSS_LOG_MANAGER), linesContaining(app.stdout(), "LOG MANAGER"), app::output);
            assertEquals(List.of("JBOSS INFO [jboss-app] the application logs through its own log manager"),
                    linesContaining(app.stdout(), "JBOSS "), app::output);

            awaitScrape(metricsPort, s -> s.value("external_api_duration_seconds_count") == 5, "5 calls measured");
            List<ReceivedSpan> clients = receiver.awaitSpans(s -> s.kind().equals("CLIENT"), 5, Duration.ofSeconds(30));
            assertEquals(5, clients.size(), clients::toString);
            assertEquals(List.of(), linesContaining(app.stderr(), "LogManager"), "no complaint from the JBoss LogManager");
            assertTrue(AgentRuns.agentLines(app.stderr()).stream().noneMatch(line -> line.contains("WARN")), app::stderr);
        } finally {
            backend.stop(0);
        }
    }
}
