package io.monitoring.agent.cache;

import io.monitoring.agent.util.WeakIdentityMap;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;

/**
 * Jedis pipelines and transactions: the commands queued on a connection since its last sync or EXEC, each counted
 * when its reply is set on its {@code Response}; the sync or EXEC is the one span of them all. A Jedis connection
 * serves one thread at a time, so a batch is only ever touched by the thread that queues and syncs it.
 */
final class RedisBatches {
  private static final String JEDIS_RESPONSE = "redis.clients.jedis.Response";

  private final WeakIdentityMap<Batch> open = new WeakIdentityMap<>();

  /** The commands queued on one connection, in the order they were sent (and their replies come). */
  static final class Batch {
    final List<RedisTelemetry.PendingCommand> commands = new ArrayList<>();
  }

  /** True when {@code completion} is a Jedis pipeline's or transaction's response: {@code command} joins its batch. */
  boolean queued(Object connection, Object completion, RedisTelemetry.PendingCommand command) {
    if (!JEDIS_RESPONSE.equals(completion.getClass().getName())) {
      return false;
    }
    Batch batch = open.get(connection);
    if (batch == null) {
      batch = new Batch();
      open.put(connection, batch);
    }
    batch.commands.add(command);
    return true;
  }

  /** The batch the sync or EXEC of {@code connection} ends, or null when nothing was queued (a second sync). */
  Batch ended(Object connection) {
    Batch batch = open.get(connection);
    if (batch != null) {
      open.remove(connection);
    }
    return batch;
  }

  /** A Jedis connection's socket factory, which knows its server (as in its commands' advice); null if none. */
  static Object jedisServer(Object connection) {
    for (Class<?> c = connection.getClass(); c != null; c = c.getSuperclass()) {
      try {
        Field f = c.getDeclaredField("socketFactory");
        f.setAccessible(true);
        return f.get(connection);
      } catch (NoSuchFieldException next) {
        // up the hierarchy
      } catch (ReflectiveOperationException | RuntimeException e) {
        return null;
      }
    }
    return null;
  }
}
