package io.monitoring.agent.instrumentation.cache;

import static io.monitoring.agent.instrumentation.Matchers.isPublic;
import static io.monitoring.agent.instrumentation.Matchers.named;
import static io.monitoring.agent.instrumentation.Matchers.takesArgument;
import static io.monitoring.agent.instrumentation.Matchers.takesArguments;

import io.monitoring.agent.bootstrap.CallDepth;
import io.monitoring.agent.bootstrap.RedisHooks;
import io.monitoring.agent.instrumentation.Weaving;
import io.monitoring.agent.instrumentation.WeavingRules;
import io.monitoring.agent.instrumentation.Advice;
import org.redisson.client.protocol.RedisCommand;

/**
 * Redisson 3: every command of the application's objects ({@code RBucket}, {@code RMap}, locks, ...), through the
 * sync, async and reactive APIs alike (RxJava's shares the executor), is handed to
 * {@code CommandAsyncService.async(...)}, which returns its {@code RFuture} (a {@code CompletionStage}); measured
 * from there to that future's completion, once per command
 * whatever Redisson retries or redirects inside. The reactive API calls it when the {@code Mono} is subscribed to.
 * A Lua script (a lock, {@code RMap.put}) goes through {@code evalAsync(...)}: one {@code eval} operation, whether
 * Redisson sends it as EVAL or, with its script cache, as EVALSHA straight to a connection; when the server does not
 * know the script yet, the SCRIPT LOAD and the EVALSHA Redisson retries with are counted as well.
 * Connection-level commands Redisson sends itself (SELECT, AUTH, HELLO, CLIENT SETNAME, PING, cluster and sentinel
 * checks, SUBSCRIBE) go straight to a connection and are not measured; {@code RBatch} queues its commands in an
 * executor of its own (not measured).
 */
public final class RedissonInstrumentation {
  /**
   * The types woven, comma-separated: a constant, so {@link io.monitoring.agent.instrumentation.InstrumentedLibraries}
   * copies it at compile time and premain loads no installer.
   */
  public static final String TYPES = "org.redisson.command.CommandAsyncService";

  private RedissonInstrumentation() {}

  public static WeavingRules install(WeavingRules rules, Weaving weaving) {
    return rules.type(weaving.types(TYPES))
        .transform(weaving.advice().advice(isPublic().and(named("async").and(takesArguments(7))
                .or(named("evalAsync").and(takesArguments(8))))
            .and(takesArgument(3, named("org.redisson.client.protocol.RedisCommand"))), CacheOperationAdvice.START, "AsyncAdvice"));
  }

  public static final class AsyncAdvice {
    private AsyncAdvice() {}

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.This Object executor, @Advice.Argument(3) RedisCommand<?> command,
        @Advice.Enter long start, @Advice.Return Object future, @Advice.Thrown Throwable error) {
      if (CallDepth.exitCache() >= 0) {
        RedisHooks.endWhenComplete(executor, command.getName(), future, start, error);
      }
    }
  }
}
