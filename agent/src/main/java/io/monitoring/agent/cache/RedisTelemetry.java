package io.monitoring.agent.cache;

import static io.monitoring.agent.tracing.SemanticConventions.DB_NAMESPACE;
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
 * the command's name and never its arguments. A cluster client's command is described by the node that
 * answered it ({@link LettuceClusterRoutes}).
 */
public final class RedisTelemetry implements RedisHooks.Handler {
  private static final int MAX_COMMAND_NAMES = 512;

  private final SeriesTable<CacheMetrics.RedisSeries> servers;
  private final WeakIdentityMap<RedisConnection> connections = new WeakIdentityMap<>();
  private final WeakIdentityMap<PendingCommand> pending = new WeakIdentityMap<>();
  private final LettuceClusterRoutes routes = new LettuceClusterRoutes();
  private final Predicate<Object> measuredCompletion = c -> c instanceof CompletionStage || pending.get(c) != null;
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
      pending.put(completion, new PendingCommand(connection, command, startNanos, Context.current()));
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
        AgentErrors.record(t, "lettuce");
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
    command(routes.servedBy(completion, command.connection), null, command.command, reply, command.startNanos, error,
        command.parent);
    return command.parent == Context.root() ? null : command.parent.makeCurrent();
  }

  @Override
  public void routed(Object command, Object node) {
    routes.routed(command, node, measuredCompletion);
  }

  /** A command whose completion its client reports later (Lettuce's reactive API), with what it started with. */
  private static final class PendingCommand {
    final Object connection;
    final Object command;
    final long startNanos;
    final Context parent;

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
  public void end(Object connection, Object server, Object command, Object reply, long startNanos, Throwable error) {
    command(connection, server, command, reply, startNanos, error, Context.current());
  }

  private void command(Object connection, Object server, Object command, Object reply, long startNanos, Throwable error,
      Context parent) {
    long end = System.nanoTime();
    RedisConnection c = connection(connection, server);
    String name = commandName(command);
    CacheMetrics.CommandSeries series = c.series(servers).command(name);
    series.duration.observe((end - startNanos) / 1e9);
    if (error != null) {
      series.count(CacheMetrics.REDIS_ERROR).inc();
    } else {
      count(series, name, reply);
    }
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

  private static void count(CacheMetrics.CommandSeries series, String command, Object reply) {
    switch (command) {
      case "get":
      case "getex":
      case "getdel":
      case "hget":
        series.count(reply != null ? CacheMetrics.REDIS_HIT : CacheMetrics.REDIS_MISS).inc();
        return;
      case "hgetall":
        boolean found = reply instanceof Map && !((Map<?, ?>) reply).isEmpty();
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
        c = LettuceConnections.describe(connection);
      } else {
        String[] hostPort = hostAndPort(server);
        c = new RedisConnection(hostPort[0], Integer.parseInt(hostPort[1]), c == null ? 0 : c.database);
      }
      connections.put(connection, c);
    }
    return c;
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
