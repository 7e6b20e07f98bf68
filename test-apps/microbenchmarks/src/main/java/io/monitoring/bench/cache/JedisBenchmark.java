package io.monitoring.bench.cache;

import io.monitoring.bench.MicrobenchmarkSettings;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import redis.clients.jedis.Jedis;

/** A Jedis GET of a present key on the Redis server at 127.0.0.1:6379 (loopback), one connection. */
@State(Scope.Thread)
public class JedisBenchmark extends MicrobenchmarkSettings {
  private Jedis jedis;

  @Setup(Level.Trial)
  public void connect() {
    jedis = new Jedis("127.0.0.1", 6379);
    jedis.set("bench:key", "value");
  }

  @TearDown(Level.Trial)
  public void close() {
    jedis.close();
  }

  @Benchmark
  public String getHit() {
    return jedis.get("bench:key");
  }
}
