package io.monitoring.agent.instrumentation.cache;

import static io.monitoring.agent.instrumentation.Matchers.declaresField;
import static io.monitoring.agent.instrumentation.Matchers.isConstructor;
import static io.monitoring.agent.instrumentation.Matchers.isPublic;
import static io.monitoring.agent.instrumentation.Matchers.named;
import static io.monitoring.agent.instrumentation.Matchers.takesArgument;
import static io.monitoring.agent.instrumentation.Matchers.takesArguments;

import io.monitoring.agent.bootstrap.CallDepth;
import io.monitoring.agent.bootstrap.RedisHooks;
import io.monitoring.agent.instrumentation.Weaving;
import io.monitoring.agent.instrumentation.WeavingRules;
import io.monitoring.agent.instrumentation.Advice;
import redis.clients.jedis.CommandObject;
import redis.clients.jedis.JedisClientConfig;

/**
 * Jedis 4/5: {@code Jedis}, {@code JedisPooled} and {@code UnifiedJedis} send every command through
 * {@code Connection.executeCommand(CommandObject)}, timed until the reply is read. The database comes from
 * the client configuration at connect and from {@code Jedis.select}.
 */
public final class JedisInstrumentation {
  private static final String CONNECTION = "redis.clients.jedis.Connection";
  private static final String JEDIS = "redis.clients.jedis.Jedis";
  /**
   * The types woven, comma-separated: a constant, so {@link io.monitoring.agent.instrumentation.InstrumentedLibraries}
   * copies it at compile time and premain loads no installer.
   */
  public static final String TYPES = CONNECTION + "," + JEDIS;

  private JedisInstrumentation() {}

  public static WeavingRules install(WeavingRules rules, Weaving weaving) {
    return rules
        .type(weaving.types(CONNECTION).and(declaresField(named("socketFactory"))))
        .transform(weaving.advice()
            .advice(isPublic().and(named("executeCommand")).and(takesArguments(1))
                .and(takesArgument(0, named("redis.clients.jedis.CommandObject"))), CacheOperationAdvice.START, "CommandAdvice")
            .advice(isConstructor().and(takesArguments(2))
                .and(takesArgument(1, named("redis.clients.jedis.JedisClientConfig"))), "ConnectAdvice"))
        // Jedis 3 keeps its connection elsewhere: its select is left alone rather than failing to weave
        .type(weaving.types(JEDIS).and(declaresField(named("connection"))))
        .transform(weaving.advice().advice(isPublic().and(named("select")).and(takesArguments(int.class)), "SelectAdvice"));
  }

  public static final class CommandAdvice {
    private CommandAdvice() {}

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.This Object connection, @Advice.FieldValue("socketFactory") Object server,
        @Advice.Argument(0) CommandObject<?> command, @Advice.Enter long start, @Advice.Return Object reply,
        @Advice.Thrown Throwable error) {
      if (CallDepth.exitCache() >= 0) {
        RedisHooks.end(connection, server, command.getArguments().getCommand(), reply, start, error);
      }
    }
  }

  public static final class ConnectAdvice {
    private ConnectAdvice() {}

    @Advice.OnMethodExit(suppress = Throwable.class)
    public static void exit(@Advice.This Object connection, @Advice.Argument(1) JedisClientConfig config) {
      RedisHooks.databaseSelected(connection, config.getDatabase());
    }
  }

  public static final class SelectAdvice {
    private SelectAdvice() {}

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.FieldValue("connection") Object connection, @Advice.Argument(0) int database,
        @Advice.Thrown Throwable error) {
      if (error == null) {
        RedisHooks.databaseSelected(connection, database);
      }
    }
  }
}
