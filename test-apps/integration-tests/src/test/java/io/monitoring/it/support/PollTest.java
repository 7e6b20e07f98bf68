package io.monitoring.it.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PollTest {

    @Test
    void returnsAtOnceWhenTheConditionAlreadyHolds() {
        long start = System.nanoTime();

        String value = Poll.until(() -> "ready", "ready"::equals, Duration.ofSeconds(30), "readiness");

        assertEquals("ready", value);
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() < 1_000);
    }

    @Test
    void pollsUntilTheConditionHolds() {
        AtomicInteger calls = new AtomicInteger();

        int value = Poll.until(calls::incrementAndGet, n -> n >= 3, Duration.ofSeconds(10), "three calls");

        assertEquals(3, value);
        assertEquals(3, calls.get());
    }

    @Test
    void failsWithTheLastValueAfterTheTimeout() {
        AtomicInteger calls = new AtomicInteger();
        long start = System.nanoTime();

        AssertionError e = assertThrows(AssertionError.class,
                () -> Poll.until(calls::incrementAndGet, n -> n < 0, Duration.ofMillis(300), "a negative number"));

        long elapsedMillis = Duration.ofNanos(System.nanoTime() - start).toMillis();
        assertTrue(elapsedMillis >= 300 && elapsedMillis < 2_000, "elapsed " + elapsedMillis);
        assertTrue(e.getMessage().startsWith("Timed out after 300 ms waiting for a negative number; last value: "),
                e.getMessage());
        assertTrue(e.getMessage().endsWith("last value: " + calls.get()), e.getMessage());
        assertTrue(calls.get() >= 3, "polled " + calls.get() + " times");
    }

    @Test
    void treatsExceptionsAsNotYet() {
        AtomicInteger calls = new AtomicInteger();

        String value = Poll.until(() -> {
            if (calls.incrementAndGet() < 3) {
                throw new UncheckedIOException(new java.net.ConnectException("Connection refused"));
            }
            return "up";
        }, "up"::equals, Duration.ofSeconds(10), "the app");

        assertEquals("up", value);
    }

    @Test
    void reportsTheLastExceptionAsCause() {
        IllegalStateException failure = new IllegalStateException("not up");

        AssertionError e = assertThrows(AssertionError.class, () -> Poll.until(() -> {
            throw failure;
        }, v -> true, Duration.ofMillis(100), "the app"));

        assertSame(failure, e.getCause());
        assertTrue(e.getMessage().contains("last value: (none); the last attempt threw"), e.getMessage());
    }
}
