package io.monitoring.bench.cache;

import io.monitoring.bench.MicrobenchmarkSettings;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.redisson.Redisson;
import org.redisson.api.RBucket;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.Config;

/** A Redisson sync {@code RBucket.get} of a present key on the Redis server at 127.0.0.1:6379 (loopback). */
@State(Scope.Thread)
public class RedissonBenchmark extends MicrobenchmarkSettings {
  private RedissonClient redisson;
  private RBucket<String> bucket;

  @Setup(Level.Trial)
  public void connect() {
    Config config = new Config();
    config.useSingleServer().setAddress("redis://127.0.0.1:6379").setConnectionMinimumIdleSize(1)
        .setConnectionPoolSize(1).setSubscriptionConnectionMinimumIdleSize(1).setSubscriptionConnectionPoolSize(1);
    redisson = Redisson.create(config);
    bucket = redisson.getBucket("bench:redisson", StringCodec.INSTANCE);
    bucket.set("value");
  }

  @TearDown(Level.Trial)
  public void close() {
    redisson.shutdown();
  }

  @Benchmark
  public String getHit() {
    return bucket.get();
  }
}
