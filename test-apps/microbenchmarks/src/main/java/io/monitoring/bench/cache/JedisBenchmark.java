package io.monitoring.bench.cache;

import io.monitoring.bench.MicrobenchmarkSettings;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import java.util.List;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;

/**
 * A Jedis GET of a present key on the Redis server at 127.0.0.1:6379 (loopback), one connection; and a pipeline of
 * 3 SET and 2 GET (one hit, one miss) synced once.
 */
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

  @Benchmark
  public List<Object> pipelineOfFive() {
    Pipeline p = jedis.pipelined();
    p.set("bench:p1", "1");
    p.set("bench:p2", "2");
    p.set("bench:p3", "3");
    p.get("bench:p1");
    p.get("bench:missing");
    return p.syncAndReturnAll();
  }
}
