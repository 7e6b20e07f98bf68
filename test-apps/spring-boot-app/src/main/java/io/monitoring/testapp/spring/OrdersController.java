package io.monitoring.testapp.spring;

import java.util.concurrent.atomic.AtomicLong;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class OrdersController {

    /** JSON body: {"id":"...","status":"..."} (record components serialize in declaration order). */
    public record Order(String id, String status) {
    }

    private final AtomicLong nextId = new AtomicLong(1000);

    @GetMapping("/orders/{id}")
    public Order order(@PathVariable("id") String id) {
        return new Order(id, "shipped");
    }

    @PostMapping("/orders")
    public ResponseEntity<Order> create() {
        return ResponseEntity.status(HttpStatus.CREATED)
                .body(new Order(Long.toString(nextId.incrementAndGet()), "created"));
    }
}
