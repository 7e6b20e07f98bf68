package io.monitoring.testapp.webflux;

import io.opentelemetry.instrumentation.annotations.SpanAttribute;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import java.time.Duration;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Reactive business methods annotated the OpenTelemetry way: each returns at once a publisher that ends later, on
 * Reactor's timer.
 */
@Service
public class QuoteService {
    /** After 100 ms, {@code quote <symbol>}; for {@code FAIL}, an {@code IllegalStateException("no quote for FAIL")}. */
    @WithSpan
    public Mono<String> quote(@SpanAttribute("symbol") String symbol) {
        return Mono.delay(Duration.ofMillis(100)).flatMap(tick -> "FAIL".equals(symbol)
                ? Mono.error(new IllegalStateException("no quote for FAIL")) : Mono.just("quote " + symbol));
    }

    /** {@code count} ticks, one every 50 ms: {@code tick 0}, {@code tick 1}, ... */
    @WithSpan("ticks")
    public Flux<String> ticks(@SpanAttribute("count") long count) {
        return Flux.interval(Duration.ofMillis(50)).take(count).map(i -> "tick " + i);
    }
}
