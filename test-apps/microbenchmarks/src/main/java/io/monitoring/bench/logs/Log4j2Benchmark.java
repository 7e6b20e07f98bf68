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
  protected void logLine(int i) {
    logger.info("order {}", i);
  }
}
