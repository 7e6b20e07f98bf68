package io.monitoring.agent.instrumentation.jdbc;

import static io.monitoring.agent.instrumentation.Matchers.isConstructor;
import static io.monitoring.agent.instrumentation.Matchers.named;
import static io.monitoring.agent.instrumentation.Matchers.takesArguments;

import io.monitoring.agent.bootstrap.ConnectionPoolHooks;
import io.monitoring.agent.instrumentation.Weaving;
import io.monitoring.agent.instrumentation.WeavingRules;
import io.monitoring.agent.instrumentation.Advice;

/**
 * Tomcat JDBC's {@code ConnectionPool} (the pool of the classic Spring PetClinic WAR, and of Tomcat's own
 * {@code DataSource} resources): registered when created, under its configured name, read at scrape time
 * ({@code getActive}, {@code getIdle}, {@code getSize}, {@code getWaitCount}), forgotten when closed; each
 * borrower's wait in {@code getConnection} timed, and its giving up counted.
 */
public final class TomcatJdbcPoolInstrumentation {
  /**
   * The types woven, comma-separated: a constant, so {@link io.monitoring.agent.instrumentation.InstrumentedLibraries}
   * copies it at compile time and premain loads no installer.
   */
  public static final String TYPES = "org.apache.tomcat.jdbc.pool.ConnectionPool";

  private TomcatJdbcPoolInstrumentation() {}

  public static WeavingRules install(WeavingRules rules, Weaving weaving) {
    return rules.type(weaving.types(TYPES))
        .transform(weaving.advice()
            .advice(isConstructor().and(takesArguments(1)), "HikariPoolInstrumentation$ConstructorAdvice")
            .advice(named("close").and(takesArguments(boolean.class)), "HikariPoolInstrumentation$ShutdownAdvice")
            .advice(named("getConnection").and(takesArguments(0)), "HikariPoolInstrumentation$BorrowedAdvice"));
  }
}
