package io.monitoring.testapp.gateway;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import java.time.Duration;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.cloud.circuitbreaker.resilience4j.ReactiveResilience4JCircuitBreakerFactory;
import org.springframework.cloud.client.circuitbreaker.Customizer;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;

/**
 * Spring Cloud Gateway with two routes to {@code --backend.url}, the first path segment stripped
 * (application.properties): {@code orders}, {@code /api/orders/**}; and {@code guarded}, {@code /guarded/**},
 * behind Spring Cloud CircuitBreaker's {@code CircuitBreaker} filter, breaker {@code backend}: a window of 4 calls,
 * opens at 50 % failures (a 500 from the backend is one), half-open by itself after 3 s, 2 trial calls. Prints
 * {@code READY port=N} once serving.
 */
@SpringBootApplication
public class GatewayApp {

    public static void main(String[] args) {
        SpringApplication.run(GatewayApp.class, args);
    }

    @Bean
    Customizer<ReactiveResilience4JCircuitBreakerFactory> backendBreaker() {
        return factory -> factory.configure(breaker -> breaker
                .circuitBreakerConfig(CircuitBreakerConfig.custom()
                        .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                        .slidingWindowSize(4)
                        .minimumNumberOfCalls(4)
                        .failureRateThreshold(50)
                        .waitDurationInOpenState(Duration.ofSeconds(3))
                        .automaticTransitionFromOpenToHalfOpenEnabled(true)
                        .permittedNumberOfCallsInHalfOpenState(2)
                        .build())
                .timeLimiterConfig(TimeLimiterConfig.custom().timeoutDuration(Duration.ofSeconds(10)).build()), "backend");
    }

    @Bean
    ApplicationListener<ApplicationReadyEvent> readyAnnouncer() {
        return event -> {
            System.out.println("READY port=" + event.getApplicationContext().getEnvironment().getProperty("local.server.port"));
            System.out.flush();
        };
    }
}
