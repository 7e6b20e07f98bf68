package io.monitoring.testapp.spring;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** A failing query: the database error propagates and Spring Boot's /error handling answers 500. */
@RestController
public class DbController {

    private final JdbcTemplate jdbcTemplate;

    public DbController(JdbcTemplate jdbcTemplate) {
        this.jdbcTemplate = jdbcTemplate;
    }

    /**
     * Exactly one statement, a plain (not prepared) {@code SELECT count(*) FROM no_such_table} through
     * {@code Statement.executeQuery}; H2 rejects it (table not found) and Spring translates that into a
     * {@code BadSqlGrammarException}, which is left to propagate.
     */
    @GetMapping("/db/fail")
    public Long fail() {
        return jdbcTemplate.queryForObject("SELECT count(*) FROM no_such_table", Long.class);
    }
}
