package io.monitoring.agent.instrumentation.jdbc;

import static io.monitoring.agent.instrumentation.Matchers.isConstructor;
import static io.monitoring.agent.instrumentation.Matchers.named;
import static io.monitoring.agent.instrumentation.Matchers.takesArguments;

import io.monitoring.agent.instrumentation.Weaving;
import io.monitoring.agent.instrumentation.WeavingRules;

/**
 * Agroal's {@code ConnectionPool} (Quarkus's pool, behind every {@code AgroalDataSource}): registered when created
 * (Agroal pools have no name: {@code agroal-N} in creation order), read at scrape time ({@code activeCount},
 * {@code availableCount}, {@code awaitingCount}), forgotten when closed; each borrower's wait in
 * {@code getConnection} timed, and its acquisition timeout counted. HikariCP's advice serves as it is.
 */
public final class AgroalPoolInstrumentation {
  /**
   * The types woven, comma-separated: a constant, so {@link io.monitoring.agent.instrumentation.InstrumentedLibraries}
   * copies it at compile time and premain loads no installer.
   */
  public static final String TYPES = "io.agroal.pool.ConnectionPool";

  private AgroalPoolInstrumentation() {}

  public static WeavingRules install(WeavingRules rules, Weaving weaving) {
    return rules.type(weaving.types(TYPES))
        .transform(weaving.advice()
            .advice(isConstructor(), "HikariPoolInstrumentation$ConstructorAdvice")
            .advice(named("close").and(takesArguments(0)), "HikariPoolInstrumentation$ShutdownAdvice")
            .advice(named("getConnection").and(takesArguments(0)), "HikariPoolInstrumentation$BorrowedAdvice"));
  }
}
