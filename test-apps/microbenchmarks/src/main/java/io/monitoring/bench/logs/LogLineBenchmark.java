package io.monitoring.bench.logs;

import io.monitoring.bench.BenchmarkTomcat;
import io.monitoring.bench.KeptAliveConnection;
import io.monitoring.bench.MicrobenchmarkSettings;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.function.IntConsumer;
import org.apache.catalina.LifecycleException;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A log line formatted with {@code [trace_id=%X{trace_id}] [span_id=%X{span_id}] [trace_flags=%X{trace_flags}]
 * %msg%n} into a sink that discards it, by a logging library a subclass configures: on the benchmark thread,
 * outside any span ({@link #lineOutsideRequest}), and {@value #LINES} such lines inside one request to an embedded
 * Tomcat 11 servlet, whose SERVER span is current ({@link #requestWithLines}), beside the same request logging
 * nothing ({@link #requestWithoutLines}). The agent's cost of one line inside a request is the difference of the
 * two request benchmarks' added figures, divided by {@value #LINES}.
 */
public abstract class LogLineBenchmark extends MicrobenchmarkSettings {
  static final int LINES = 1000;
  static final String PATTERN = "[trace_id=%X{trace_id}] [span_id=%X{span_id}] [trace_flags=%X{trace_flags}] %msg%n";

  private BenchmarkTomcat tomcat;
  private KeptAliveConnection withLines;
  private KeptAliveConnection withoutLines;

  /** Logs {@code ?lines=N} lines, then answers 204. */
  public static final class LoggingServlet extends HttpServlet {
    private final transient IntConsumer logLine;

    LoggingServlet(IntConsumer logLine) {
      this.logLine = logLine;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) {
      int lines = Integer.parseInt(req.getParameter("lines"));
      for (int i = 0; i < lines; i++) {
        logLine.accept(i);
      }
      resp.setStatus(204);
    }
  }

  /** Sets the library up: {@link #PATTERN} to a sink that discards it, for the logger {@link #logLine} uses. */
  protected abstract void configure() throws Exception;

  /** Logs {@code order <i>} at INFO. */
  protected abstract void logLine(int i);

  @Setup(Level.Trial)
  public void start() throws Exception {
    configure();
    tomcat = new BenchmarkTomcat("", new LoggingServlet(this::logLine), "/log");
    withLines = tomcat.connect("/log?lines=" + LINES);
    withoutLines = tomcat.connect("/log?lines=0");
    if (requestWithLines() != 204 || requestWithoutLines() != 204) {
      throw new IllegalStateException("the servlet did not answer 204");
    }
  }

  @TearDown(Level.Trial)
  public void stop() throws IOException, LifecycleException {
    withLines.close();
    withoutLines.close();
    tomcat.close();
  }

  @Benchmark
  public void lineOutsideRequest() {
    logLine(7);
  }

  @Benchmark
  public int requestWithLines() throws IOException {
    return withLines.get();
  }

  @Benchmark
  public int requestWithoutLines() throws IOException {
    return withoutLines.get();
  }
}
