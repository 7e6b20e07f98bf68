package io.monitoring.it;

import static io.monitoring.it.AgentRuns.agentLines;
import static io.monitoring.it.AgentRuns.awaitMetricsEndpoint;
import static io.monitoring.it.AgentRuns.awaitReady;
import static io.monitoring.it.AgentRuns.linesContaining;
import static io.monitoring.it.AgentRuns.url;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.monitoring.it.support.AgentApp;
import io.monitoring.it.support.Artifacts;
import io.monitoring.it.support.ChildJvm;
import io.monitoring.it.support.Http;
import io.monitoring.it.support.Jdks;
import io.monitoring.it.support.OtlpReceiver;
import io.monitoring.it.support.PrometheusScrape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The agent where users put it: its jar on a path with spaces and non-ASCII characters, a working directory it
 * cannot write to, no usable temporary directory, and a JVM running on a class-data sharing archive. The agent
 * writes no file anywhere, so none of this changes what it measures, and CDS stays on.
 */
class OddPlacesIT {
    private static final int REQUESTS = 7;
    private static final String HELLO = "io.monitoring.testapp.tomcat11.Hello";

    @TempDir Path dir;

    @Test
    void theAgentJarOnAPathWithSpacesAndNonAsciiCharacters() throws Exception {
        Path odd = Files.createDirectories(dir.resolve("agents with spaces/ägent ünïcode 日本")).resolve("monitoring agent.jar");
        Files.copy(Artifacts.agentJar(), odd);
        assertServesAndMeasures(AgentRuns.tomcat11("odd-jar-path").agent(odd), "/shop/orders/");
    }

    /**
     * The working directory is read-only and {@code java.io.tmpdir} does not exist. Read-only for real where this
     * test may make a mount namespace ({@code unshare -m}, root here); elsewhere by its permissions, which root
     * ignores. Either way the directory is empty afterwards: the agent wrote nothing into it.
     */
    @Test
    void aReadOnlyWorkingDirectoryAndNoTemporaryDirectory() throws Exception {
        Path workingDirectory = Files.createDirectories(dir.resolve("read-only"));
        ChildJvm.Builder app = ChildJvm.app("jetty12-app").env(AgentApp.withoutAgentEnvironment()).args("--port", "0")
                .agent(Artifacts.agentJar()).workingDirectory(workingDirectory)
                .systemProperty("java.io.tmpdir", dir.resolve("no such directory").toString());
        if (canMountOver(workingDirectory)) {
            app.launcher("unshare", "-m", "sh", "-c",
                    "mount --bind \"$0\" \"$0\" && mount -o remount,bind,ro \"$0\" && cd \"$0\" && exec \"$@\"",
                    workingDirectory.toString());
        } else {
            Files.setPosixFilePermissions(workingDirectory, PosixFilePermissions.fromString("r-xr-xr-x"));
        }
        try {
            assertServesAndMeasures(app, "/shop/orders/");
        } finally {
            Files.setPosixFilePermissions(workingDirectory, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        try (Stream<Path> left = Files.list(workingDirectory)) {
            assertEquals(List.of(), left.toList());
        }
    }

    static Stream<String> archives() {
        return Stream.of("jdk17 static (-Xshare:dump)", "jdk17 dynamic (-XX:ArchiveClassesAtExit)",
                "jdk25 static (-Xshare:dump)", "jdk25 dynamic (-XX:ArchiveClassesAtExit)");
    }

    /**
     * An AppCDS archive made for the application the usual ways (without the agent: the JVM refuses to dump with an
     * agent unless told to), then used with the agent and {@code -Xshare:on}, which makes the JVM fail rather than run
     * without the archive: the application's classes still come from it.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("archives")
    void classDataSharingArchivesStayInUse(String archive) {
        Jdks.Jdk jdk = archive.startsWith("jdk25") ? Jdks.requireJdk25OrSkip() : Jdks.current();
        Path jsa = dir.resolve("app.jsa");
        if (archive.contains("static")) {
            Path classList = dir.resolve("classes.lst");
            run(hello("cds-list", jdk).jvmFlags("-Xshare:off", "-XX:DumpLoadedClassList=" + classList));
            run(hello("cds-dump", jdk).jvmFlags("-Xshare:dump", "-XX:SharedClassListFile=" + classList,
                    "-XX:SharedArchiveFile=" + jsa));
        } else {
            run(hello("cds-dump", jdk).jvmFlags("-XX:ArchiveClassesAtExit=" + jsa));
        }
        ChildJvm.Builder withAgent = hello("cds-run", jdk).jvmFlags("-XX:SharedArchiveFile=" + jsa, "-Xshare:on",
                "-Xlog:class+load=info").agent(Artifacts.agentJar()).agentArgs("metrics.port=0,log.level=debug");
        try (ChildJvm app = withAgent.start()) {
            assertEquals(0, app.awaitExit(Duration.ofSeconds(30)), app::output);
            assertEquals(1, linesContaining(app.stderr(), "[monitoring-agent] DEBUG bootstrap classes defined").size(),
                    app::output);
            assertEquals(1, linesContaining(app.stdout(), HELLO + " source: shared objects file").size(), app::output);
        }
    }

    private static ChildJvm.Builder hello(String name, Jdks.Jdk jdk) {
        return ChildJvm.builder(name).jdk(jdk).env(AgentApp.withoutAgentEnvironment())
                .mainClass(List.of(Artifacts.appJar("tomcat11-app")), HELLO);
    }

    private static void run(ChildJvm.Builder builder) {
        try (ChildJvm step = builder.start()) {
            assertEquals(0, step.awaitExit(Duration.ofSeconds(60)), step::output);
        }
    }

    /** Seven requests: seven in http_requests_total, seven SERVER spans, and not one warning from the agent. */
    private static void assertServesAndMeasures(ChildJvm.Builder builder, String ordersPath) throws IOException {
        int metricsPort = ChildJvm.freePort();
        try (OtlpReceiver receiver = OtlpReceiver.start();
             ChildJvm app = builder.agentArgs("metrics.host=127.0.0.1,metrics.port=" + metricsPort + ",otlp.endpoint="
                     + receiver.endpoint()).start()) {
            int port = awaitReady(app);
            awaitMetricsEndpoint(metricsPort);
            for (int i = 0; i < REQUESTS; i++) {
                assertEquals(200, Http.get(url(port, ordersPath + i)).status());
            }
            PrometheusScrape scrape = PrometheusScrape.fetch(metricsPort);
            assertEquals(REQUESTS, scrape.value("http_requests_total", Map.of("route", ordersPath + "{id}")), scrape::raw);
            assertEquals(REQUESTS, receiver.awaitSpans(s -> s.kind().equals("SERVER"), REQUESTS, Duration.ofSeconds(30)).size());
            assertTrue(agentLines(app.stderr()).stream().allMatch(line -> line.startsWith("[monitoring-agent] INFO ")),
                    app::stderr);
        }
    }

    /** Whether this test may mount over {@code directory} in a mount namespace of its own (seen by nobody else). */
    private static boolean canMountOver(Path directory) {
        try {
            Process probe = new ProcessBuilder("unshare", "-m", "sh", "-c", "mount --bind \"$0\" \"$0\"", directory.toString())
                    .redirectErrorStream(true).start();
            probe.getInputStream().readAllBytes();
            return probe.waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}
