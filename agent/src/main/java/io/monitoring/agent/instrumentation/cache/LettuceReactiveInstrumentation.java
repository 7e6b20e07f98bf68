package io.monitoring.agent.instrumentation.cache;

import static io.monitoring.agent.instrumentation.Matchers.declaresField;
import static io.monitoring.agent.instrumentation.Matchers.named;
import static io.monitoring.agent.instrumentation.Matchers.takesArguments;

import io.lettuce.core.internal.ExceptionFactory;
import io.lettuce.core.output.CommandOutput;
import io.lettuce.core.protocol.RedisCommand;
import io.monitoring.agent.bootstrap.CallDepth;
import io.monitoring.agent.bootstrap.RedisHooks;
import io.monitoring.agent.instrumentation.Weaving;
import io.monitoring.agent.instrumentation.WeavingRules;
import io.monitoring.agent.instrumentation.Advice;

/**
 * Lettuce's reactive API (what Spring Data Redis reactive uses): a subscription dispatches its command on the
 * connection when it is subscribed to (the caller's trace context current then), and the command reports its
 * completion, reply or failure to the subscription when the server answers. Measured from the one to the other.
 */
public final class LettuceReactiveInstrumentation {
  static final String SUBSCRIPTION = "io.lettuce.core.RedisPublisher$RedisSubscription";
  static final String COMMAND = "io.lettuce.core.RedisPublisher$SubscriptionCommand";
  /**
   * The types woven, comma-separated: a constant, so {@link io.monitoring.agent.instrumentation.InstrumentedLibraries}
   * copies it at compile time and premain loads no installer.
   */
  public static final String TYPES = SUBSCRIPTION + "," + COMMAND;

  private LettuceReactiveInstrumentation() {}

  public static WeavingRules install(WeavingRules rules, Weaving weaving) {
    return rules.type(weaving.types(SUBSCRIPTION).and(declaresField(named("connection")))
            .and(declaresField(named("subscriptionCommand"))))
        .transform(weaving.advice().advice(named("dispatchCommand").and(takesArguments(0)), "DispatchedAdvice"))
        .type(weaving.types(COMMAND))
        .transform(weaving.advice().advice(named("doOnComplete").and(takesArguments(0)), "CompletedAdvice")
            .advice(named("doOnError").and(takesArguments(1)), "FailedAdvice"));
  }

  /**
   * Registered before the command is written: the reply may complete it on Lettuce's event loop before
   * {@code dispatchCommand} returns.
   */
  public static final class DispatchedAdvice {
    private DispatchedAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void enter(@Advice.FieldValue("connection") Object connection,
        @Advice.FieldValue("subscriptionCommand") RedisCommand<?, ?, ?> command) {
      if (CallDepth.enterCache() == 0) {
        RedisHooks.endWhenComplete(connection, command.getType(), command, System.nanoTime(), null);
      }
    }

    /** Dispatching threw: the command failed without a reply (nothing to hand on, so nothing stays current). */
    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.FieldValue("subscriptionCommand") Object command, @Advice.Thrown Throwable error)
        throws Exception {
      AutoCloseable resumed = CallDepth.exitCache() >= 0 && error != null ? RedisHooks.completed(command, null, error) : null;
      if (resumed != null) {
        resumed.close();
      }
    }
  }

  /**
   * The command completes and hands its reply to the subscription, which emits it downstream before this returns:
   * measured on entry, and the caller's context is current while the application's operators run. An error reply
   * (WRONGTYPE) completes it too, with the error in its output: the failure the subscription then signals, made by
   * Lettuce's own factory.
   */
  public static final class CompletedAdvice {
    private CompletedAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static AutoCloseable enter(@Advice.This RedisCommand<?, ?, ?> command) {
      CommandOutput<?, ?, ?> output = command.getOutput();
      String error = output == null ? null : output.getError();
      return RedisHooks.completed(command, output == null ? null : output.get(),
          error == null ? null : ExceptionFactory.createExecutionException(error));
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.Enter AutoCloseable resumed) throws Exception {
      if (resumed != null) {
        resumed.close();
      }
    }
  }

  public static final class FailedAdvice {
    private FailedAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static AutoCloseable enter(@Advice.This Object command, @Advice.Argument(0) Throwable error) {
      return RedisHooks.completed(command, null, error);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.Enter AutoCloseable resumed) throws Exception {
      if (resumed != null) {
        resumed.close();
      }
    }
  }
}
