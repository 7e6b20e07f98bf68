package io.monitoring.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What every benchmark here measures, and for how long: the average time of a call in nanoseconds, in one fork, after
 * 3 warm-up iterations of 2 s, over 5 measured iterations of 2 s (about 17 s a benchmark and variant with the JVM's
 * start, so that test-apps/benchmark/microbenchmarks.sh runs its three variants in minutes). JMH's annotations are
 * inherited: a benchmark class extends this one and declares its own {@code @State}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public abstract class MicrobenchmarkSettings {
}
