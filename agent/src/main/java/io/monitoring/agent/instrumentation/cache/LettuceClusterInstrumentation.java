package io.monitoring.agent.instrumentation.cache;

import static io.monitoring.agent.instrumentation.Matchers.isStatic;
import static io.monitoring.agent.instrumentation.Matchers.named;
import static io.monitoring.agent.instrumentation.Matchers.takesArgument;
import static io.monitoring.agent.instrumentation.Matchers.takesArguments;

import io.monitoring.agent.bootstrap.RedisHooks;
import io.monitoring.agent.instrumentation.Weaving;
import io.monitoring.agent.instrumentation.WeavingRules;
import io.monitoring.agent.instrumentation.Advice;

/**
 * Lettuce 6 and 7 cluster connections: a command is measured where every Lettuce command is
 * ({@link LettuceInstrumentation}, {@link LettuceReactiveInstrumentation}, on the cluster connection), and
 * {@code ClusterDistributionChannelWriter.writeCommand(command, asking, nodeConnection, failure)} says which node's
 * connection it was written to: after routing by its key's slot, and again after a MOVED or ASK redirect. The
 * command is reported with the last node it was written to, the one that answered.
 */
public final class LettuceClusterInstrumentation {
  /**
   * The types woven, comma-separated: a constant, so {@link io.monitoring.agent.instrumentation.InstrumentedLibraries}
   * copies it at compile time and premain loads no installer.
   */
  public static final String TYPES = "io.lettuce.core.cluster.ClusterDistributionChannelWriter";

  private LettuceClusterInstrumentation() {}

  public static WeavingRules install(WeavingRules rules, Weaving weaving) {
    return rules.type(weaving.types(TYPES))
        .transform(weaving.advice().advice(isStatic().and(named("writeCommand")).and(takesArguments(4))
            .and(takesArgument(2, named("io.lettuce.core.api.StatefulRedisConnection"))), "RoutedAdvice"));
  }

  public static final class RoutedAdvice {
    private RoutedAdvice() {}

    /** No node when connecting to it failed: the command fails, reported with the cluster connection. */
    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void enter(@Advice.Argument(0) Object command, @Advice.Argument(2) Object node,
        @Advice.Argument(3) Throwable failure) {
      if (failure == null && node != null) {
        RedisHooks.routed(command, node);
      }
    }
  }
}
