package io.monitoring.bench.logs;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import java.io.OutputStream;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.slf4j.LoggerFactory;

/** {@link LogLineBenchmark} through Logback: an encoder with the pattern, to a stream that discards the bytes. */
@State(Scope.Benchmark)
public class LogbackBenchmark extends LogLineBenchmark {
  private Logger logger;

  @Override
  protected void configure() {
    // slf4j-nop is on the class path too (for the pools' benchmarks): SLF4J would take whichever provider it lists first
    System.setProperty("slf4j.provider", "ch.qos.logback.classic.spi.LogbackServiceProvider");
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
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
  }

  @Override
  protected void ownIds(boolean put) {
    if (put) {
      org.slf4j.MDC.put("trace_id", OWN_TRACE_ID);
      org.slf4j.MDC.put("span_id", OWN_SPAN_ID);
      org.slf4j.MDC.put("trace_flags", OWN_TRACE_FLAGS);
    } else {
      org.slf4j.MDC.remove("trace_id");
      org.slf4j.MDC.remove("span_id");
      org.slf4j.MDC.remove("trace_flags");
    }
  }

  @Override
  protected void logLine(int i) {
    logger.info("order {}", i);
  }
}
