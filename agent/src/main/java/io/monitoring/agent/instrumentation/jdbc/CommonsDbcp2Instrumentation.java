package io.monitoring.agent.instrumentation.jdbc;

import static io.monitoring.agent.instrumentation.Matchers.named;
import static io.monitoring.agent.instrumentation.Matchers.takesArguments;

import io.monitoring.agent.bootstrap.ConnectionPoolHooks;
import io.monitoring.agent.instrumentation.Weaving;
import io.monitoring.agent.instrumentation.WeavingRules;
import io.monitoring.agent.instrumentation.Advice;

/**
 * Apache Commons DBCP 2's {@code BasicDataSource}: the commons-pool {@code GenericObjectPool} it keeps its connections
 * in is registered when the data source creates it (on first use), under the data source's JMX name (else
 * {@code dbcp2-N}), read at scrape time ({@code getNumActive}, {@code getNumIdle}, {@code getNumWaiters}) and
 * forgotten at {@code close()}; each borrower's wait in {@code getConnection} timed, its giving up after
 * {@code maxWait} counted. The advice reads the data source's own {@code connectionPool} field: commons-pool's
 * generic pools serve other libraries too (Jedis), so only the ones a data source made are registered.
 */
public final class CommonsDbcp2Instrumentation {
  /**
   * The types woven, comma-separated: a constant, so {@link io.monitoring.agent.instrumentation.InstrumentedLibraries}
   * copies it at compile time and premain loads no installer.
   */
  public static final String TYPES = "org.apache.commons.dbcp2.BasicDataSource";

  private CommonsDbcp2Instrumentation() {}

  public static WeavingRules install(WeavingRules rules, Weaving weaving) {
    return rules.type(weaving.types(TYPES))
        .transform(weaving.advice()
            .advice(named("createConnectionPool").and(takesArguments(1)), "PoolCreatedAdvice")
            .advice(named("close").and(takesArguments(0)), "CloseAdvice")
            .advice(named("getConnection").and(takesArguments(0)), "BorrowedAdvice"));
  }

  public static final class PoolCreatedAdvice {
    private PoolCreatedAdvice() {}

    @Advice.OnMethodExit(suppress = Throwable.class)
    public static void exit(@Advice.FieldValue("connectionPool") Object pool, @Advice.This Object dataSource) {
      ConnectionPoolHooks.poolCreated(pool, dataSource);
    }
  }

  /** On entry: {@code close()} takes the pool out of the field before closing it. */
  public static final class CloseAdvice {
    private CloseAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void enter(@Advice.FieldValue("connectionPool") Object pool) {
      ConnectionPoolHooks.poolClosed(pool);
    }
  }

  /** The field is read on exit: the first {@code getConnection} creates the pool. Oracle UCP's data source too. */
  public static final class BorrowedAdvice {
    private BorrowedAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static long enter() {
      return System.nanoTime();
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.FieldValue("connectionPool") Object pool, @Advice.Enter long start, @Advice.Thrown Throwable error) {
      ConnectionPoolHooks.connectionWaited(pool, start, error);
    }
  }
}
