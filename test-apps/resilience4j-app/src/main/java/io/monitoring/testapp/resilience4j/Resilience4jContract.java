package io.monitoring.testapp.resilience4j;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.monitoring.testapp.outcome.Outcome;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The contract cases of {@code /contract/<case>}: what the application sees of a circuit breaker and a rate
 * limiter, refusals included, compared by the integration test with and without the agent. Every case makes its
 * own breaker or limiter (named {@code contract-<case>}), so it gives the same answer however often it runs; the
 * agent's counts per name show each was measured.
 */
final class Resilience4jContract {
    private Resilience4jContract() {
    }

    static Map<String, Outcome.Call> cases() {
        Map<String, Outcome.Call> cases = new LinkedHashMap<>();
        cases.put("circuitbreaker/returns", () -> {
            CircuitBreaker breaker = breaker("returns");
            List<Object> seen = new ArrayList<>();
            seen.add(breaker.executeCallable(() -> "value"));
            seen.add(breaker.executeSupplier(() -> 42));
            Supplier<String> decorated = CircuitBreaker.decorateSupplier(breaker, () -> "decorated");
            seen.add(decorated.get());
            seen.add(breaker.getMetrics().getNumberOfSuccessfulCalls());
            return seen;
        });
        cases.put("circuitbreaker/throws", () -> breaker("throws").executeCallable(() -> {
            throw new IOException("backend failed on purpose");
        }));
        cases.put("circuitbreaker/opens-and-refuses", () -> {
            CircuitBreaker breaker = breaker("opens-and-refuses");
            List<Object> seen = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                seen.add(Outcome.of(() -> breaker.executeCallable(() -> {
                    throw new IllegalStateException("failure " + seen.size());
                })).lines().findFirst().orElse(""));
            }
            seen.add(breaker.getState());
            seen.add(breaker.tryAcquirePermission());
            return seen + "\n" + Outcome.of(() -> breaker.executeSupplier(() -> "never runs"));
        });
        cases.put("circuitbreaker/forced-open", () -> {
            CircuitBreaker breaker = breaker("forced-open");
            breaker.transitionToForcedOpenState();
            return breaker.executeSupplier(() -> "never runs");
        });
        cases.put("ratelimiter/permits-then-rejects", () -> {
            RateLimiter limiter = RateLimiter.of("contract-permits-then-rejects", RateLimiterConfig.custom()
                    .limitForPeriod(2).limitRefreshPeriod(Duration.ofHours(1)).timeoutDuration(Duration.ZERO).build());
            List<Object> seen = new ArrayList<>();
            seen.add(limiter.executeSupplier(() -> "first"));
            seen.add(limiter.acquirePermission());
            seen.add(limiter.acquirePermission());
            seen.add(limiter.reservePermission());
            return seen + "\n" + Outcome.of(() -> limiter.executeSupplier(() -> "never runs"));
        });
        return cases;
    }

    private static CircuitBreaker breaker(String name) {
        return CircuitBreaker.of("contract-" + name, CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(4)
                .minimumNumberOfCalls(4)
                .failureRateThreshold(50)
                .waitDurationInOpenState(Duration.ofHours(1))
                .build());
    }
}
