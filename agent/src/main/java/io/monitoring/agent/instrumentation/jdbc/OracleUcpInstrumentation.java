package io.monitoring.agent.instrumentation.jdbc;

import static io.monitoring.agent.instrumentation.Matchers.named;
import static io.monitoring.agent.instrumentation.Matchers.takesArgument;
import static io.monitoring.agent.instrumentation.Matchers.takesArguments;

import io.monitoring.agent.bootstrap.ConnectionPoolHooks;
import io.monitoring.agent.instrumentation.Weaving;
import io.monitoring.agent.instrumentation.WeavingRules;
import io.monitoring.agent.instrumentation.Advice;

/**
 * Oracle UCP: its pool ({@code UniversalConnectionPoolBase}, whatever JDBC driver it pools) is registered when it
 * starts (a {@code PoolDataSourceImpl}'s first {@code getConnection}, or {@code startPool}), under its
 * {@code connectionPoolName}, read at scrape time (borrowed, available, their sum, pending requests) and forgotten
 * when stopped (the pool manager's {@code stopConnectionPool} or {@code destroyConnectionPool}); each borrower's wait
 * in the data source's {@code getConnection} (every overload ends in the one taking a retrieval info) timed, its
 * giving up after {@code connectionWaitDuration} counted. The data source keeps its pool in a field named as DBCP 2's
 * does, {@code connectionPool}: DBCP 2's borrow advice serves as it is.
 */
public final class OracleUcpInstrumentation {
  private static final String POOL = "oracle.ucp.common.UniversalConnectionPoolBase";
  private static final String DATA_SOURCE = "oracle.ucp.jdbc.PoolDataSourceImpl";
  /**
   * The types woven, comma-separated: a constant, so {@link io.monitoring.agent.instrumentation.InstrumentedLibraries}
   * copies it at compile time and premain loads no installer.
   */
  public static final String TYPES = POOL + "," + DATA_SOURCE;

  private OracleUcpInstrumentation() {}

  public static WeavingRules install(WeavingRules rules, Weaving weaving) {
    return rules.type(weaving.types(POOL))
        .transform(weaving.advice()
            .advice(named("start").and(takesArguments(2)), "StartedAdvice")
            .advice(named("stop").and(takesArguments(0)), "HikariPoolInstrumentation$ShutdownAdvice"))
        .type(weaving.types(DATA_SOURCE))
        .transform(weaving.advice()
            .advice(named("getConnection").and(takesArguments(1))
                .and(takesArgument(0, named("oracle.ucp.jdbc.JDBCConnectionRetrievalInfo"))),
                "CommonsDbcp2Instrumentation$BorrowedAdvice"));
  }

  /** The pool is its own configuration: the agent reads its name from it. */
  public static final class StartedAdvice {
    private StartedAdvice() {}

    @Advice.OnMethodExit(suppress = Throwable.class)
    public static void exit(@Advice.This Object pool) {
      ConnectionPoolHooks.poolCreated(pool, pool);
    }
  }
}
