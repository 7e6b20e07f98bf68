package io.monitoring.testapp.spring;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Orders: reads go through {@link JdbcTemplate}, writes through Spring Data JPA ({@link OrderRepository}).
 *
 * <p>SQL per request:
 * <ul>
 *   <li>{@code GET /orders/{id}} with a numeric id: exactly one prepared
 *       {@code SELECT id, status FROM orders WHERE id = ?} (executeQuery), outside any transaction. A
 *       non-numeric id (or one outside {@code long}) runs no SQL at all and answers status {@code unknown},
 *       like an id without a row; either way the answer is 200.</li>
 *   <li>{@code POST /orders}: exactly one prepared {@code INSERT} (Hibernate's
 *       {@code insert into orders (status,id) values (?,?)}) in one transaction; the id comes from
 *       {@link #nextId} and the entity is {@link OrderEntity#isNew() new}, so there is no SELECT first and
 *       no sequence call.</li>
 * </ul>
 */
@RestController
public class OrdersController {

    /** JSON body: {"id":"...","status":"..."} (record components serialize in declaration order). */
    public record Order(String id, String status) {
    }

    static final String SELECT_ORDER = "SELECT id, status FROM orders WHERE id = ?";

    /** Ids of new orders: 1001, 1002, ... (the seed data uses 1..5). */
    private final AtomicLong nextId = new AtomicLong(1000);

    private final JdbcTemplate jdbcTemplate;
    private final OrderRepository orders;

    public OrdersController(JdbcTemplate jdbcTemplate, OrderRepository orders) {
        this.jdbcTemplate = jdbcTemplate;
        this.orders = orders;
    }

    /** 200 with the order's status from the database, {@code unknown} when there is no such order. */
    @GetMapping("/orders/{id}")
    public Order order(@PathVariable("id") String id) {
        Long key = parseId(id);
        if (key == null) {
            return new Order(id, "unknown"); // not an order id: no query
        }
        // query(...) with a RowMapper: a missing row is an empty list, not an exception
        List<String> status = jdbcTemplate.query(SELECT_ORDER, (rs, rowNum) -> rs.getString("status"), key);
        return new Order(id, status.isEmpty() ? "unknown" : status.get(0));
    }

    /** 201 with the new order, saved with status {@code created}. */
    @PostMapping("/orders")
    public ResponseEntity<Order> create() {
        OrderEntity saved = orders.save(OrderEntity.created(nextId.incrementAndGet()));
        return ResponseEntity.status(HttpStatus.CREATED)
                .body(new Order(Long.toString(saved.getId()), saved.getStatus()));
    }

    /** The path segment as a {@code long}, or null when it is not one. */
    static Long parseId(String segment) {
        try {
            return Long.valueOf(segment);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
