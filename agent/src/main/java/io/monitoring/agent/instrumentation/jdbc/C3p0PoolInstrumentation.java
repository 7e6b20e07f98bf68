package io.monitoring.agent.instrumentation.jdbc;

import static io.monitoring.agent.instrumentation.Matchers.isConstructor;
import static io.monitoring.agent.instrumentation.Matchers.named;
import static io.monitoring.agent.instrumentation.Matchers.takesArguments;

import io.monitoring.agent.bootstrap.ConnectionPoolHooks;
import io.monitoring.agent.instrumentation.Weaving;
import io.monitoring.agent.instrumentation.WeavingRules;
import io.monitoring.agent.instrumentation.Advice;

/**
 * c3p0's pools: the {@code C3P0PooledConnectionPoolManager} a {@code ComboPooledDataSource} (any
 * {@code AbstractPoolBackedDataSource}) creates on first use is registered under the data source's
 * {@code dataSourceName} (its sixth constructor argument), read at scrape time (busy, idle and all connections of all
 * users; threads awaiting checkout of the default user) and forgotten when closed (the data source's {@code close()}
 * or a reset); each borrower's wait in the data source's {@code getConnection} timed, its giving up after
 * {@code checkoutTimeout} counted.
 */
public final class C3p0PoolInstrumentation {
  private static final String MANAGER = "com.mchange.v2.c3p0.impl.C3P0PooledConnectionPoolManager";
  private static final String DATA_SOURCE = "com.mchange.v2.c3p0.impl.AbstractPoolBackedDataSource";
  /**
   * The types woven, comma-separated: a constant, so {@link io.monitoring.agent.instrumentation.InstrumentedLibraries}
   * copies it at compile time and premain loads no installer.
   */
  public static final String TYPES = MANAGER + "," + DATA_SOURCE;

  private C3p0PoolInstrumentation() {}

  public static WeavingRules install(WeavingRules rules, Weaving weaving) {
    return rules.type(weaving.types(MANAGER))
        .transform(weaving.advice()
            .advice(isConstructor().and(takesArguments(6)), "ManagerCreatedAdvice")
            .advice(named("close").and(takesArguments(boolean.class)), "HikariPoolInstrumentation$ShutdownAdvice"))
        .type(weaving.types(DATA_SOURCE))
        .transform(weaving.advice()
            .advice(named("getConnection"), "BorrowedAdvice"));
  }

  public static final class ManagerCreatedAdvice {
    private ManagerCreatedAdvice() {}

    @Advice.OnMethodExit(suppress = Throwable.class)
    public static void exit(@Advice.This Object manager, @Advice.Argument(5) String dataSourceName) {
      ConnectionPoolHooks.poolCreated(manager, dataSourceName);
    }
  }

  /** The data source's {@code poolManager} is read on exit: the first {@code getConnection} creates it. */
  public static final class BorrowedAdvice {
    private BorrowedAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static long enter() {
      return System.nanoTime();
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.FieldValue("poolManager") Object manager, @Advice.Enter long start, @Advice.Thrown Throwable error) {
      ConnectionPoolHooks.connectionWaited(manager, start, error);
    }
  }
}
