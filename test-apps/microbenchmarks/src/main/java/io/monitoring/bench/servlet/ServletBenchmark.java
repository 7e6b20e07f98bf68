package io.monitoring.bench.servlet;

import io.monitoring.bench.KeptAliveConnection;
import io.monitoring.bench.MicrobenchmarkSettings;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One request to an embedded Tomcat 11 servlet over a kept-alive loopback connection, sent and read by hand
 * on a plain socket (no HTTP client the agent instruments), so the difference between forks is the server
 * side: the servlet advice, the request's series, its SERVER span.
 */
@State(Scope.Benchmark)
public class ServletBenchmark extends MicrobenchmarkSettings {
  private Tomcat tomcat;
  private File base;
  private KeptAliveConnection connection;

  /** Answers "order 7" with a fixed length, the shape of a small JSON API. */
  public static final class OrderServlet extends HttpServlet {
    private static final byte[] BODY = "order 7".getBytes(StandardCharsets.US_ASCII);

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      resp.setContentType("text/plain");
      resp.setContentLength(BODY.length);
      resp.getOutputStream().write(BODY);
    }
  }

  @Setup(Level.Trial)
  public void start() throws Exception {
    base = Files.createTempDirectory("servlet-bench").toFile();
    tomcat = new Tomcat();
    tomcat.setBaseDir(base.getAbsolutePath());
    Connector connector = new Connector();
    connector.setPort(0);
    connector.setProperty("address", "127.0.0.1");
    connector.setProperty("tcpNoDelay", "true");
    connector.setProperty("maxKeepAliveRequests", "-1");
    tomcat.setConnector(connector);
    Context ctx = tomcat.addContext("/shop", base.getAbsolutePath());
    Tomcat.addServlet(ctx, "orders", new OrderServlet());
    ctx.addServletMappingDecoded("/orders/*", "orders");
    tomcat.start();
    connection = new KeptAliveConnection(connector.getLocalPort(), "/shop/orders/7");
    if (get() != 200) {
      throw new IllegalStateException("the servlet did not answer 200");
    }
  }

  @TearDown(Level.Trial)
  public void stop() throws IOException, LifecycleException {
    connection.close();
    tomcat.stop();
    tomcat.destroy();
  }

  /** One request, the whole response read; returns the status. */
  @Benchmark
  public int get() throws IOException {
    return connection.get();
  }
}
