package io.monitoring.agent.instrumentation.jdbc;

import static io.monitoring.agent.instrumentation.Matchers.isConstructor;
import static io.monitoring.agent.instrumentation.Matchers.named;
import static io.monitoring.agent.instrumentation.Matchers.takesArgument;
import static io.monitoring.agent.instrumentation.Matchers.takesArguments;

import io.monitoring.agent.bootstrap.ConnectionPoolHooks;
import io.monitoring.agent.instrumentation.Weaving;
import io.monitoring.agent.instrumentation.WeavingRules;
import io.monitoring.agent.instrumentation.Advice;

/**
 * HikariCP's {@code HikariPool}: registers every pool the application creates, under its pool name, so
 * its own counters can be read at scrape time, and forgets it at {@code shutdown()}; times each borrower's
 * wait in {@code getConnection}. The pool and its
 * configuration are passed as plain objects; the agent reads them reflectively, off the request path.
 */
public final class HikariPoolInstrumentation {
  /**
   * The types woven, comma-separated: a constant, so {@link io.monitoring.agent.instrumentation.InstrumentedLibraries}
   * copies it at compile time and premain loads no installer.
   */
  public static final String TYPES = "com.zaxxer.hikari.pool.HikariPool";

  private HikariPoolInstrumentation() {}

  public static WeavingRules install(WeavingRules rules, Weaving weaving) {
    return rules.type(weaving.types(TYPES))
        .transform(weaving.advice()
            .advice(isConstructor().and(takesArguments(1)).and(takesArgument(0, named("com.zaxxer.hikari.HikariConfig"))),
                "ConstructorAdvice")
            .advice(named("shutdown").and(takesArguments(0)), "ShutdownAdvice")
            .advice(named("getConnection").and(takesArguments(long.class)), "BorrowedAdvice"));
  }

  public static final class ConstructorAdvice {
    private ConstructorAdvice() {}

    @Advice.OnMethodExit(suppress = Throwable.class)
    public static void exit(@Advice.This Object pool, @Advice.Argument(0) Object config) {
      ConnectionPoolHooks.poolCreated(pool, config);
    }
  }

  /** {@code getConnection(timeout)}, which {@code getConnection()} calls: how long the borrower waited, and whether it gave up. */
  public static final class BorrowedAdvice {
    private BorrowedAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static long enter() {
      return System.nanoTime();
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.This Object pool, @Advice.Enter long start, @Advice.Thrown Throwable error) {
      ConnectionPoolHooks.connectionWaited(pool, start, error);
    }
  }

  public static final class ShutdownAdvice {
    private ShutdownAdvice() {}

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.This Object pool) {
      ConnectionPoolHooks.poolClosed(pool);
    }
  }
}
