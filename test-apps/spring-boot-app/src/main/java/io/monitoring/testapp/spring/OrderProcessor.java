package io.monitoring.testapp.spring;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * A business operation with no framework around it, for timing by configuration ({@code monitoring.methods}):
 * {@link #place} validates the id ({@link #validate}: an {@code IllegalArgumentException} for a negative one) and
 * then reads the order's status with one SELECT on {@code orders}.
 */
@Service
public class OrderProcessor {

    private final JdbcTemplate jdbc;

    public OrderProcessor(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public String place(long id) {
        validate(id);
        return jdbc.query("SELECT status FROM orders WHERE id = ?", rs -> rs.next() ? rs.getString(1) : "none", id);
    }

    void validate(long id) {
        if (id < 0) {
            throw new IllegalArgumentException("no order " + id);
        }
    }
}
