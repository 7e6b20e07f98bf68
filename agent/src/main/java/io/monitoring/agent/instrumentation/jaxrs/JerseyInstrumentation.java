package io.monitoring.agent.instrumentation.jaxrs;

import static io.monitoring.agent.instrumentation.Matchers.named;
import static io.monitoring.agent.instrumentation.Matchers.takesArgument;
import static io.monitoring.agent.instrumentation.Matchers.takesArguments;

import io.monitoring.agent.bootstrap.HttpServerHooks;
import io.monitoring.agent.instrumentation.Weaving;
import io.monitoring.agent.instrumentation.WeavingRules;
import io.monitoring.agent.instrumentation.Advice;

/**
 * Jersey 2 (javax.ws.rs) and 3 (jakarta.ws.rs) under a servlet container: when its routing stage has matched a
 * request (sub-resource locators followed) or found nothing, the agent reads the templates it matched off the
 * request's processing context, and they become the route of the servlet request being served.
 */
public final class JerseyInstrumentation {
  /** The same name in Jersey 2 and 3: routing runs here once per request. */
  /**
   * The types woven, comma-separated: a constant, so {@link io.monitoring.agent.instrumentation.InstrumentedLibraries}
   * copies it at compile time and premain loads no installer.
   */
  public static final String TYPES = "org.glassfish.jersey.server.internal.routing.RoutingStage";

  private JerseyInstrumentation() {}

  public static WeavingRules install(WeavingRules rules, Weaving weaving) {
    return rules.type(weaving.types(TYPES))
        .transform(weaving.advice().advice(named("apply").and(takesArguments(1))
                .and(takesArgument(0, named("org.glassfish.jersey.server.internal.process.RequestProcessingContext"))),
            "RoutingAdvice"));
  }

  public static final class RoutingAdvice {
    private RoutingAdvice() {}

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.Argument(0) Object processingContext, @Advice.Thrown Throwable error) {
      HttpServerHooks.routed(processingContext, error);
    }
  }
}
