package io.monitoring.bench.logs;

import io.monitoring.bench.BenchmarkTomcat;
import io.monitoring.bench.KeptAliveConnection;
import io.monitoring.bench.MicrobenchmarkSettings;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.function.Consumer;
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
 * two request benchmarks' added figures, divided by {@value #LINES}; that includes printing the 50 characters of ids
 * that are empty without the agent, so {@link #requestWithLinesAndOwnIds} prints the same text without the agent
 * (the application putting ids of the same lengths into its own MDC): the agent's {@link #requestWithLines} against
 * that, divided by {@value #LINES}, is what the agent adds to a line that shows the ids.
 */
public abstract class LogLineBenchmark extends MicrobenchmarkSettings {
  static final int LINES = 1000;
  static final String PATTERN = "[trace_id=%X{trace_id}] [span_id=%X{span_id}] [trace_flags=%X{trace_flags}] %msg%n";

  private BenchmarkTomcat tomcat;
  private KeptAliveConnection withLines;
  private KeptAliveConnection withoutLines;
  private KeptAliveConnection withOwnIds;

  /** Logs {@code ?lines=N} lines, then answers 204. */
  public static final class LoggingServlet extends HttpServlet {
    private final transient IntConsumer logLine;
    private final transient Consumer<Boolean> ownIds;

    LoggingServlet(IntConsumer logLine, Consumer<Boolean> ownIds) {
      this.logLine = logLine;
      this.ownIds = ownIds;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) {
      int lines = Integer.parseInt(req.getParameter("lines"));
      boolean own = req.getParameter("own") != null;
      if (own) {
        ownIds.accept(true);
      }
      for (int i = 0; i < lines; i++) {
        logLine.accept(i);
      }
      if (own) {
        ownIds.accept(false);
      }
      resp.setStatus(204);
    }
  }

  /** Sets the library up: {@link #PATTERN} to a sink that discards it, for the logger {@link #logLine} uses. */
  protected abstract void configure() throws Exception;

  /** Logs {@code order <i>} at INFO. */
  protected abstract void logLine(int i);

  /**
   * Puts (true) or removes (false) the application's own {@code trace_id}, {@code span_id} and {@code trace_flags}
   * (32, 16 and 2 characters, as the agent's): the same line printed without the agent, as an application that puts
   * the ids into its MDC itself prints it.
   */
  protected abstract void ownIds(boolean put);

  static final String OWN_TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  static final String OWN_SPAN_ID = "00f067aa0ba902b7";
  static final String OWN_TRACE_FLAGS = "01";

  @Setup(Level.Trial)
  public void start() throws Exception {
    configure();
    tomcat = new BenchmarkTomcat("", new LoggingServlet(this::logLine, this::ownIds), "/log");
    withLines = tomcat.connect("/log?lines=" + LINES);
    withoutLines = tomcat.connect("/log?lines=0");
    withOwnIds = tomcat.connect("/log?own&lines=" + LINES);
    if (requestWithLines() != 204 || requestWithoutLines() != 204 || requestWithLinesAndOwnIds() != 204) {
      throw new IllegalStateException("the servlet did not answer 204");
    }
  }

  @TearDown(Level.Trial)
  public void stop() throws IOException, LifecycleException {
    withLines.close();
    withoutLines.close();
    withOwnIds.close();
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

  /**
   * The same lines, the application putting its own ids into its MDC first (the agent then adds none): without the
   * agent, the baseline that prints the same text as {@link #requestWithLines} does with it.
   */
  @Benchmark
  public int requestWithLinesAndOwnIds() throws IOException {
    return withOwnIds.get();
  }

  @Benchmark
  public int requestWithoutLines() throws IOException {
    return withoutLines.get();
  }
}
