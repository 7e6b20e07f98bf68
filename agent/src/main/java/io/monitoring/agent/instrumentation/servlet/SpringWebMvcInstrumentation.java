package io.monitoring.agent.instrumentation.servlet;

import static io.monitoring.agent.instrumentation.Matchers.named;
import static io.monitoring.agent.instrumentation.Matchers.takesArguments;

import io.monitoring.agent.bootstrap.HttpServerHooks;
import io.monitoring.agent.instrumentation.Weaving;
import io.monitoring.agent.instrumentation.WeavingRules;
import io.monitoring.agent.instrumentation.Advice;

/**
 * Spring MVC names a matched request's route itself (its best-matching pattern, which the servlet instrumentation
 * reads); for a request no handler matched it hands all its mappings to {@code handleNoMatch}, and a mapping whose
 * path matches (a 405: only the method did not) gives the route the handler's spelling.
 */
public final class SpringWebMvcInstrumentation {
  /**
   * The types woven, comma-separated: a constant, so {@link io.monitoring.agent.instrumentation.InstrumentedLibraries}
   * copies it at compile time and premain loads no installer.
   */
  public static final String TYPES = "org.springframework.web.servlet.mvc.method.RequestMappingInfoHandlerMapping";

  private SpringWebMvcInstrumentation() {}

  public static WeavingRules install(WeavingRules rules, Weaving weaving) {
    return rules.type(weaving.types(TYPES))
        .transform(weaving.advice().advice(named("handleNoMatch").and(takesArguments(3)), "NoMatchAdvice"));
  }

  public static final class NoMatchAdvice {
    private NoMatchAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void enter(@Advice.Argument(0) Object candidates, @Advice.Argument(2) Object request) {
      HttpServerHooks.noHandlerMatched(request, candidates);
    }
  }
}
