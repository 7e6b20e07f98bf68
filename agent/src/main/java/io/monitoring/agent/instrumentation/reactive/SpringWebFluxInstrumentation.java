package io.monitoring.agent.instrumentation.reactive;

import static io.monitoring.agent.instrumentation.Matchers.named;
import static io.monitoring.agent.instrumentation.Matchers.takesArguments;

import io.monitoring.agent.bootstrap.HttpServerHooks;
import io.monitoring.agent.instrumentation.Weaving;
import io.monitoring.agent.instrumentation.WeavingRules;
import io.monitoring.agent.instrumentation.Advice;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.server.ServerWebExchange;

/**
 * Spring WebFlux's DispatcherHandler: the exchange it dispatches carries, once a handler matched, the
 * best-matching pattern of an annotated controller or a functional {@code RouterFunction} route; the server's
 * request (Reactor Netty's) is given the exchange's attributes to read it from when it ends.
 */
public final class SpringWebFluxInstrumentation {
  /**
   * The types woven, comma-separated: a constant, so {@link io.monitoring.agent.instrumentation.InstrumentedLibraries}
   * copies it at compile time and premain loads no installer.
   */
  public static final String TYPES = "org.springframework.web.reactive.DispatcherHandler";

  private SpringWebFluxInstrumentation() {}

  public static WeavingRules install(WeavingRules rules, Weaving weaving) {
    return rules.type(weaving.types(TYPES))
        .transform(weaving.advice().advice(named("handle").and(takesArguments(1)), "DispatchAdvice"));
  }

  public static final class DispatchAdvice {
    private DispatchAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void enter(@Advice.Argument(0) ServerWebExchange exchange) {
      HttpServerHooks.dispatched(ServerHttpRequestDecorator.getNativeRequest(exchange.getRequest()), exchange.getAttributes());
    }
  }
}
