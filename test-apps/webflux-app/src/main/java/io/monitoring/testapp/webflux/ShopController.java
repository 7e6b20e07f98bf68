package io.monitoring.testapp.webflux;

import java.net.URI;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientResponseException;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The annotated routes, each answering once and doing exactly what its Javadoc says:
 * <ul>
 *   <li>{@code GET /orders/{id}}: 200 {@code order <id>}; no I/O;</li>
 *   <li>{@code GET /owners/{ownerId}/pets/{petId}}: 200 {@code pet <petId> of <ownerId>};</li>
 *   <li>{@code POST /orders}: 201 {@code created};</li>
 *   <li>{@code GET /boom}: throws; WebFlux's default handling answers 500;</li>
 *   <li>{@code GET /missing/{id}}: a {@code ResponseStatusException} 404;</li>
 *   <li>{@code GET /slow?ms=N}: 200 {@code slow} after N ms (default 100), on Reactor's timer;</li>
 *   <li>{@code GET /call?url=U}: one {@code GET U} through a shared {@link WebClient}, answering 200 with
 *       {@code status=<code>} for any response or {@code error=<exception class>} when none came;</li>
 *   <li>{@code GET /status/{code}}: answers {@code code} with the body {@code status <code>} (a backend for
 *       {@code /call});</li>
 *   <li>{@code GET /call-then-db/{id}?url=U}: one {@code GET U} through the WebClient, then, once its response is
 *       in, {@code publishOn(boundedElastic)}, a log line {@code call-then-db <id> after the call} and the
 *       {@code /db/{id}} query there: 200 with the name or {@code none};</li>
 *   <li>{@code GET /db/{id}}: a log line {@code db <id> offloaded} and one {@code SELECT name FROM items WHERE
 *       id = ?} through JdbcTemplate, both on {@code boundedElastic} (the way blocking calls are offloaded), 200
 *       with the name or {@code none};</li>
 *   <li>{@code GET /quote/{symbol}}: {@link QuoteService#quote}'s answer after 100 ms, or {@code error <message>};</li>
 *   <li>{@code GET /ticks?count=N}: {@link QuoteService#ticks}' N ticks joined by commas, 50 ms apart.</li>
 * </ul>
 */
@RestController
public class ShopController {
    static final String SELECT_ITEM = "SELECT name FROM items WHERE id = ?";
    private static final Logger LOG = LoggerFactory.getLogger(ShopController.class);

    private final WebClient client = WebClient.create();
    private final JdbcTemplate jdbc;

    private final QuoteService quotes;

    public ShopController(JdbcTemplate jdbc, QuoteService quotes) {
        this.jdbc = jdbc;
        this.quotes = quotes;
    }

    @GetMapping("/quote/{symbol}")
    public Mono<String> quote(@PathVariable("symbol") String symbol) {
        return quotes.quote(symbol).onErrorResume(e -> Mono.just("error " + e.getMessage()));
    }

    @GetMapping("/ticks")
    public Mono<String> ticks(@RequestParam("count") long count) {
        return quotes.ticks(count).collectList().map(ticks -> String.join(",", ticks));
    }

    @GetMapping("/orders/{id}")
    public Mono<String> order(@PathVariable("id") String id) {
        return Mono.just("order " + id);
    }

    @GetMapping("/owners/{ownerId}/pets/{petId}")
    public Mono<String> pet(@PathVariable("ownerId") String ownerId, @PathVariable("petId") String petId) {
        return Mono.just("pet " + petId + " of " + ownerId);
    }

    @PostMapping("/orders")
    @ResponseStatus(HttpStatus.CREATED)
    public Mono<String> create() {
        return Mono.just("created");
    }

    @GetMapping("/boom")
    public Mono<String> boom() {
        throw new IllegalStateException("boom");
    }

    @GetMapping("/missing/{id}")
    public Mono<String> missing(@PathVariable("id") String id) {
        return Mono.error(new ResponseStatusException(HttpStatus.NOT_FOUND, "no " + id));
    }

    @GetMapping("/slow")
    public Mono<String> slow(@RequestParam(name = "ms", defaultValue = "100") long ms) {
        return Mono.delay(Duration.ofMillis(ms)).thenReturn("slow");
    }

    @GetMapping("/call")
    public Mono<String> call(@RequestParam("url") String url) {
        return client.get().uri(URI.create(url)).retrieve().toBodilessEntity()
                .map(response -> "status=" + response.getStatusCode().value())
                .onErrorResume(WebClientResponseException.class, e -> Mono.just("status=" + e.getStatusCode().value()))
                .onErrorResume(e -> Mono.just("error=" + e.getClass().getSimpleName()));
    }

    @GetMapping("/status/{code}")
    public Mono<ResponseEntity<String>> status(@PathVariable("code") int code) {
        return Mono.just(ResponseEntity.status(code).body("status " + code));
    }

    @GetMapping("/call-then-db/{id}")
    public Mono<String> callThenDb(@PathVariable("id") long id, @RequestParam("url") String url) {
        return client.get().uri(URI.create(url)).retrieve().toBodilessEntity()
                .publishOn(Schedulers.boundedElastic())
                .doOnNext(response -> LOG.info("call-then-db {} after the call", id))
                .map(response -> jdbc.queryForList(SELECT_ITEM, String.class, id))
                .map(names -> names.isEmpty() ? "none" : names.get(0));
    }

    @GetMapping("/db/{id}")
    public Mono<String> db(@PathVariable("id") long id) {
        return Mono.fromCallable(() -> {
                    LOG.info("db {} offloaded", id);
                    return jdbc.queryForList(SELECT_ITEM, String.class, id);
                })
                .subscribeOn(Schedulers.boundedElastic())
                .map(names -> names.isEmpty() ? "none" : names.get(0));
    }
}
