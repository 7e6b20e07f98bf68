package io.monitoring.agent.cache;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * What Lettuce's connection objects say about where they talk to, read reflectively once per connection
 * (the agent does not see Lettuce's types): the server from the endpoint's Netty channel, the database from
 * the connection state (where Lettuce records the SELECT it sends at connect and later ones).
 */
final class LettuceConnections {
  private LettuceConnections() {}

  static RedisTelemetry.RedisConnection describe(Object connection) {
    String host = "unknown";
    int port = 6379;
    try {
      Object writer = connection.getClass().getMethod("getChannelWriter").invoke(connection);
      // expiry and listener writers wrap the endpoint that owns the channel; a cluster connection's writer sends
      // commands without a key to its default writer's node
      for (int i = 0; i < 5 && !hasField(writer, "channel"); i++) {
        writer = hasField(writer, "defaultWriter") ? field(writer, "defaultWriter")
            : writer.getClass().getMethod("getDelegate").invoke(writer);
      }
      Object channel = field(writer, "channel");
      SocketAddress remote = (SocketAddress) channel.getClass().getMethod("remoteAddress").invoke(channel);
      if (remote instanceof InetSocketAddress) {
        host = ((InetSocketAddress) remote).getHostString();
        port = ((InetSocketAddress) remote).getPort();
      }
    } catch (ReflectiveOperationException | RuntimeException ignored) {
      // left unknown
    }
    return new RedisTelemetry.RedisConnection(host, port, database(connection));
  }

  /** MGET replies are KeyValue objects, empty for a missing key; Jedis replies are values or null. */
  static boolean hasValue(Object value) {
    if (value == null) {
      return false;
    }
    if (value.getClass().getName().equals("io.lettuce.core.KeyValue")) {
      try {
        return (Boolean) value.getClass().getMethod("hasValue").invoke(value);
      } catch (ReflectiveOperationException | RuntimeException e) {
        return true;
      }
    }
    return true;
  }

  private static int database(Object connection) {
    try {
      return (Integer) field(state(connection), "db");
    } catch (ReflectiveOperationException | RuntimeException e) {
      return -1;
    }
  }

  /** Public on a standalone connection, package-private on a cluster connection (whose database is 0). */
  private static Object state(Object connection) throws ReflectiveOperationException {
    for (Class<?> c = connection.getClass(); c != null; c = c.getSuperclass()) {
      try {
        Method m = c.getDeclaredMethod("getConnectionState");
        m.setAccessible(true);
        return m.invoke(connection);
      } catch (NoSuchMethodException next) {
        // up the hierarchy
      }
    }
    throw new NoSuchMethodException("getConnectionState");
  }

  private static boolean hasField(Object target, String name) {
    for (Class<?> c = target.getClass(); c != null; c = c.getSuperclass()) {
      for (Field f : c.getDeclaredFields()) {
        if (f.getName().equals(name)) {
          return true;
        }
      }
    }
    return false;
  }

  private static Object field(Object target, String name) throws ReflectiveOperationException {
    for (Class<?> c = target.getClass(); c != null; c = c.getSuperclass()) {
      try {
        Field f = c.getDeclaredField(name);
        f.setAccessible(true);
        return f.get(target);
      } catch (NoSuchFieldException next) {
        // up the hierarchy
      }
    }
    throw new NoSuchFieldException(name);
  }
}
