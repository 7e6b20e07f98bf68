package io.monitoring.bench.cache;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import redis.clients.jedis.Jedis;

/** A Jedis GET of a present key on the Redis server at 127.0.0.1:6379 (loopback), one connection. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class JedisBenchmark {
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
