package io.monitoring.bench.logs;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import io.monitoring.bench.BenchmarkTomcat;
import io.monitoring.bench.KeptAliveConnection;
import io.monitoring.bench.MicrobenchmarkSettings;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import org.apache.catalina.LifecycleException;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.slf4j.LoggerFactory;

/**
 * A Logback log call formatted with {@code [trace_id=%X{trace_id}] [span_id=%X{span_id}]
 * [trace_flags=%X{trace_flags}] %msg%n} into a stream that discards it: on the benchmark thread, outside any span
 * ({@link #lineOutsideRequest}), and {@value #LINES} such lines inside one request to an embedded Tomcat 11
 * servlet, whose SERVER span is current ({@link #requestWithLines}), beside the same request logging nothing
 * ({@link #requestWithoutLines}). The agent's cost of one line inside a request is the difference of the two
 * request benchmarks' added times, divided by {@value #LINES}.
 */
@State(Scope.Benchmark)
public class LogbackBenchmark extends MicrobenchmarkSettings {
  static final int LINES = 1000;
  private static final String PATTERN = "[trace_id=%X{trace_id}] [span_id=%X{span_id}] [trace_flags=%X{trace_flags}] %msg%n";

  private Logger logger;
  private BenchmarkTomcat tomcat;
  private KeptAliveConnection withLines;
  private KeptAliveConnection withoutLines;

  /** Logs {@code ?lines=N} lines, then answers 204. */
  public static final class LoggingServlet extends HttpServlet {
    private final transient org.slf4j.Logger log;

    LoggingServlet(org.slf4j.Logger log) {
      this.log = log;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) {
      int lines = Integer.parseInt(req.getParameter("lines"));
      for (int i = 0; i < lines; i++) {
        log.info("order {}", i);
      }
      resp.setStatus(204);
    }
  }

  @Setup(Level.Trial)
  public void start() throws Exception {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(ch.qos.logback.classic.Level.WARN);
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern(PATTERN);
    encoder.start();
    OutputStreamAppender<ILoggingEvent> discard = new OutputStreamAppender<>();
    discard.setContext(context);
    discard.setEncoder(encoder);
    discard.setOutputStream(OutputStream.nullOutputStream());
    discard.start();
    logger = context.getLogger("bench");
    logger.setLevel(ch.qos.logback.classic.Level.INFO);
    logger.setAdditive(false);
    logger.addAppender(discard);

    tomcat = new BenchmarkTomcat("", new LoggingServlet(logger), "/log");
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
    logger.info("order {}", 7);
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
