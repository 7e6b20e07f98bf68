package io.monitoring.testapp.withspan;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.instrumentation.annotations.SpanAttribute;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * Business methods annotated the OpenTelemetry way, nothing else: {@link #place} (span {@code OrderService.place},
 * attributes {@code order.id} and {@code customer}) validates the id ({@link #validate}, span {@code validate order},
 * an {@code IllegalArgumentException} for a negative one) and publishes an event ({@link #publish}, a PRODUCER
 * span); {@link #confirm} returns a stage that completes 50 ms later on another thread, failed for a negative id.
 */
public class OrderService {
    private static final Executor LATER = CompletableFuture.delayedExecutor(50, TimeUnit.MILLISECONDS);

    @WithSpan
    public String place(@SpanAttribute("order.id") long id, @SpanAttribute("customer") String customer) {
        validate(id);
        publish(id);
        return "placed " + id + " for " + customer;
    }

    @WithSpan("validate order")
    void validate(long id) {
        if (id < 0) {
            throw new IllegalArgumentException("no order " + id);
        }
    }

    @WithSpan(kind = SpanKind.PRODUCER)
    void publish(long id) {
        // an event would leave here
    }

    @WithSpan
    public CompletableFuture<String> confirm(@SpanAttribute("order.id") long id) {
        return CompletableFuture.supplyAsync(() -> {
            if (id < 0) {
                throw new IllegalStateException("cannot confirm " + id);
            }
            return "confirmed " + id;
        }, LATER);
    }
}
