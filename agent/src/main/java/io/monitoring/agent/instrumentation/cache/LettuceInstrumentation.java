package io.monitoring.agent.instrumentation.cache;

import static io.monitoring.agent.instrumentation.Matchers.declaresField;
import static io.monitoring.agent.instrumentation.Matchers.isPublic;
import static io.monitoring.agent.instrumentation.Matchers.named;
import static io.monitoring.agent.instrumentation.Matchers.takesArgument;
import static io.monitoring.agent.instrumentation.Matchers.takesArguments;

import io.lettuce.core.protocol.RedisCommand;
import io.monitoring.agent.bootstrap.CallDepth;
import io.monitoring.agent.bootstrap.RedisHooks;
import io.monitoring.agent.instrumentation.Weaving;
import io.monitoring.agent.instrumentation.WeavingRules;
import io.monitoring.agent.instrumentation.Advice;

/**
 * Lettuce 6: the async commands dispatch every command (the sync API waits on them) through
 * {@code AbstractRedisAsyncCommands.dispatch(RedisCommand)}; the command is measured from there to the
 * completion of the future it returns, on whichever thread completes it, with the caller's trace context.
 */
public final class LettuceInstrumentation {
  /**
   * The types woven, comma-separated: a constant, so {@link io.monitoring.agent.instrumentation.InstrumentedLibraries}
   * copies it at compile time and premain loads no installer.
   */
  public static final String TYPES = "io.lettuce.core.AbstractRedisAsyncCommands";

  private LettuceInstrumentation() {}

  public static WeavingRules install(WeavingRules rules, Weaving weaving) {
    return rules.type(weaving.types(TYPES).and(declaresField(named("connection"))))
        .transform(weaving.advice().advice(isPublic().and(named("dispatch")).and(takesArguments(1))
            .and(takesArgument(0, named("io.lettuce.core.protocol.RedisCommand"))), CacheOperationAdvice.START, "DispatchAdvice"));
  }

  public static final class DispatchAdvice {
    private DispatchAdvice() {}

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.FieldValue("connection") Object connection, @Advice.Argument(0) RedisCommand<?, ?, ?> command,
        @Advice.Enter long start, @Advice.Return Object future, @Advice.Thrown Throwable error) {
      if (CallDepth.exitCache() >= 0) {
        RedisHooks.endWhenComplete(connection, command.getType(), future, start, error);
      }
    }
  }
}
