package io.monitoring.agent.cache;

import io.monitoring.agent.bootstrap.CacheHooks;
import io.monitoring.agent.metrics.AgentMetrics;
import io.monitoring.agent.metrics.SeriesSlots;
import io.monitoring.agent.metrics.SeriesTable;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.snapshots.Unit;

/**
 * {@code cache_operations_total} and {@code cache_operation_duration_seconds}, bound once per (system,
 * cache, operation, status), each at its first use: recording an operation is a counter increment and a
 * histogram observation on data points already held by the cache's {@link CacheSeries}.
 */
final class CacheMetrics {
  private static final double[] BUCKETS = {0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1};
  static final String[] OPERATIONS = {"get", "put", "remove", "clear"};
  /** Per operation: status 0 and 1 ({@code hit}/{@code miss} for reads, {@code success}/{@code error} otherwise). */
  private static final String[][] STATUSES = {{"hit", "miss"}, {"success", "error"}, {"success", "error"}, {"success", "error"}};
  /** A Redis command's statuses: hit or miss for reads, success or error otherwise. */
  static final String[] REDIS_STATUSES = {"hit", "miss", "success", "error"};
  static final int REDIS_HIT = 0;
  static final int REDIS_MISS = 1;
  static final int REDIS_SUCCESS = 2;
  static final int REDIS_ERROR = 3;

  private final Counter operations;
  private final Histogram duration;
  private final AgentMetrics metrics;

  CacheMetrics(AgentMetrics metrics) {
    this.metrics = metrics;
    operations = Counter.builder().name("cache_operations_total")
        .help("Cache operations; reads are hit or miss (per key for multi-key reads), other operations success or error")
        .labelNames("system", "cache_name", "operation", "status").constLabels(metrics.constLabels())
        .withoutExemplars().register(metrics.registry());
    duration = Histogram.builder().name("cache_operation_duration_seconds").unit(Unit.SECONDS)
        .help("Time of cache operations, from the call to its return")
        .labelNames("system", "cache_name", "operation").classicUpperBounds(BUCKETS)
        // a cache hit costs ~5 ns: the native buckets (~27 ns per observation, measured) would be most of
        // what the agent adds, so this family is classic only; local caches have no spans for exemplars
        .classicOnly().withoutExemplars().constLabels(metrics.constLabels()).register(metrics.registry());
  }

  /** Redis servers (cache_name {@code host:port/db}), capped like cache names; operations are the commands. */
  SeriesTable<RedisSeries> redisServers() {
    return metrics.seriesTable("cache_operations_total", RedisSeries::new);
  }

  /** The caches of one system, names capped by {@code monitoring.metrics.max-label-values}. */
  /** The series of caches that are not measured: never bound to a data point, only compared with. */
  CacheSeries unmeasured() {
    return new CacheSeries("unmeasured", "unmeasured");
  }

  SeriesTable<CacheSeries> caches(String system) {
    return metrics.seriesTable("cache_operations_total", name -> new CacheSeries(system, name));
  }

  final class CacheSeries {
    private final SeriesSlots<DistributionDataPoint> durations; // by operation
    private final SeriesSlots<CounterDataPoint> counts; // by operation * 2 + status

    CacheSeries(String system, String name) {
      durations = new SeriesSlots<>(operation -> duration.labelValues(system, name, OPERATIONS[operation]));
      counts = new SeriesSlots<>(i -> operations.labelValues(system, name, OPERATIONS[i / 2], STATUSES[i / 2][i % 2]));
    }

    DistributionDataPoint duration(int operation) {
      return durations.get(operation);
    }

    /** {@code status} 0: hit or success, 1: miss or error. */
    CounterDataPoint count(int operation, int status) {
      return counts.get(operation * 2 + status);
    }
  }

  /**
   * One Redis server and database: a {@link CommandSeries} per command, bound at its first use. A server knows
   * 240 commands (COMMAND COUNT, Redis 7.0), so names beyond 256 are not commands: they fold into {@code _other}.
   */
  final class RedisSeries {
    private static final int MAX_COMMANDS = 256;
    private final SeriesTable<CommandSeries> commands;

    RedisSeries(String name) {
      commands = metrics.seriesTable("cache_operations_total", MAX_COMMANDS, command -> new CommandSeries(name, command));
    }

    CommandSeries command(String command) {
      return commands.get(command);
    }
  }

  /** One command on one server: its duration and its statuses ({@link #REDIS_STATUSES}), each bound at its first use. */
  final class CommandSeries {
    final DistributionDataPoint duration;
    private final SeriesSlots<CounterDataPoint> counts;

    CommandSeries(String name, String command) {
      this.duration = CacheMetrics.this.duration.labelValues("redis", name, command);
      this.counts = new SeriesSlots<>(status -> operations.labelValues("redis", name, command, REDIS_STATUSES[status]));
    }

    /** {@code status}: an index into {@link #REDIS_STATUSES}. */
    CounterDataPoint count(int status) {
      return counts.get(status);
    }
  }

  static {
    // the operation indexes are shared with the advice through the bootstrap hooks
    if (CacheHooks.GET != 0 || CacheHooks.PUT != 1 || CacheHooks.REMOVE != 2 || CacheHooks.CLEAR != 3) {
      throw new AssertionError("cache operation indexes out of step");
    }
  }
}
