package io.monitoring.testapp.resilience4j;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import io.github.resilience4j.ratelimiter.RequestNotPermitted;
import io.monitoring.testapp.launcher.LaunchProtocol;
import io.monitoring.testapp.outcome.Outcome;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * One circuit breaker, {@code backend}, and one rate limiter, {@code quota}, from their registries, driven one
 * call per request:
 * <ul>
 *   <li>{@code /backend/ok} and {@code /backend/fail}: a call through {@code backend} that returns (200) or throws
 *       an {@code IOException} (500); 503 when the breaker does not permit the call;</li>
 *   <li>{@code /backend/state}: the breaker's state as it reports it ({@code CLOSED}, {@code OPEN}, ...);</li>
 *   <li>{@code /quota}: a call through {@code quota}: 200, or 429 when the limiter rejects it;</li>
 *   <li>{@code /contract/}: the names of {@link Resilience4jContract}'s cases, one a line; {@code /contract/<case>}:
 *       runs the case, its {@code Outcome} as the body.</li>
 * </ul>
 * {@code backend}: a count-based window of 4 calls, all 4 needed, opens at 50 % failures, stays open 3 s and then
 * goes half-open by itself, 2 calls permitted half-open. {@code quota}: 2 permits per hour, no waiting: the first 2
 * calls pass, every later one is rejected.
 */
public final class Resilience4jApp {
    private Resilience4jApp() {
    }

    public static void main(String[] args) throws IOException {
        CircuitBreaker backend = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(4)
                .minimumNumberOfCalls(4)
                .failureRateThreshold(50)
                .waitDurationInOpenState(Duration.ofSeconds(3))
                .automaticTransitionFromOpenToHalfOpenEnabled(true)
                .permittedNumberOfCallsInHalfOpenState(2)
                .build()).circuitBreaker("backend");
        RateLimiter quota = RateLimiterRegistry.of(RateLimiterConfig.custom()
                .limitForPeriod(2)
                .limitRefreshPeriod(Duration.ofHours(1))
                .timeoutDuration(Duration.ZERO)
                .build()).rateLimiter("quota");

        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", LaunchProtocol.port(args)), 0);
        server.createContext("/backend/ok", exchange -> {
            try {
                respond(exchange, 200, backend.executeCallable(() -> "ok"));
            } catch (CallNotPermittedException e) {
                respond(exchange, 503, "not permitted");
            } catch (Exception e) {
                respond(exchange, 500, String.valueOf(e));
            }
        });
        server.createContext("/backend/fail", exchange -> {
            try {
                respond(exchange, 200, backend.executeCallable(() -> {
                    throw new IOException("backend failed on purpose");
                }));
            } catch (CallNotPermittedException e) {
                respond(exchange, 503, "not permitted");
            } catch (Exception e) {
                respond(exchange, 500, String.valueOf(e));
            }
        });
        server.createContext("/backend/state", exchange -> respond(exchange, 200, backend.getState().name()));
        server.createContext("/quota", exchange -> {
            try {
                respond(exchange, 200, quota.executeSupplier(() -> "ok"));
            } catch (RequestNotPermitted e) {
                respond(exchange, 429, "rejected");
            }
        });
        Map<String, Outcome.Call> contract = Resilience4jContract.cases();
        server.createContext("/contract/", exchange -> {
            String name = exchange.getRequestURI().getPath().substring("/contract/".length());
            if (name.isEmpty()) {
                respond(exchange, 200, String.join("\n", contract.keySet()) + "\n");
            } else if (contract.containsKey(name)) {
                respond(exchange, 200, Outcome.of(contract.get(name)));
            } else {
                respond(exchange, 404, "no case " + name);
            }
        });
        server.start();
        LaunchProtocol.announceReady(server.getAddress().getPort());
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
