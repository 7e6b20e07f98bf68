package io.monitoring.agent.instrumentation.jdbc;

import static io.monitoring.agent.instrumentation.Matchers.isAbstract;
import static io.monitoring.agent.instrumentation.Matchers.isPublic;
import static io.monitoring.agent.instrumentation.Matchers.isStatic;
import static io.monitoring.agent.instrumentation.Matchers.named;
import static io.monitoring.agent.instrumentation.Matchers.namedOneOf;
import static io.monitoring.agent.instrumentation.Matchers.not;
import static io.monitoring.agent.instrumentation.Matchers.takesArgument;
import static io.monitoring.agent.instrumentation.Matchers.takesArguments;

import io.monitoring.agent.bootstrap.CallDepth;
import io.monitoring.agent.bootstrap.JdbcHooks;
import io.monitoring.agent.instrumentation.Weaving;
import io.monitoring.agent.instrumentation.WeavingRules;
import io.monitoring.agent.instrumentation.Advice;
import io.monitoring.agent.instrumentation.DeclaredMethod;
import io.monitoring.agent.instrumentation.Matcher;

/**
 * Every {@code java.sql.Statement} implementation (driver statements, pool proxies, wrappers): times
 * {@code execute*} and {@code execute*Batch}, remembers what {@code addBatch} adds, forgets the statement
 * at {@code close}. Of nested calls
 * (a pool's proxy calling the driver's statement) only the outermost is measured.
 */
public final class JdbcStatementInstrumentation {
  private JdbcStatementInstrumentation() {}

  public static WeavingRules install(WeavingRules rules, Weaving weaving) {
    Matcher<DeclaredMethod> api = isPublic().and(not(isStatic())).and(not(isAbstract()));
    Matcher<DeclaredMethod> execute =
        api.and(namedOneOf("execute", "executeQuery", "executeUpdate", "executeLargeUpdate"));
    return rules.type(weaving.implementing("java.sql.Statement"))
        .transform(weaving.advice()
            .advice(execute.and(takesArgument(0, String.class)), "Start", "ExecuteSqlAdvice")
            .advice(execute.and(takesArguments(0)), "Start", "ExecutePreparedAdvice")
            .advice(api.and(namedOneOf("executeBatch", "executeLargeBatch")).and(takesArguments(0)),
                "Start", "ExecuteBatchAdvice")
            .advice(api.and(named("addBatch")).and(takesArguments(String.class)), "Nested", "AddBatchSqlAdvice")
            .advice(api.and(named("addBatch")).and(takesArguments(0)), "Nested", "AddBatchAdvice")
            .advice(api.and(named("clearBatch")).and(takesArguments(0)), "Nested", "ClearBatchAdvice")
            .advice(api.and(named("close")).and(takesArguments(0)), "Nested", "CloseAdvice"));
  }

  /** An execution starts: one more level of statement calls on this thread, and its start time. */
  public static final class Start {
    private Start() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static long enter() {
      CallDepth.enter(CallDepth.DB);
      return System.nanoTime();
    }
  }

  /** Any other statement call: counted in the depth, so a proxy's call through to the driver is not seen twice. */
  public static final class Nested {
    private Nested() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void enter() {
      CallDepth.enter(CallDepth.DB);
    }
  }

  /** {@code execute(String …)}, {@code executeQuery(String)}, …: the SQL is the argument. */
  public static final class ExecuteSqlAdvice {
    private ExecuteSqlAdvice() {}

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.This Object statement, @Advice.Argument(0) String sql, @Advice.Enter long start,
        @Advice.Thrown Throwable error) {
      if (CallDepth.exit(CallDepth.DB) == 0) {
        JdbcHooks.executed(statement, sql, start, error);
      }
    }
  }

  /** {@code execute()}, {@code executeQuery()}, …: the SQL was given when the statement was prepared. */
  public static final class ExecutePreparedAdvice {
    private ExecutePreparedAdvice() {}

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.This Object statement, @Advice.Enter long start, @Advice.Thrown Throwable error) {
      if (CallDepth.exit(CallDepth.DB) == 0) {
        JdbcHooks.executed(statement, null, start, error);
      }
    }
  }

  public static final class ExecuteBatchAdvice {
    private ExecuteBatchAdvice() {}

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.This Object statement, @Advice.Enter long start, @Advice.Thrown Throwable error) {
      if (CallDepth.exit(CallDepth.DB) == 0) {
        JdbcHooks.batchExecuted(statement, start, error);
      }
    }
  }

  /** The batch's operation and table come from what was added; nested proxies are ignored like executions. */
  public static final class AddBatchSqlAdvice {
    private AddBatchSqlAdvice() {}

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.This Object statement, @Advice.Argument(0) String sql, @Advice.Thrown Throwable error) {
      if (CallDepth.exit(CallDepth.DB) == 0 && error == null) {
        JdbcHooks.batchAdded(statement, sql);
      }
    }
  }

  public static final class AddBatchAdvice {
    private AddBatchAdvice() {}

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.This Object statement, @Advice.Thrown Throwable error) {
      if (CallDepth.exit(CallDepth.DB) == 0 && error == null) {
        JdbcHooks.batchAdded(statement, null);
      }
    }
  }

  public static final class ClearBatchAdvice {
    private ClearBatchAdvice() {}

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.This Object statement) {
      if (CallDepth.exit(CallDepth.DB) == 0) {
        JdbcHooks.batchCleared(statement);
      }
    }
  }

  /**
   * Forgets the statement at close: a pool-and-ORM application prepares a statement per query, and
   * entries left for the garbage collector to clear would cost every young collection their copying
   * and reference processing.
   */
  public static final class CloseAdvice {
    private CloseAdvice() {}

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.This Object statement) {
      if (CallDepth.exit(CallDepth.DB) == 0) {
        JdbcHooks.statementClosed(statement);
      }
    }
  }
}
