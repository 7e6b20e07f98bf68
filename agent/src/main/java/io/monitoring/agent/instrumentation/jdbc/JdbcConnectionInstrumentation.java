package io.monitoring.agent.instrumentation.jdbc;

import static io.monitoring.agent.instrumentation.Matchers.isPublic;
import static io.monitoring.agent.instrumentation.Matchers.isStatic;
import static io.monitoring.agent.instrumentation.Matchers.named;
import static io.monitoring.agent.instrumentation.Matchers.namedOneOf;
import static io.monitoring.agent.instrumentation.Matchers.not;
import static io.monitoring.agent.instrumentation.Matchers.takesArgument;

import io.monitoring.agent.bootstrap.CallDepth;
import io.monitoring.agent.bootstrap.JdbcHooks;
import io.monitoring.agent.instrumentation.Weaving;
import io.monitoring.agent.instrumentation.WeavingRules;
import io.monitoring.agent.instrumentation.Advice;

/**
 * Every {@code java.sql.Connection} implementation: tells the agent which connection (and, for
 * {@code prepareStatement} / {@code prepareCall}, which SQL) each new statement belongs to. The SQL is
 * parsed here, once per prepare, so executing a prepared statement only looks up what is known.
 */
public final class JdbcConnectionInstrumentation {
  private JdbcConnectionInstrumentation() {}

  public static WeavingRules install(WeavingRules rules, Weaving weaving) {
    return rules.type(weaving.implementing("java.sql.Connection"))
        .transform(weaving.advice()
            .advice(isPublic().and(not(isStatic())).and(namedOneOf("prepareStatement", "prepareCall"))
                .and(takesArgument(0, String.class)), "Start", "PrepareAdvice")
            .advice(isPublic().and(not(isStatic())).and(named("createStatement")), "Start", "CreateStatementAdvice"));
  }

  /** A statement is being created: a pool proxy's call through to the driver's is the same creation. */
  public static final class Start {
    private Start() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void enter() {
      CallDepth.enter(CallDepth.DB_PREPARE);
    }
  }

  public static final class PrepareAdvice {
    private PrepareAdvice() {}

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.This Object connection, @Advice.Argument(0) String sql,
        @Advice.Return Object statement) {
      if (CallDepth.exit(CallDepth.DB_PREPARE) == 0) {
        JdbcHooks.statementCreated(connection, sql, statement);
      }
    }
  }

  public static final class CreateStatementAdvice {
    private CreateStatementAdvice() {}

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.This Object connection, @Advice.Return Object statement) {
      if (CallDepth.exit(CallDepth.DB_PREPARE) == 0) {
        JdbcHooks.statementCreated(connection, null, statement);
      }
    }
  }
}
