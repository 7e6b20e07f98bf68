package io.monitoring.agent.metrics;

import com.sun.net.httpserver.BasicAuthenticator;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import io.monitoring.agent.AgentLog;
import io.monitoring.agent.config.AgentSettings;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * Serves the agent's registry on {@code monitoring.metrics.host:port}: {@code /metrics} in Prometheus
 * text, OpenMetrics or protobuf (native histograms) as the scraper asks, {@code /-/healthy}, and the agent's JSON
 * pages ({@code /slow-queries}, the live page at {@code /} and {@code /api/summary}) behind the same authentication
 * and TLS. Its threads are daemon threads. A port in
 * use is one line on stderr, and the application runs.
 */
public final class MetricsEndpoint {
  private MetricsEndpoint() {}

  /** {@code pages}: path to the page served there. */
  public static HTTPServer start(AgentSettings settings, AgentMetrics metrics, Map<String, EndpointPage> pages) {
    try {
      HTTPServer.Builder builder = HTTPServer.builder()
          .inetAddress(InetAddress.getByName(settings.metricsHost))
          .port(settings.metricsPort)
          .registry(metrics.registry())
          .defaultHandler(exchange -> servePage(exchange, pages))
          .executorService(daemonExecutor());
      if (settings.basicAuth()) {
        builder.authenticator(basicAuth(settings.metricsUsername,
            secret("metrics.password-file", settings.metricsPasswordFile)));
      }
      if (settings.tls()) {
        builder.httpsConfigurator(new HttpsConfigurator(sslContext(settings)));
      }
      HTTPServer server = builder.buildAndStart();
      AgentLog.info("serving metrics on " + (settings.tls() ? "https" : "http") + "://" + settings.metricsHost + ":"
          + server.getPort() + "/metrics");
      return server;
    } catch (BindException e) {
      AgentLog.warn("monitoring.metrics.port=" + settings.metricsPort + " on " + settings.metricsHost
          + " cannot be bound (" + e.getMessage() + "); the metrics endpoint is off, the application runs on");
    } catch (java.net.UnknownHostException e) {
      AgentLog.warn("monitoring.metrics.host='" + settings.metricsHost + "' is not a known address (" + e.getMessage()
          + "); the metrics endpoint is off, the application runs on");
    } catch (Unusable e) {
      AgentLog.warn(e.getMessage() + "; the metrics endpoint is off, the application runs on");
    } catch (Exception e) {
      AgentLog.warn("the metrics endpoint on " + settings.metricsHost + ":" + settings.metricsPort
          + " could not start (" + e + "); it is off, the application runs on");
    }
    return null;
  }

  /** Every path but the registry's: one of {@code pages}, else the list of what is served here (404 off "/"). */
  private static void servePage(HttpExchange exchange, Map<String, EndpointPage> pages) throws IOException {
    try {
      String path = exchange.getRequestURI().getPath();
      EndpointPage page = pages.get(path);
      byte[] body;
      int status;
      if (page != null) {
        body = page.body.get();
        status = 200;
        exchange.getResponseHeaders().set("Content-Type", page.contentType);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
      } else {
        StringBuilder text = new StringBuilder("monitoring-agent: /metrics, /-/healthy");
        pages.keySet().stream().sorted().forEach(p -> text.append(", ").append(p));
        body = text.append('\n').toString().getBytes(StandardCharsets.UTF_8);
        status = "/".equals(path) ? 200 : 404;
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
      }
      exchange.sendResponseHeaders(status, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    } finally {
      exchange.close();
    }
  }

  private static ExecutorService daemonExecutor() {
    ThreadPoolExecutor executor = new ThreadPoolExecutor(1, 2, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(64), r -> {
      Thread t = new Thread(r, "monitoring-agent-metrics-http");
      t.setDaemon(true);
      return t;
    });
    executor.allowCoreThreadTimeOut(true);
    return executor;
  }

  /** A setting that names something that cannot be used; its message names the key and says why. */
  private static final class Unusable extends Exception {
    Unusable(String message) {
      super(message, null, false, false);
    }
  }

  private static String secret(String key, String file) throws Unusable {
    String value;
    try {
      value = new String(Files.readAllBytes(Paths.get(file)), StandardCharsets.UTF_8).trim();
    } catch (java.io.IOException | RuntimeException e) {
      throw new Unusable("monitoring." + key + "='" + file + "' cannot be read (" + e.getClass().getSimpleName()
          + (e.getMessage() == null || e.getMessage().equals(file) ? "" : ": " + e.getMessage()) + ")");
    }
    if (value.isEmpty()) {
      throw new Unusable("monitoring." + key + "='" + file + "' is empty");
    }
    return value;
  }

  private static BasicAuthenticator basicAuth(String username, String password) {
    byte[] expectedUser = username.getBytes(StandardCharsets.UTF_8);
    byte[] expectedPassword = password.getBytes(StandardCharsets.UTF_8);
    return new BasicAuthenticator("monitoring-agent") {
      @Override
      public boolean checkCredentials(String user, String pwd) {
        // constant-time comparison: no timing oracle on the password
        return MessageDigest.isEqual(expectedUser, user.getBytes(StandardCharsets.UTF_8))
            & MessageDigest.isEqual(expectedPassword, pwd.getBytes(StandardCharsets.UTF_8));
      }
    };
  }

  private static SSLContext sslContext(AgentSettings settings) throws Exception {
    char[] password = secret("metrics.tls.keystore-password-file", settings.tlsKeystorePasswordFile).toCharArray();
    String type = settings.tlsKeystore.endsWith(".jks") ? "JKS" : "PKCS12";
    KeyStore keyStore = KeyStore.getInstance(type);
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    try (InputStream in = Files.newInputStream(Paths.get(settings.tlsKeystore))) {
      keyStore.load(in, password);
      kmf.init(keyStore, password);
    } catch (java.io.IOException | java.security.GeneralSecurityException | RuntimeException e) {
      throw new Unusable("monitoring.metrics.tls.keystore='" + settings.tlsKeystore + "' cannot be loaded as " + type
          + " (" + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
    }
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(kmf.getKeyManagers(), null, null);
    return context;
  }
}
