package io.monitoring.it;

import static io.monitoring.it.AgentRuns.awaitMetricsEndpoint;
import static io.monitoring.it.AgentRuns.awaitReady;
import static io.monitoring.it.AgentRuns.linesContaining;
import static io.monitoring.it.AgentRuns.tomcat11;
import static io.monitoring.it.AgentRuns.url;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.tools.attach.VirtualMachine;
import io.monitoring.it.support.Artifacts;
import io.monitoring.it.support.ChildJvm;
import io.monitoring.it.support.Http;
import io.monitoring.it.support.OtlpReceiver;
import io.monitoring.it.support.PrometheusScrape;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent given twice — a base image's {@code JAVA_TOOL_OPTIONS} and the start script's {@code -javaagent}, the
 * same jar or another version, or a dynamic attach onto a JVM that already runs it: the first copy runs alone, the
 * later one says so in one line and does nothing else, and every request is counted and traced exactly once.
 */
class OneAgentPerJvmIT {
    private static final String IGNORED = "is ignored: it weaves nothing, starts no thread and opens no port";
    private static final int REQUESTS = 7;

    @TempDir Path dir;

    @Test
    void theSameJarThroughJavaToolOptionsAndJavaagentRunsOnce() throws Exception {
        Path jar = Artifacts.agentJar();
        assertFirstCopyRunsAlone(jar, jar, "version " + version(jar) + " from " + jar.toAbsolutePath(),
                "version " + version(jar) + " from " + jar.toAbsolutePath() + ", given again as a -javaagent");
    }

    @Test
    void anotherVersionOnAnOddPathStandsDownForTheOneAlreadyRunning() throws Exception {
        Path jar = Artifacts.agentJar();
        Path other = Files.createDirectories(dir.resolve("agents with spaces/ägent ünïcode")).resolve("monitoring-agent.jar");
        withVersion(jar, other, "9.9.9-other");
        assertFirstCopyRunsAlone(jar, other, "version " + version(jar) + " from " + jar.toAbsolutePath(),
                "version 9.9.9-other from " + other.toAbsolutePath() + ", given again as a -javaagent");
    }

    @Test
    void attachingToAJvmThatRunsTheAgentIsAnsweredTheSameWay() throws Exception {
        int metricsPort = ChildJvm.freePort();
        Path jar = Artifacts.agentJar();
        try (ChildJvm app = tomcat11("attach-onto-agent").agent(jar)
                .agentArgs("metrics.host=127.0.0.1,metrics.port=" + metricsPort + ",traces.exporter=none").start()) {
            int port = awaitReady(app);
            awaitMetricsEndpoint(metricsPort);
            VirtualMachine vm = VirtualMachine.attach(Long.toString(app.pid()));
            try {
                vm.loadAgent(jar.toString(), "metrics.port=" + ChildJvm.freePort());
            } finally {
                vm.detach();
            }
            String line = app.awaitLine(IGNORED, Duration.ofSeconds(30));
            assertTrue(line.contains("; this copy (attached at run time) " + IGNORED), line);
            for (int i = 0; i < REQUESTS; i++) {
                assertEquals(200, Http.get(url(port, "/shop/orders/" + i)).status());
            }
            PrometheusScrape scrape = PrometheusScrape.fetch(metricsPort);
            assertEquals(REQUESTS, scrape.value("http_requests_total", Map.of("route", "/shop/orders/{id}")), scrape::raw);
            assertEquals(1, linesContaining(app.stderr(), IGNORED).size(), app::stderr);
        }
    }

    /**
     * {@code first} through JAVA_TOOL_OPTIONS (the JVM reads it before the command line), {@code second} as -javaagent:
     * the second copy's metrics port stays closed, the first copy counts each request once and sends one SERVER span
     * per request, and the only trace of the second copy is one line naming both.
     */
    private void assertFirstCopyRunsAlone(Path first, Path second, String activeCopy, String ignoredCopy) throws Exception {
        int metricsPort = ChildJvm.freePort();
        int secondCopysPort = ChildJvm.freePort();
        try (OtlpReceiver receiver = OtlpReceiver.start();
             ChildJvm app = tomcat11("agent-given-twice")
                     .env("JAVA_TOOL_OPTIONS", "-javaagent:" + first.toAbsolutePath() + "=metrics.host=127.0.0.1,metrics.port="
                             + metricsPort + ",otlp.endpoint=" + receiver.endpoint())
                     .agent(second).agentArgs("metrics.host=127.0.0.1,metrics.port=" + secondCopysPort).start()) {
            int port = awaitReady(app);
            awaitMetricsEndpoint(metricsPort);
            for (int i = 0; i < REQUESTS; i++) {
                assertEquals(200, Http.get(url(port, "/shop/orders/" + i)).status());
            }
            PrometheusScrape scrape = PrometheusScrape.fetch(metricsPort);
            assertEquals(REQUESTS, scrape.value("http_requests_total", Map.of("route", "/shop/orders/{id}")), scrape::raw);
            List<OtlpReceiver.ReceivedSpan> servers = receiver.awaitSpans(
                    s -> s.kind().equals("SERVER") && s.name().equals("GET /shop/orders/{id}"), REQUESTS, Duration.ofSeconds(30));
            assertEquals(REQUESTS, servers.size(), servers::toString);
            assertFalse(listening(secondCopysPort), "the second copy opened its metrics port");

            List<String> lines = linesContaining(app.stderr(), IGNORED);
            assertEquals(List.of("[monitoring-agent] WARN the agent is already running in this JVM (" + activeCopy
                    + "); this copy (" + ignoredCopy + ") " + IGNORED), lines, app::stderr);
        }
    }

    private static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (IOException refused) {
            return false;
        }
    }

    private static String version(Path jar) throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            return file.getManifest().getMainAttributes().getValue(Attributes.Name.IMPLEMENTATION_VERSION);
        }
    }

    /** A copy of the agent jar whose manifest names another version: another build of the agent, as the JVM sees it. */
    private static void withVersion(Path jar, Path copy, String version) throws IOException {
        try (JarFile in = new JarFile(jar.toFile())) {
            Manifest manifest = new Manifest(in.getManifest());
            manifest.getMainAttributes().put(Attributes.Name.IMPLEMENTATION_VERSION, version);
            try (OutputStream file = Files.newOutputStream(copy); JarOutputStream out = new JarOutputStream(file, manifest)) {
                for (JarEntry entry : java.util.Collections.list(in.entries())) {
                    if (entry.getName().equals(JarFile.MANIFEST_NAME)) {
                        continue;
                    }
                    out.putNextEntry(new JarEntry(entry.getName()));
                    try (InputStream content = in.getInputStream(entry)) {
                        content.transferTo(out);
                    }
                    out.closeEntry();
                }
            }
        }
    }
}
