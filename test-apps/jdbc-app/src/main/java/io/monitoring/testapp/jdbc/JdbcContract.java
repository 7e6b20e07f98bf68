package io.monitoring.testapp.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import io.monitoring.testapp.outcome.Outcome;

/**
 * The contract cases of {@code /contract/<db>/<case>}: what the application sees of the driver and the pool,
 * errors included, compared by the integration test with and without the agent. Every case sets up its own
 * table ({@code contract_<case>}), so it gives the same answer however often it runs.
 */
final class JdbcContract {
    private JdbcContract() {
    }

    static Map<String, Outcome.Call> cases(HikariPools pools) {
        Map<String, Outcome.Call> cases = new LinkedHashMap<>();
        for (Database db : Database.values()) {
            String p = db.paramName() + "/";
            cases.put(p + "query", () -> withTable(db, "query", (c, t) -> {
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT id, name FROM " + t + " ORDER BY id")) {
                    return rows(rs);
                }
            }));
            cases.put(p + "prepared-query", () -> withTable(db, "prepared", (c, t) -> {
                try (PreparedStatement ps = c.prepareStatement("SELECT name FROM " + t + " WHERE id = ?")) {
                    ps.setInt(1, 2);
                    try (ResultSet rs = ps.executeQuery()) {
                        return rows(rs);
                    }
                }
            }));
            cases.put(p + "update-counts", () -> withTable(db, "counts", (c, t) -> {
                try (Statement s = c.createStatement()) {
                    int updated = s.executeUpdate("UPDATE " + t + " SET name = 'x'");
                    boolean isResult = s.execute("DELETE FROM " + t + " WHERE id = 1");
                    return List.of(updated, isResult, s.getUpdateCount());
                }
            }));
            cases.put(p + "batch", () -> withTable(db, "batch", (c, t) -> {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + t + " (id, name) VALUES (?, ?)")) {
                    for (int id = 10; id < 13; id++) {
                        ps.setInt(1, id);
                        ps.setString(2, "n" + id);
                        ps.addBatch();
                    }
                    return ps.executeBatch();
                }
            }));
            cases.put(p + "syntax-error", () -> withTable(db, "syntax", (c, t) -> {
                try (Statement s = c.createStatement()) {
                    return s.executeQuery("SELEC id FROM " + t);
                }
            }));
            cases.put(p + "missing-table", () -> withTable(db, "missing", (c, t) -> {
                try (PreparedStatement ps = c.prepareStatement("SELECT id FROM contract_no_such_table WHERE id = ?")) {
                    ps.setInt(1, 1);
                    return ps.executeQuery();
                }
            }));
            cases.put(p + "duplicate-key", () -> withTable(db, "duplicate", (c, t) -> {
                try (Statement s = c.createStatement()) {
                    return s.executeUpdate("INSERT INTO " + t + " (id, name) VALUES (1, 'again')");
                }
            }));
            cases.put(p + "batch-failure", () -> withTable(db, "batchfail", (c, t) -> {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + t + " (id, name) VALUES (?, ?)")) {
                    for (int id : new int[] {20, 1, 21}) {
                        ps.setInt(1, id);
                        ps.setString(2, "n" + id);
                        ps.addBatch();
                    }
                    return ps.executeBatch();
                }
            }));
            cases.put(p + "closed-statement", () -> withTable(db, "closed", (c, t) -> {
                PreparedStatement ps = c.prepareStatement("SELECT id FROM " + t);
                ps.close();
                return ps.executeQuery();
            }));
            cases.put(p + "pooled-error", () -> {
                try (Connection c = pools.get(db).getConnection(); Statement s = c.createStatement()) {
                    return s.executeQuery("SELECT * FROM contract_no_such_table");
                }
            });
            cases.put(p + "closed-pool", () -> {
                HikariConfig config = HikariPools.config(db, "contract-" + db.paramName());
                config.setMaximumPoolSize(1);
                HikariDataSource pool = new HikariDataSource(config);
                pool.close();
                return pool.getConnection();
            });
            for (PoolLibrary library : new PoolLibrary[] {PoolLibrary.DBCP2, PoolLibrary.C3P0, PoolLibrary.AGROAL, PoolLibrary.UCP}) {
                String pool = "contract-" + library.paramName() + "-" + db.paramName();
                cases.put(p + library.paramName() + "-borrow", () -> withPool(library, db, pool, ds -> {
                    try (Connection c = ds.getConnection()) {
                        return c.getMetaData().getDatabaseProductName() + " valid=" + c.isValid(1) + " autoCommit=" + c.getAutoCommit();
                    }
                }));
                // the pool's single connection held: the second borrower gives up after 250 ms, with the pool's own exception
                cases.put(p + library.paramName() + "-timeout", () -> withPool(library, db, pool, ds -> {
                    try (Connection held = ds.getConnection(); Connection second = ds.getConnection()) {
                        return second;
                    }
                }));
            }
        }
        return cases;
    }

    interface PoolWork {
        Object run(DataSource pool) throws SQLException;
    }

    /** A fresh pool of 1 connection (borrowers give up after 250 ms), closed afterwards. */
    private static Object withPool(PoolLibrary library, Database db, String name, PoolWork work) throws Exception {
        DataSource pool = library.create(db, name, 1, Duration.ofMillis(250));
        try {
            return work.run(pool);
        } finally {
            PoolLibrary.close(pool);
        }
    }

    interface TableWork {
        Object run(Connection c, String table) throws SQLException;
    }

    /** A fresh connection and table {@code contract_<name>} holding (1, 'one'), (2, 'two'); dropped afterwards. */
    private static Object withTable(Database db, String name, TableWork work) throws SQLException {
        String table = "contract_" + name;
        try (Connection c = db.openWithDriverManager()) {
            try (Statement s = c.createStatement()) {
                s.execute("DROP TABLE IF EXISTS " + table);
                s.execute("CREATE TABLE " + table + " (id INT PRIMARY KEY, name VARCHAR(20))");
                s.execute("INSERT INTO " + table + " (id, name) VALUES (1, 'one'), (2, 'two')");
            }
            try {
                return work.run(c, table);
            } finally {
                try (Statement s = c.createStatement()) {
                    s.execute("DROP TABLE IF EXISTS " + table);
                }
            }
        }
    }

    private static List<String> rows(ResultSet rs) throws SQLException {
        List<String> rows = new ArrayList<>();
        int columns = rs.getMetaData().getColumnCount();
        while (rs.next()) {
            StringBuilder row = new StringBuilder();
            for (int i = 1; i <= columns; i++) {
                row.append(i > 1 ? "|" : "").append(rs.getString(i));
            }
            rows.add(row.toString());
        }
        return rows;
    }
}
