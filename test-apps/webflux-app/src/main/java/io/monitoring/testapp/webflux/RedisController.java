package io.monitoring.testapp.webflux;

import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Reactive Redis through Spring Data Redis on Lettuce (127.0.0.1:6379, database 0, connected on first use):
 * {@code PUT /redis/{key}} is one {@code SET key v} answering {@code stored}; {@code GET /redis/{key}} is one
 * {@code GET key}, answering the value or {@code none}.
 */
@RestController
public class RedisController {
    private final ReactiveStringRedisTemplate redis;

    public RedisController(ReactiveStringRedisTemplate redis) {
        this.redis = redis;
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
