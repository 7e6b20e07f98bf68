package io.monitoring.it.support;

import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Waits for a condition by polling, with a deadline. Returns as soon as the condition holds, so a generous timeout
 * costs nothing when things are fast.
 */
public final class Poll {

    static final Duration INTERVAL = Duration.ofMillis(50);

    private Poll() {
    }

    /**
     * Calls {@code supplier} every 50 ms until {@code condition} accepts its value, and returns that value.
     *
     * <p>A {@link RuntimeException} thrown by the supplier (say, "connection refused" while an app is still starting)
     * counts as "not yet" and polling goes on; errors propagate at once.
     *
     * @throws AssertionError when the timeout passes first; its message names {@code description} and the last value,
     *     and the last exception thrown by the supplier, if any, is its cause
     */
    public static <T> T until(Supplier<T> supplier, Predicate<T> condition, Duration timeout, String description) {
        long deadline = System.nanoTime() + timeout.toNanos();
        T last = null;
        boolean haveValue = false;
        RuntimeException lastFailure = null;
        while (true) {
            try {
                last = supplier.get();
                haveValue = true;
                lastFailure = null;
                if (condition.test(last)) {
                    return last;
                }
            } catch (RuntimeException e) {
                lastFailure = e;
            }
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                break;
            }
            sleep(Math.min(INTERVAL.toNanos(), remaining));
        }
        String message = "Timed out after " + timeout.toMillis() + " ms waiting for " + description
                + "; last value: " + (haveValue ? last : "(none)")
                + (lastFailure != null ? "; the last attempt threw " + lastFailure : "");
        AssertionError error = new AssertionError(message);
        if (lastFailure != null) {
            error.initCause(lastFailure);
        }
        throw error;
    }

    private static void sleep(long nanos) {
        try {
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted while polling", e);
        }
    }
}
