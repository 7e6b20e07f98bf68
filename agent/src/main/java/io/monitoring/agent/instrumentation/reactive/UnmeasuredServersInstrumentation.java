package io.monitoring.agent.instrumentation.reactive;

import static io.monitoring.agent.instrumentation.Matchers.named;
import static io.monitoring.agent.instrumentation.Matchers.takesArguments;

import io.monitoring.agent.bootstrap.HttpServerHooks;
import io.monitoring.agent.instrumentation.Weaving;
import io.monitoring.agent.instrumentation.WeavingRules;
import io.monitoring.agent.instrumentation.Advice;

/**
 * HTTP servers the agent does not measure yet: when one starts listening the agent says so, once, instead of
 * leaving a user to wonder why {@code http_requests_total} never appears. Vert.x's (Quarkus serves on it, and
 * so do Vert.x Web applications), 4 and 5: {@code HttpServerImpl.listen(SocketAddress)}.
 */
public final class UnmeasuredServersInstrumentation {
  /**
   * The types woven, comma-separated: a constant, so {@link io.monitoring.agent.instrumentation.InstrumentedLibraries}
   * copies it at compile time and premain loads no installer.
   */
  public static final String TYPES = "io.vertx.core.http.impl.HttpServerImpl";

  private UnmeasuredServersInstrumentation() {}

  public static WeavingRules install(WeavingRules rules, Weaving weaving) {
    return rules.type(weaving.types(TYPES))
        .transform(weaving.advice().advice(named("listen").and(takesArguments(1)), "VertxListenAdvice"));
  }

  public static final class VertxListenAdvice {
    private VertxListenAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void enter() {
      HttpServerHooks.unmeasuredServerStarted("Vert.x's HTTP server");
    }
  }
}
