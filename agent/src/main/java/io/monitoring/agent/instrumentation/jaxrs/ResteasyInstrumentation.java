package io.monitoring.agent.instrumentation.jaxrs;

import static io.monitoring.agent.instrumentation.Matchers.named;
import static io.monitoring.agent.instrumentation.Matchers.takesArgument;
import static io.monitoring.agent.instrumentation.Matchers.takesArguments;

import io.monitoring.agent.bootstrap.HttpServerHooks;
import io.monitoring.agent.instrumentation.Weaving;
import io.monitoring.agent.instrumentation.WeavingRules;
import io.monitoring.agent.instrumentation.Advice;

/**
 * RESTEasy (jakarta.ws.rs) under a servlet container: each step of matching a request hands the agent the resource
 * invoker it found (or the not-found it threw), first the application's registry (a root resource's method or
 * sub-resource locator), then one locator registry per resource a locator returned. The agent joins their paths into
 * the route of the servlet request being served.
 */
public final class ResteasyInstrumentation {
  /**
   * The types woven, comma-separated: a constant, so {@link io.monitoring.agent.instrumentation.InstrumentedLibraries}
   * copies it at compile time and premain loads no installer.
   */
  public static final String TYPES = "org.jboss.resteasy.core.ResourceMethodRegistry,org.jboss.resteasy.core.LocatorRegistry";

  private ResteasyInstrumentation() {}

  public static WeavingRules install(WeavingRules rules, Weaving weaving) {
    return rules.type(weaving.types(TYPES))
        .transform(weaving.advice().advice(named("getResourceInvoker").and(takesArguments(1))
                .and(takesArgument(0, named("org.jboss.resteasy.spi.HttpRequest"))),
            "MatchAdvice"));
  }

  public static final class MatchAdvice {
    private MatchAdvice() {}

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.Return Object invoker, @Advice.Thrown Throwable error) {
      HttpServerHooks.routed(invoker, error);
    }
  }
}
