package io.monitoring.bench.servlet;

import io.monitoring.bench.BenchmarkTomcat;
import io.monitoring.bench.KeptAliveConnection;
import io.monitoring.bench.MicrobenchmarkSettings;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.catalina.LifecycleException;
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
  private BenchmarkTomcat tomcat;
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
    tomcat = new BenchmarkTomcat("/shop", new OrderServlet(), "/orders/*");
    connection = tomcat.connect("/shop/orders/7");
    if (get() != 200) {
      throw new IllegalStateException("the servlet did not answer 200");
    }
  }

  @TearDown(Level.Trial)
  public void stop() throws IOException, LifecycleException {
    connection.close();
    tomcat.close();
  }

  /** One request, the whole response read; returns the status. */
  @Benchmark
  public int get() throws IOException {
    return connection.get();
  }
}
