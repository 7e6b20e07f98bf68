package io.monitoring.testapp.webflux;

import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Reactive Redis through Spring Data Redis on Lettuce (127.0.0.1:6379, database 0, connected on first use):
 * {@code PUT /redis/{key}} is one {@code SET key v} answering {@code stored}; {@code GET /redis/{key}} is one
 * {@code GET key}, answering the value or {@code none}; {@code GET /redis-then-db/{key}} is that {@code GET}, then,
 * once the reply is in, {@code SELECT name FROM items WHERE id = 1} on {@code boundedElastic}, answering
 * {@code <value or none>/<name>}.
 */
@RestController
public class RedisController {
    private final ReactiveStringRedisTemplate redis;
    private final JdbcTemplate jdbc;

    public RedisController(ReactiveStringRedisTemplate redis, JdbcTemplate jdbc) {
        this.redis = redis;
        this.jdbc = jdbc;
    }

    @GetMapping("/redis-then-db/{key}")
    public Mono<String> getThenDb(@PathVariable("key") String key) {
        return redis.opsForValue().get(key).defaultIfEmpty("none")
                .flatMap(value -> Mono.fromCallable(() -> value + "/" + jdbc.queryForObject(ShopController.SELECT_ITEM, String.class, 1))
                        .subscribeOn(Schedulers.boundedElastic()));
    }

    @PutMapping("/redis/{key}")
    public Mono<String> put(@PathVariable("key") String key) {
        return redis.opsForValue().set(key, "v").thenReturn("stored");
    }

    @GetMapping("/redis/{key}")
    public Mono<String> get(@PathVariable("key") String key) {
        return redis.opsForValue().get(key).defaultIfEmpty("none");
    }
}
