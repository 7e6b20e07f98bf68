package io.monitoring.agent.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.monitoring.agent.config.AgentConfig;
import io.monitoring.agent.config.AgentSettings;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the endpoint checks when it starts (files, keystores, addresses): each problem is one WARN line that
 * names the key, and no endpoint, never one without the security asked for.
 */
class MetricsEndpointTest {
  @TempDir Path dir;

  /** Starts the endpoint with these agent arguments; returns the agent's stderr lines. */
  private static List<String> start(String args) {
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    HTTPServer server;
    try {
      System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
      AgentSettings settings = new AgentSettings(AgentConfig.load(args));
      server = MetricsEndpoint.start(settings, new AgentMetrics("svc", "test", 1000, "test"), java.util.Map.of());
    } finally {
      System.setErr(original);
    }
    if (server != null) {
      server.close();
    }
    assertNull(server, "an endpoint was served");
    return Arrays.stream(captured.toString(StandardCharsets.UTF_8).split("\n"))
        .filter(line -> line.startsWith("[monitoring-agent]")).collect(Collectors.toList());
  }

  @Test
  void unreadableOrEmptyPasswordFile() throws Exception {
    Path missing = dir.resolve("missing");
    assertEquals(List.of("[monitoring-agent] WARN monitoring.metrics.password-file='" + missing + "' cannot be read"
        + " (NoSuchFileException); the metrics endpoint is off, the application runs on"),
        start("metrics.port=0,metrics.host=127.0.0.1,metrics.username=u,metrics.password-file=" + missing));
    Path empty = Files.writeString(dir.resolve("empty"), "\n");
    assertEquals(List.of("[monitoring-agent] WARN monitoring.metrics.password-file='" + empty + "' is empty;"
        + " the metrics endpoint is off, the application runs on"),
        start("metrics.port=0,metrics.host=127.0.0.1,metrics.username=u,metrics.password-file=" + empty));
  }

  @Test
  void keystoreThatCannotBeLoaded() throws Exception {
    Path password = Files.writeString(dir.resolve("password"), "secret");
    Path notAKeystore = Files.writeString(dir.resolve("keystore.p12"), "not a keystore");
    List<String> lines = start("metrics.port=0,metrics.host=127.0.0.1,metrics.tls.keystore=" + notAKeystore
        + ",metrics.tls.keystore-password-file=" + password);
    assertEquals(1, lines.size(), lines.toString());
    assertEquals(true, lines.get(0).startsWith("[monitoring-agent] WARN monitoring.metrics.tls.keystore='"
        + notAKeystore + "' cannot be loaded as PKCS12 ("), lines.get(0));
    assertEquals(true, lines.get(0).endsWith("; the metrics endpoint is off, the application runs on"), lines.get(0));
  }

  @Test
  void hostThatDoesNotResolveAndPortInUse() throws Exception {
    List<String> lines = start("metrics.port=0,metrics.host=no-such-host.invalid");
    assertEquals(1, lines.size(), lines.toString());
    assertEquals(true, lines.get(0).startsWith(
        "[monitoring-agent] WARN monitoring.metrics.host='no-such-host.invalid' is not a known address ("), lines.get(0));
    try (ServerSocket held = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      lines = start("metrics.port=" + held.getLocalPort() + ",metrics.host=127.0.0.1");
      assertEquals(1, lines.size(), lines.toString());
      assertEquals(true, lines.get(0).startsWith("[monitoring-agent] WARN monitoring.metrics.port="
          + held.getLocalPort() + " on 127.0.0.1 cannot be bound ("), lines.get(0));
    }
  }
}
