package io.monitoring.bench.logs;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * {@link LogLineBenchmark} through Log4j 2 (its default ThreadContext, a synchronous logger): {@code log4j2-bench.xml},
 * the same pattern written to {@code /dev/null}.
 */
@State(Scope.Benchmark)
public class Log4j2Benchmark extends LogLineBenchmark {
  private Logger logger;

  @Override
  protected void configure() {
    System.setProperty("log4j.configurationFile", "log4j2-bench.xml");
    logger = LogManager.getLogger("bench");
  }

  @Override
  protected void ownIds(boolean put) {
    if (put) {
      org.apache.logging.log4j.ThreadContext.put("trace_id", OWN_TRACE_ID);
      org.apache.logging.log4j.ThreadContext.put("span_id", OWN_SPAN_ID);
      org.apache.logging.log4j.ThreadContext.put("trace_flags", OWN_TRACE_FLAGS);
    } else {
      org.apache.logging.log4j.ThreadContext.remove("trace_id");
      org.apache.logging.log4j.ThreadContext.remove("span_id");
      org.apache.logging.log4j.ThreadContext.remove("trace_flags");
    }
  }

  @Override
  protected void logLine(int i) {
    logger.info("order {}", i);
  }
}
