package io.monitoring.testapp.spring;

import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A failing query, whose database error propagates (Spring Boot's /error handling answers 500), and a slow one. At
 * start-up, outside any request, H2 gets the function {@code SLEEP_MS} (the JDK's {@code Thread.sleep}); PostgreSQL
 * has {@code pg_sleep}.
 */
@RestController
public class DbController {

    private final JdbcTemplate jdbcTemplate;
    private final boolean h2;

    public DbController(JdbcTemplate jdbcTemplate) {
        this.jdbcTemplate = jdbcTemplate;
        this.h2 = Boolean.TRUE.equals(jdbcTemplate.execute((ConnectionCallback<Boolean>) connection ->
                connection.getMetaData().getDatabaseProductName().equals("H2")));
        if (h2) {
            jdbcTemplate.execute("CREATE ALIAS IF NOT EXISTS SLEEP_MS FOR 'java.lang.Thread.sleep(long)'");
        }
    }

    /**
     * Exactly one statement, a plain (not prepared) {@code SELECT status, SLEEP_MS(<ms>) FROM orders WHERE id = 1}
     * ({@code pg_sleep(<seconds>)} on PostgreSQL): the status of order 1 ({@code shipped}) after {@code ms}
     * milliseconds.
     */
    @GetMapping("/db/slow")
    public String slow(@RequestParam("ms") int ms) {
        String sleep = h2 ? "SLEEP_MS(" + ms + ")" : "pg_sleep(" + ms / 1000.0 + ")";
        return jdbcTemplate.queryForObject("SELECT status, " + sleep + " FROM orders WHERE id = 1", (rs, row) -> rs.getString(1));
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
