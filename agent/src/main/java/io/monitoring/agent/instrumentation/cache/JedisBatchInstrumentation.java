package io.monitoring.agent.instrumentation.cache;

import static io.monitoring.agent.instrumentation.Matchers.declaresField;
import static io.monitoring.agent.instrumentation.Matchers.isPublic;
import static io.monitoring.agent.instrumentation.Matchers.named;
import static io.monitoring.agent.instrumentation.Matchers.namedOneOf;
import static io.monitoring.agent.instrumentation.Matchers.takesArgument;
import static io.monitoring.agent.instrumentation.Matchers.takesArguments;

import io.monitoring.agent.bootstrap.CallDepth;
import io.monitoring.agent.bootstrap.RedisHooks;
import io.monitoring.agent.instrumentation.Weaving;
import io.monitoring.agent.instrumentation.WeavingRules;
import io.monitoring.agent.instrumentation.Advice;
import redis.clients.jedis.CommandObject;

/**
 * Jedis 4/5 pipelines and transactions ({@code Jedis.pipelined()}, {@code multi()}, the same of {@code JedisPooled}):
 * {@code appendCommand(CommandObject)} sends a command and returns the {@code Response} its reply will be set on;
 * {@code Response.set} is each reply's arrival, in {@code Pipeline.sync}/{@code syncAndReturnAll} or
 * {@code Transaction.exec}; those three, and {@code Transaction.discard}, end the batch, traced as one span.
 */
public final class JedisBatchInstrumentation {
  private static final String PIPELINE = "redis.clients.jedis.Pipeline";
  private static final String TRANSACTION = "redis.clients.jedis.Transaction";
  private static final String RESPONSE = "redis.clients.jedis.Response";
  /**
   * The types woven, comma-separated: a constant, so {@link io.monitoring.agent.instrumentation.InstrumentedLibraries}
   * copies it at compile time and premain loads no installer.
   */
  public static final String TYPES = PIPELINE + "," + TRANSACTION + "," + RESPONSE;

  private JedisBatchInstrumentation() {}

  public static WeavingRules install(WeavingRules rules, Weaving weaving) {
    return rules
        // Jedis 3's pipelines keep no connection field and append otherwise: left alone
        .type(weaving.types(PIPELINE, TRANSACTION).and(declaresField(named("connection"))))
        .transform(weaving.advice()
            .advice(named("appendCommand").and(takesArguments(1))
                .and(takesArgument(0, named("redis.clients.jedis.CommandObject"))), CacheOperationAdvice.START, "QueuedAdvice")
            .advice(isPublic().and(namedOneOf("sync", "syncAndReturnAll", "exec", "discard")).and(takesArguments(0)), "BatchEndAdvice"))
        .type(weaving.types(RESPONSE))
        .transform(weaving.advice().advice(isPublic().and(named("set")).and(takesArguments(1)), "ReplyAdvice"));
  }

  public static final class QueuedAdvice {
    private QueuedAdvice() {}

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.FieldValue("connection") Object connection, @Advice.Argument(0) CommandObject<?> command,
        @Advice.Enter long start, @Advice.Return Object response, @Advice.Thrown Throwable error) {
      if (CallDepth.exitCache() >= 0) {
        RedisHooks.endWhenComplete(connection, command.getArguments().getCommand(), response, start, error);
      }
    }
  }

  /** A reply, or the error Redis answered for that one command. */
  public static final class ReplyAdvice {
    private ReplyAdvice() {}

    @Advice.OnMethodExit(suppress = Throwable.class)
    public static void exit(@Advice.This Object response, @Advice.Argument(0) Object reply) throws Exception {
      AutoCloseable resumed = RedisHooks.completed(response, reply, reply instanceof Throwable ? (Throwable) reply : null);
      if (resumed != null) {
        resumed.close();
      }
    }
  }

  /**
   * {@code sync}, {@code syncAndReturnAll} (a pipeline), {@code exec} or {@code discard} (a transaction's EXEC or
   * DISCARD) returned or threw.
   */
  public static final class BatchEndAdvice {
    private BatchEndAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static long enter() {
      return System.nanoTime();
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.FieldValue("connection") Object connection, @Advice.Origin("#m") String method,
        @Advice.Enter long start, @Advice.Thrown Throwable error) {
      RedisHooks.batchEnded(connection, method.startsWith("sync") ? null : method, start, error);
    }
  }
}
