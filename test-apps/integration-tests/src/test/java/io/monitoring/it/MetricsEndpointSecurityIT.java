package io.monitoring.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.monitoring.it.support.AgentApp;
import io.monitoring.it.support.Artifacts;
import io.monitoring.it.support.ChildJvm;
import io.monitoring.it.support.Jdks;
import io.monitoring.it.support.NativeProcess;
import io.monitoring.it.support.Poll;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The metrics endpoint's optional protection, checked the way an operator would, with curl: basic auth from a
 * password file (401 without or with wrong credentials), and TLS from a keystore (HTTPS answers, plain HTTP
 * does not); the agent's other page, {@code /slow-queries}, is served the same way. Secrets are read from files, never passed as values.
 */
class MetricsEndpointSecurityIT {
    private static final Duration CURL = Duration.ofSeconds(20);

    @Test
    void basicAuthFromAPasswordFile(@TempDir Path dir) throws Exception {
        String curl = NativeProcess.require("curl");
        Path password = Files.writeString(dir.resolve("metrics-password"), "s3cret\n");
        int port = ChildJvm.freePort();
        try (ChildJvm app = tomcat("metrics.port=" + port + ",metrics.username=prometheus,metrics.password-file=" + password)) {
            AgentApp.awaitReady(app);
            String url = "http://127.0.0.1:" + port + "/metrics";
            awaitStatus(curl, "401", "-s", "-o", "/dev/null", "-w", "%{http_code}", url);
            assertEquals("401", run(curl, "-s", "-o", "/dev/null", "-w", "%{http_code}", "-u", "prometheus:wrong", url));
            assertEquals("200", run(curl, "-s", "-o", "/dev/null", "-w", "%{http_code}", "-u", "prometheus:s3cret", url));
            assertTrue(run(curl, "-s", "-u", "prometheus:s3cret", url).contains("monitoring_agent_info"));
            // the agent's other pages ask for the same credentials
            String slowQueries = "http://127.0.0.1:" + port + "/slow-queries";
            assertEquals("401", run(curl, "-s", "-o", "/dev/null", "-w", "%{http_code}", slowQueries));
            assertTrue(run(curl, "-s", "-u", "prometheus:s3cret", slowQueries).startsWith("{\"thresholdSeconds\":0.5,"));
        }
    }

    @Test
    void tlsFromAKeystore(@TempDir Path dir) throws Exception {
        String curl = NativeProcess.require("curl");
        Path keystore = dir.resolve("metrics.p12");
        String keytool = Jdks.current().home().resolve("bin/keytool").toString();
        NativeProcess.Result generated = NativeProcess.run(dir, CURL, keytool, "-genkeypair", "-alias", "metrics",
                "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1",
                "-validity", "2", "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass", "changeit");
        assertEquals(0, generated.exitCode(), generated.output());
        Path password = Files.writeString(dir.resolve("keystore-password"), "changeit\n");
        int port = ChildJvm.freePort();
        try (ChildJvm app = tomcat("metrics.port=" + port + ",metrics.tls.keystore=" + keystore
                + ",metrics.tls.keystore-password-file=" + password)) {
            AgentApp.awaitReady(app);
            assertTrue(app.awaitLine("serving metrics on https://", AgentApp.STARTUP).contains("https"));
            awaitStatus(curl, "200", "-sk", "-o", "/dev/null", "-w", "%{http_code}", "https://127.0.0.1:" + port + "/metrics");
            assertTrue(run(curl, "-sk", "https://127.0.0.1:" + port + "/metrics").contains("monitoring_agent_info"));
            assertTrue(run(curl, "-sk", "https://127.0.0.1:" + port + "/slow-queries").startsWith("{\"thresholdSeconds\":"));
            assertNotEquals("200", run(curl, "-s", "-o", "/dev/null", "-w", "%{http_code}", "--max-time", "5",
                    "http://127.0.0.1:" + port + "/metrics"), "plain HTTP is not served");
        }
    }

    private static ChildJvm tomcat(String agentArgs) {
        return ChildJvm.app("tomcat11-app").env(AgentApp.withoutAgentEnvironment()).agent(Artifacts.agentJar())
                .agentArgs("metrics.host=127.0.0.1,traces.exporter=none," + agentArgs).args("--port", "0").start();
    }

    private static void awaitStatus(String curl, String expected, String... args) {
        String[] command = new String[args.length + 1];
        command[0] = curl;
        System.arraycopy(args, 0, command, 1, args.length);
        Poll.until(() -> run(command), expected::equals, Duration.ofSeconds(30), "the metrics endpoint to answer " + expected);
    }

    private static String run(String... command) {
        return NativeProcess.run(Path.of("."), CURL, command).output().trim();
    }
}
