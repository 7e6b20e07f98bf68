package io.monitoring.agent.cache;

import java.net.URI;

/**
 * Where a Redisson command executor talks to, read reflectively once per executor (the agent does not see
 * Redisson's types): its configuration's master address ({@code redis://host:port}, the one address of a single
 * server) and database. A cluster's configuration names no master: {@code unknown:6379}.
 */
final class RedissonClients {
  private RedissonClients() {}

  static boolean isExecutor(Object connection) {
    return connection.getClass().getName().startsWith("org.redisson.");
  }

  static RedisTelemetry.RedisConnection describe(Object executor) {
    String host = "unknown";
    int port = 6379;
    int database = 0;
    try {
      Object serviceManager = executor.getClass().getMethod("getServiceManager").invoke(executor);
      Object config = serviceManager.getClass().getMethod("getConfig").invoke(serviceManager);
      database = (Integer) config.getClass().getMethod("getDatabase").invoke(config);
      Object address = config.getClass().getMethod("getMasterAddress").invoke(config);
      if (address != null) {
        URI uri = URI.create(address.toString());
        if (uri.getHost() != null) {
          host = uri.getHost();
          port = uri.getPort() > 0 ? uri.getPort() : port;
        }
      }
    } catch (ReflectiveOperationException | RuntimeException ignored) {
      // left unknown
    }
    return new RedisTelemetry.RedisConnection(host, port, database);
  }
}
