package io.monitoring.agent.cache;

import static io.monitoring.agent.tracing.SemanticConventions.DB_NAMESPACE;
import static io.monitoring.agent.tracing.SemanticConventions.DB_OPERATION_BATCH_SIZE;
import static io.monitoring.agent.tracing.SemanticConventions.DB_OPERATION_NAME;
import static io.monitoring.agent.tracing.SemanticConventions.DB_SYSTEM_NAME;
import static io.monitoring.agent.tracing.SemanticConventions.SERVER_ADDRESS;
import static io.monitoring.agent.tracing.SemanticConventions.SERVER_PORT;

import io.monitoring.agent.bootstrap.AgentErrors;
import io.monitoring.agent.bootstrap.RedisHooks;
import io.monitoring.agent.metrics.SeriesTable;
import io.monitoring.agent.tracing.Spans;
import io.monitoring.agent.util.WeakIdentityMap;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import java.lang.reflect.Method;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Redis as a remote cache: every command is a cache operation of system {@code redis}, named by its
 * server and database ({@code host:port/db}) and by the command in lower case; GET-style reads are hits
 * or misses by whether a value came back (MGET/HMGET per key). Each command also gets a CLIENT span with
 * the command's name and never its arguments, except in a Jedis pipeline or transaction, whose sync or EXEC is the
 * one span of its commands ({@link RedisBatches}). A cluster client's command is described by the node that
 * answered it ({@link LettuceClusterRoutes}).
 */
public final class RedisTelemetry implements RedisHooks.Handler {
  private static final int MAX_COMMAND_NAMES = 512;

  private final SeriesTable<CacheMetrics.RedisSeries> servers;
  private final WeakIdentityMap<RedisConnection> connections = new WeakIdentityMap<>();
  private final WeakIdentityMap<PendingCommand> pending = new WeakIdentityMap<>();
  private final LettuceClusterRoutes routes = new LettuceClusterRoutes();
  private final Predicate<Object> measuredCompletion = c -> c instanceof CompletionStage || pending.get(c) != null;
  private final RedisBatches batches = new RedisBatches();
  // keyed by the command's name, not the command object: an enum constant of a client in a webapp would keep
  // that webapp's class loader alive (Enum.toString allocates nothing)
  private final ConcurrentHashMap<String, String> commandNames = new ConcurrentHashMap<>();
  private final Spans spans;

  public RedisTelemetry(CacheTelemetry caches, Spans spans) {
    this.servers = caches.metrics().redisServers();
    this.spans = spans;
  }

  @Override
  public void databaseSelected(Object connection, int database) {
    RedisConnection c = connections.get(connection);
    if (c == null) {
      connections.put(connection, new RedisConnection(null, -1, database));
    } else if (c.database != database) {
      connections.put(connection, new RedisConnection(c.host, c.port, database));
    }
  }

  @Override
  public void endWhenComplete(Object connection, Object command, Object completion, long startNanos, Throwable error) {
    if (error == null && completion != null && !(completion instanceof CompletionStage)) {
      PendingCommand queued = new PendingCommand(connection, command, startNanos, Context.current());
      queued.batched = batches.queued(connection, completion, queued);
      pending.put(completion, queued);
      return;
    }
    if (error != null || completion == null) {
      command(connection, null, command, null, startNanos, error, Context.current());
      return;
    }
    Context parent = Context.current();
    ((CompletionStage<?>) completion).whenComplete((reply, failure) -> {
      try {
        command(routes.servedBy(completion, connection), null, command, reply, startNanos, unwrap(failure), parent);
      } catch (Throwable t) {
        AgentErrors.record(t, RedissonClients.isExecutor(connection) ? "redisson" : "lettuce");
      }
    });
  }

  @Override
  public AutoCloseable completed(Object completion, Object reply, Throwable error) {
    PendingCommand command = pending.get(completion);
    if (command == null) {
      return null;
    }
    pending.remove(completion);
    if (command.batched) {
      if (!command.replied) { // else its batch ended without it
        command.replied = true;
        counted(connection(command.connection, null), command.command, reply, command.startNanos, System.nanoTime(), error);
      }
      return null;
    }
    command(routes.servedBy(completion, command.connection), null, command.command, reply, command.startNanos, error,
        command.parent);
    return command.parent == Context.root() ? null : command.parent.makeCurrent();
  }

  @Override
  public void routed(Object command, Object node) {
    routes.routed(command, node, measuredCompletion);
  }

  /**
   * A command whose completion its client reports later (Lettuce's reactive API, a Jedis pipeline's response), with
   * what it started with.
   */
  static final class PendingCommand {
    final Object connection;
    final Object command;
    final long startNanos;
    final Context parent;
    /** Queued in a pipeline or transaction: counted on its own, traced in its batch's span. */
    boolean batched;
    /** Counted, or its batch ended without its reply. */
    boolean replied;

    PendingCommand(Object connection, Object command, long startNanos, Context parent) {
      this.connection = connection;
      this.command = command;
      this.startNanos = startNanos;
      this.parent = parent;
    }
  }

  private static Throwable unwrap(Throwable failure) {
    return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
  }

  @Override
  public void batchEnded(Object connection, Object command, long startNanos, Throwable error) {
    long end = System.nanoTime();
    RedisBatches.Batch batch = batches.ended(connection);
    if (batch == null && error == null) {
      return; // nothing was queued: Pipeline.close after its sync
    }
    List<PendingCommand> commands = batch == null ? List.of() : batch.commands;
    RedisConnection c = connection(connection, null);
    String same = null;
    for (PendingCommand queued : commands) {
      String name = commandName(queued.command);
      same = same == null || same.equals(name) ? name : "";
      if (error != null && !queued.replied) { // the sync failed before this command's reply came
        counted(c, queued.command, null, queued.startNanos, end, error);
      }
      queued.replied = true;
    }
    if (spans.tracing()) {
      String operation = batchOperation(command, commands.size(), same);
      Span span = spans.startedAgo(operation, Context.current(), end - startNanos);
      if (span != null) {
        if (commands.size() != 1 && span.isRecording()) {
          span.setAttribute(DB_OPERATION_BATCH_SIZE, (long) commands.size());
        }
        describe(span, operation, c, error);
      }
    }
  }

  /**
   * A transaction is its EXEC (or DISCARD); a pipeline of one command is that command, else {@code BATCH} followed by the command
   * when all are the same (the semantic conventions' batch name).
   */
  private static String batchOperation(Object command, int size, String same) {
    if (command != null) {
      return command.toString().toUpperCase(Locale.ROOT);
    }
    if (same == null || same.isEmpty()) {
      return "BATCH";
    }
    return size == 1 ? same.toUpperCase(Locale.ROOT) : "BATCH " + same.toUpperCase(Locale.ROOT);
  }

  @Override
  public void end(Object connection, Object server, Object command, Object reply, long startNanos, Throwable error) {
    command(connection, server, command, reply, startNanos, error, Context.current());
  }

  private void command(Object connection, Object server, Object command, Object reply, long startNanos, Throwable error,
      Context parent) {
    long end = System.nanoTime();
    RedisConnection c = connection(connection, server);
    String name = counted(c, command, reply, startNanos, end, error);
    if (error == null && server == null && "select".equals(name)) {
      // Lettuce records the new database in its connection state when the SELECT completes, which may be after
      // this callback: the connection is described afresh at its next command
      connections.remove(connection);
    }
    if (spans.tracing()) {
      String operation = name.toUpperCase(Locale.ROOT);
      Span span = spans.startedAgo(operation, parent, end - startNanos);
      if (span != null) {
        describe(span, operation, c, error);
      }
    }
  }

  /** The command's duration and status on its server's series; returns its name. */
  private String counted(RedisConnection c, Object command, Object reply, long startNanos, long end, Throwable error) {
    String name = commandName(command);
    CacheMetrics.CommandSeries series = c.series(servers).command(name);
    series.duration.observe((end - startNanos) / 1e9);
    if (error != null) {
      series.count(CacheMetrics.REDIS_ERROR).inc();
    } else {
      count(series, name, reply);
    }
    return name;
  }

  private static void count(CacheMetrics.CommandSeries series, String command, Object reply) {
    switch (command) {
      case "get":
      case "getex":
      case "getdel":
      case "hget":
        series.count(reply != null ? CacheMetrics.REDIS_HIT : CacheMetrics.REDIS_MISS).inc();
        return;
      case "hgetall":
        // a pipeline's reply is the raw list of fields and values
        boolean found = reply instanceof Map ? !((Map<?, ?>) reply).isEmpty()
            : reply instanceof Collection && !((Collection<?>) reply).isEmpty();
        series.count(found ? CacheMetrics.REDIS_HIT : CacheMetrics.REDIS_MISS).inc();
        return;
      case "mget":
      case "hmget":
        int hits = 0;
        int misses = 0;
        if (reply instanceof Collection) {
          for (Object value : (Collection<?>) reply) {
            if (LettuceConnections.hasValue(value)) {
              hits++;
            } else {
              misses++;
            }
          }
        }
        if (hits > 0) {
          series.count(CacheMetrics.REDIS_HIT).inc(hits);
        }
        if (misses > 0) {
          series.count(CacheMetrics.REDIS_MISS).inc(misses);
        }
        return;
      default:
        series.count(CacheMetrics.REDIS_SUCCESS).inc();
    }
  }

  private static void describe(Span span, String operation, RedisConnection c, Throwable error) {
    if (span.isRecording()) {
      span.setAttribute(DB_SYSTEM_NAME, "redis");
      span.setAttribute(DB_OPERATION_NAME, operation);
      span.setAttribute(DB_NAMESPACE, Integer.toString(c.database));
      if (c.host != null) {
        span.setAttribute(SERVER_ADDRESS, c.host);
        span.setAttribute(SERVER_PORT, (long) c.port);
      }
    }
    Spans.end(span, error, null);
  }

  private RedisConnection connection(Object connection, Object server) {
    RedisConnection c = connections.get(connection);
    if (c == null || c.host == null) {
      if (server == null) {
        c = describe(connection, c);
      } else {
        String[] hostPort = hostAndPort(server);
        c = new RedisConnection(hostPort[0], Integer.parseInt(hostPort[1]), c == null ? 0 : c.database);
      }
      connections.put(connection, c);
    }
    return c;
  }

  /**
   * A connection seen without its server: Redisson's command executor, a Jedis connection whose first command was
   * pipelined (its database known since it connected), or Lettuce's.
   */
  private static RedisConnection describe(Object connection, RedisConnection known) {
    if (RedissonClients.isExecutor(connection)) {
      return RedissonClients.describe(connection);
    }
    Object jedisServer = RedisBatches.jedisServer(connection);
    if (jedisServer != null) {
      String[] hostPort = hostAndPort(jedisServer);
      return new RedisConnection(hostPort[0], Integer.parseInt(hostPort[1]), known == null ? 0 : known.database);
    }
    return LettuceConnections.describe(connection);
  }

  /** Jedis' socket factory knows its HostAndPort; read once per connection, reflectively. */
  private static String[] hostAndPort(Object server) {
    try {
      Method getHostAndPort = server.getClass().getMethod("getHostAndPort");
      Object hostAndPort = getHostAndPort.invoke(server);
      String host = (String) hostAndPort.getClass().getMethod("getHost").invoke(hostAndPort);
      int port = (Integer) hostAndPort.getClass().getMethod("getPort").invoke(hostAndPort);
      return new String[] {host, Integer.toString(port)};
    } catch (ReflectiveOperationException | RuntimeException e) {
      return new String[] {"unknown", "6379"};
    }
  }

  private String commandName(Object command) {
    String raw = command.toString();
    String name = commandNames.get(raw);
    if (name == null) {
      name = raw.toLowerCase(Locale.ROOT);
      if (commandNames.size() < MAX_COMMAND_NAMES) {
        commandNames.put(raw, name);
      }
    }
    return name;
  }

  /** Where one connection talks to; its series is bound at its first command. */
  static final class RedisConnection {
    final String host;
    final int port;
    final int database;
    private volatile CacheMetrics.RedisSeries series;

    RedisConnection(String host, int port, int database) {
      this.host = host;
      this.port = port;
      this.database = database;
    }

    CacheMetrics.RedisSeries series(SeriesTable<CacheMetrics.RedisSeries> servers) {
      CacheMetrics.RedisSeries s = series;
      if (s == null) {
        s = servers.get(host + ":" + port + "/" + database);
        series = s;
      }
      return s;
    }
  }
}
