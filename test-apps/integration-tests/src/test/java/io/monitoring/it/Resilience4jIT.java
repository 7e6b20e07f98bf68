package io.monitoring.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.monitoring.it.support.AgentApp;
import io.monitoring.it.support.Http;
import io.monitoring.it.support.Jdks;
import io.monitoring.it.support.Poll;
import io.monitoring.it.support.PrometheusScrape;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Resilience4j 2.3 (resilience4j-app) and 1.7.1 (resilience4j17-app, the same source): the app's circuit breaker
 * {@code backend} (a window of 4 calls, opens at 50 % failures, half-open by itself after 3 s, 2 trial calls) driven closed → open → half-open → closed, and its
 * rate limiter {@code quota} (2 permits, then every call rejected). After each step the scrape shows the
 * breaker's state and the exact calls by outcome. The application registers no event consumer. The same breaker
 * through Spring Cloud CircuitBreaker, on a Spring Cloud Gateway route.
 */
class Resilience4jIT {

    @ParameterizedTest
    @ValueSource(strings = {"resilience4j-app", "resilience4j17-app"})
    void aCircuitBreakerGoesClosedOpenHalfOpenClosedAndEveryCallIsCountedByOutcome(String testApp) {
        try (AgentApp app = AgentApp.start(testApp, Jdks.current(), null, "--port", "")) {
            PrometheusScrape scrape = app.scrape();
            assertEquals(0.0, state(scrape), () -> "created closed, before any call: " + scrape.raw());
            assertEquals(Map.of(), calls(scrape));

            // closed: 2 successes and 2 failures fill the window of 4 at 50 % failures: the breaker opens
            call(app, "/backend/ok", 200);
            call(app, "/backend/fail", 500);
            call(app, "/backend/ok", 200);
            call(app, "/backend/fail", 500);
            PrometheusScrape open = app.scrape();
            assertEquals(1.0, state(open), open::raw);
            assertEquals(Map.of("success", 2.0, "failure", 2.0), calls(open), open::raw);

            // open: 3 calls refused, the breaker never ran them
            call(app, "/backend/ok", 503);
            call(app, "/backend/fail", 503);
            call(app, "/backend/ok", 503);
            PrometheusScrape refused = app.scrape();
            assertEquals(1.0, state(refused), refused::raw);
            assertEquals(Map.of("success", 2.0, "failure", 2.0, "not_permitted", 3.0), calls(refused), refused::raw);

            // after its 3 s in the open state the breaker goes half-open by itself: the gauge says so when scraped
            PrometheusScrape halfOpen = Poll.until(app::scrape, s -> state(s) == 2.0, Duration.ofSeconds(10),
                    "the breaker to go half-open");
            assertEquals("HALF_OPEN", Http.get(app.url("/backend/state")).body());
            assertEquals(Map.of("success", 2.0, "failure", 2.0, "not_permitted", 3.0), calls(halfOpen), halfOpen::raw);

            // half-open: its 2 trial calls succeed, so it closes again
            call(app, "/backend/ok", 200);
            call(app, "/backend/ok", 200);
            PrometheusScrape closed = app.scrape();
            assertEquals("CLOSED", Http.get(app.url("/backend/state")).body());
            assertEquals(0.0, state(closed), closed::raw);
            assertEquals(Map.of("success", 4.0, "failure", 2.0, "not_permitted", 3.0), calls(closed), closed::raw);
            assertEquals(0.0, closed.value("monitoring_agent_errors_total"), closed::raw);
        }
    }

    /**
     * The same breaker through Spring Cloud CircuitBreaker: gateway-app's {@code guarded} route has the Gateway's
     * {@code CircuitBreaker} filter (Resilience4j's reactive operator, created by Spring Cloud's factory with the
     * same configuration), in front of webflux-app's {@code /status/{code}}; a 500 from the backend is a failure.
     */
    @Test
    void aBreakerUsedThroughSpringCloudCircuitBreakerIsMeasuredTheSameWay() {
        try (AgentApp backend = AgentApp.start("webflux-app", Jdks.current(), null, "--server.port=", "service.name=backend");
             AgentApp gateway = AgentApp.start("gateway-app", Jdks.current(), null, "--server.port=", "service.name=gateway",
                     "--backend.url=http://127.0.0.1:" + backend.port)) {
            // Spring Cloud creates the breaker on the route's first call
            call(gateway, "/guarded/status/200", 200);
            call(gateway, "/guarded/status/500", 500);
            call(gateway, "/guarded/status/200", 200);
            call(gateway, "/guarded/status/500", 500);
            PrometheusScrape open = gateway.scrape();
            assertEquals(1.0, state(open), open::raw);
            assertEquals(Map.of("success", 2.0, "failure", 2.0), calls(open), open::raw);

            call(gateway, "/guarded/status/200", 503);
            call(gateway, "/guarded/status/500", 503);
            PrometheusScrape refused = gateway.scrape();
            assertEquals(Map.of("success", 2.0, "failure", 2.0, "not_permitted", 2.0), calls(refused), refused::raw);

            Poll.until(gateway::scrape, s -> state(s) == 2.0, Duration.ofSeconds(10), "the breaker to go half-open");

            call(gateway, "/guarded/status/200", 200);
            call(gateway, "/guarded/status/200", 200);
            PrometheusScrape closed = gateway.scrape();
            assertEquals(0.0, state(closed), closed::raw);
            assertEquals(Map.of("success", 4.0, "failure", 2.0, "not_permitted", 2.0), calls(closed), closed::raw);
            assertEquals(0.0, closed.value("monitoring_agent_errors_total"), closed::raw);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"resilience4j-app", "resilience4j17-app"})
    void aRateLimiterCountsEachCallItRejectedAndNoneItPermitted(String testApp) {
        try (AgentApp app = AgentApp.start(testApp, Jdks.current(), null, "--port", "")) {
            call(app, "/quota", 200);
            call(app, "/quota", 200);
            PrometheusScrape permitted = app.scrape();
            assertEquals(List.of(), permitted.samples("rate_limit_hits_total"), permitted::raw);

            for (int i = 0; i < 3; i++) {
                call(app, "/quota", 429);
            }
            PrometheusScrape rejected = app.scrape();
            assertEquals(Map.of("quota", 3.0), rejected.valuesBy("rate_limit_hits_total", "name"), rejected::raw);
            assertEquals(0.0, rejected.value("monitoring_agent_errors_total"), rejected::raw);
        }
    }

    @Test
    void measuresNothingWhenResilience4jInstrumentationIsOff() {
        try (AgentApp app = AgentApp.start("resilience4j-app", Jdks.current(), null, "--port",
                "instrumentation.resilience4j.enabled=false")) {
            call(app, "/backend/ok", 200);
            call(app, "/backend/fail", 500);
            for (int i = 0; i < 3; i++) {
                call(app, "/quota", i < 2 ? 200 : 429);
            }
            PrometheusScrape scrape = app.scrape();
            assertEquals(List.of(), scrape.samples("circuit_breaker_state"), scrape::raw);
            assertEquals(List.of(), scrape.samples("circuit_breaker_calls_total"), scrape::raw);
            assertEquals(List.of(), scrape.samples("rate_limit_hits_total"), scrape::raw);
        }
    }

    private static void call(AgentApp app, String path, int status) {
        Http.Response response = Http.get(app.url(path));
        assertEquals(status, response.status(), () -> path + ": " + response.body());
    }

    private static double state(PrometheusScrape scrape) {
        return scrape.samples("circuit_breaker_state").stream().filter(s -> "backend".equals(s.labels().get("name")))
                .mapToDouble(PrometheusScrape.Sample::value).findFirst().orElse(Double.NaN);
    }

    /** {@code circuit_breaker_calls_total{name="backend"}} by outcome. */
    private static Map<String, Double> calls(PrometheusScrape scrape) {
        return new java.util.TreeMap<>(scrape.samples("circuit_breaker_calls_total").stream()
                .filter(s -> "backend".equals(s.labels().get("name")))
                .collect(java.util.stream.Collectors.toMap(s -> s.labels().get("outcome"), PrometheusScrape.Sample::value)));
    }
}
