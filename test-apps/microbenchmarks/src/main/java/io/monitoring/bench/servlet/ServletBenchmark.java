package io.monitoring.bench.servlet;

import io.monitoring.bench.MicrobenchmarkSettings;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
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
  private static final byte[] REQUEST = ("GET /shop/orders/7 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
      .getBytes(StandardCharsets.US_ASCII);

  private Tomcat tomcat;
  private File base;
  private Socket socket;
  private OutputStream out;
  private InputStream in;
  private final byte[] buffer = new byte[8192];

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
    socket = new Socket("127.0.0.1", connector.getLocalPort());
    socket.setTcpNoDelay(true);
    out = socket.getOutputStream();
    in = socket.getInputStream();
    if (get() != 200) {
      throw new IllegalStateException("the servlet did not answer 200");
    }
  }

  @TearDown(Level.Trial)
  public void stop() throws IOException, LifecycleException {
    socket.close();
    tomcat.stop();
    tomcat.destroy();
  }

  /** Sends the request and reads the whole response (headers, then Content-Length bytes); returns the status. */
  @Benchmark
  public int get() throws IOException {
    out.write(REQUEST);
    out.flush();
    int read = 0;
    int headerEnd = -1;
    int contentLength = 0;
    while (true) {
      int n = in.read(buffer, read, buffer.length - read);
      if (n < 0) {
        throw new IOException("connection closed");
      }
      read += n;
      if (headerEnd < 0) {
        headerEnd = indexOfBlankLine(read);
        if (headerEnd >= 0) {
          contentLength = contentLength(headerEnd);
        }
      }
      if (headerEnd >= 0 && read >= headerEnd + contentLength) {
        return (buffer[9] - '0') * 100 + (buffer[10] - '0') * 10 + (buffer[11] - '0');
      }
    }
  }

  private int indexOfBlankLine(int length) {
    for (int i = 3; i < length; i++) {
      if (buffer[i] == '\n' && buffer[i - 1] == '\r' && buffer[i - 2] == '\n' && buffer[i - 3] == '\r') {
        return i + 1;
      }
    }
    return -1;
  }

  private int contentLength(int headerEnd) {
    String headers = new String(buffer, 0, headerEnd, StandardCharsets.US_ASCII).toLowerCase(java.util.Locale.ROOT);
    int i = headers.indexOf("content-length:");
    if (i < 0) {
      return 0;
    }
    int end = headers.indexOf('\r', i);
    return Integer.parseInt(headers.substring(i + "content-length:".length(), end).trim());
  }
}
