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
      // expiry and listener writers wrap the endpoint that owns the channel
      for (int i = 0; i < 4 && !hasField(writer, "channel"); i++) {
        writer = writer.getClass().getMethod("getDelegate").invoke(writer);
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
      Method state = connection.getClass().getMethod("getConnectionState");
      return (Integer) field(state.invoke(connection), "db");
    } catch (ReflectiveOperationException | RuntimeException e) {
      return -1;
    }
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
