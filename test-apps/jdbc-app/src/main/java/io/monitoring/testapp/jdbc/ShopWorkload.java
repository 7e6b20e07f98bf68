package io.monitoring.testapp.jdbc;

import java.math.BigDecimal;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Pattern;

/**
 * The known JDBC workload behind {@code /shop/workload}, steps S1 to S12, all on one connection.
 * Each step uses exactly the JDBC API named in its comment, because the agent's tests count those
 * calls; nothing else is executed (no validation query). Every Statement and ResultSet is closed.
 */
final class ShopWorkload {

    /** Allowed table names (the {@code table} parameter). */
    static final Pattern TABLE_NAME = Pattern.compile("[a-z][a-z0-9_]{0,40}");

    private final Database db;
    private final String table;
    private final String insertSql;

    ShopWorkload(Database db, String table) {
        if (!TABLE_NAME.matcher(table).matches()) {
            throw new IllegalArgumentException("bad table name: " + table);
        }
        this.db = db;
        this.table = table;
        this.insertSql = "INSERT INTO " + table + " (id, customer, amount, status) VALUES (?, ?, ?, 'new')";
    }

    /** What the workload observed: the two expected failures and the rows read in S6. */
    record Result(String s10, String s11, int rows) {
    }

    Result run(Connection conn) throws SQLException {
        createTable(conn);                 // S1, S2
        insertOneByOne(conn);              // S3
        insertBatch(conn);                 // S4
        markPaidInBatch(conn);             // S5
        int rows = selectByCustomer(conn); // S6
        countAlice(conn);                  // S7
        addToAmounts(conn);                // S8
        deleteOne(conn);                   // S9
        String s10 = selectFromMissingTable(conn); // S10
        String s11 = insertDuplicate(conn);        // S11
        callProcedure(conn);               // S12
        return new Result(s10, s11, rows);
    }

    /** S1, S2: two {@code Statement.execute(String)}. */
    private void createTable(Connection conn) throws SQLException {
        try (Statement st = conn.createStatement()) {
            st.execute("DROP TABLE IF EXISTS " + table);
            st.execute("CREATE TABLE " + table
                    + " (id INT PRIMARY KEY, customer VARCHAR(64) NOT NULL, amount DECIMAL(10,2), status VARCHAR(16))");
        }
    }

    /** S3: one PreparedStatement, three {@code executeUpdate()}. */
    private void insertOneByOne(Connection conn) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement(insertSql)) {
            insert(ps, 1, "alice@example.com", "42.50");
            insert(ps, 2, "bob@example.com", "10.00");
            insert(ps, 3, "carol@example.com", "99.99");
        }
    }

    private static void insert(PreparedStatement ps, int id, String customer, String amount) throws SQLException {
        ps.setInt(1, id);
        ps.setString(2, customer);
        ps.setBigDecimal(3, new BigDecimal(amount));
        ps.executeUpdate();
    }

    /** S4: one PreparedStatement, five {@code addBatch()} (ids 4..8), one {@code executeBatch()}. */
    private void insertBatch(Connection conn) throws SQLException {
        String[] names = {"dave", "erin", "frank", "grace", "heidi"};
        try (PreparedStatement ps = conn.prepareStatement(insertSql)) {
            for (int id = 4; id <= 8; id++) {
                ps.setInt(1, id);
                ps.setString(2, names[id - 4] + id + "@example.com");
                ps.setBigDecimal(3, new BigDecimal(id + ".25"));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** S5: one Statement, two {@code addBatch(String)}, one {@code executeBatch()}. */
    private void markPaidInBatch(Connection conn) throws SQLException {
        try (Statement st = conn.createStatement()) {
            st.addBatch("UPDATE " + table + " SET status = 'paid' WHERE id = 1");
            st.addBatch("UPDATE " + table + " SET status = 'paid' WHERE id = 2");
            st.executeBatch();
        }
    }

    /** S6: one PreparedStatement, four {@code executeQuery()}, every row read. Returns the rows read. */
    private int selectByCustomer(Connection conn) throws SQLException {
        String[] customers = {"alice@example.com", "bob@example.com", "carol@example.com", "nobody@example.com"};
        int rows = 0;
        try (PreparedStatement ps = conn.prepareStatement(
                "SELECT id, customer, amount FROM " + table + " WHERE customer = ?")) {
            for (String customer : customers) {
                ps.setString(1, customer);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rs.getInt(1);
                        rs.getString(2);
                        rs.getBigDecimal(3);
                        rows++;
                    }
                }
            }
        }
        return rows;
    }

    /** S7: {@code Statement.executeQuery(String)} twice on the same Statement, the row read each time. */
    private void countAlice(Connection conn) throws SQLException {
        String sql = "SELECT count(*) FROM " + table
                + " WHERE customer = 'alice@example.com' AND amount > 10.5 /* FROM secret_table */";
        try (Statement st = conn.createStatement()) {
            for (int i = 0; i < 2; i++) {
                try (ResultSet rs = st.executeQuery(sql)) {
                    while (rs.next()) {
                        rs.getLong(1);
                    }
                }
            }
        }
    }

    /** S8: one PreparedStatement, two {@code executeUpdate()}. */
    private void addToAmounts(Connection conn) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement(
                "UPDATE " + table + " SET amount = amount + ? WHERE id = ?")) {
            ps.setBigDecimal(1, new BigDecimal("1.00"));
            ps.setInt(2, 1);
            ps.executeUpdate();
            ps.setBigDecimal(1, new BigDecimal("2.50"));
            ps.setInt(2, 3);
            ps.executeUpdate();
        }
    }

    /** S9: one {@code Statement.executeUpdate(String)}. */
    private void deleteOne(Connection conn) throws SQLException {
        try (Statement st = conn.createStatement()) {
            st.executeUpdate("DELETE FROM " + table + " WHERE id = 8");
        }
    }

    /** S10: {@code Statement.executeQuery(String)} on a table that does not exist; the failure is expected. */
    private String selectFromMissingTable(Connection conn) throws SQLException {
        try (Statement st = conn.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT * FROM " + table + "_missing")) {
                return "no-exception";
            } catch (SQLException expected) {
                return describe(expected);
            }
        }
    }

    /** S11: the S3 INSERT with id 1 again, one {@code executeUpdate()}; the duplicate key failure is expected. */
    private String insertDuplicate(Connection conn) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement(insertSql)) {
            try {
                insert(ps, 1, "alice@example.com", "42.50");
                return "no-exception";
            } catch (SQLException expected) {
                return describe(expected);
            }
        }
    }

    /** S12: one CallableStatement {@code execute()}; on MariaDB the procedure is (re)created first. */
    private void callProcedure(Connection conn) throws SQLException {
        switch (db) {
            case H2, POSTGRESQL -> {
                // H2: CALL of a built-in function; PostgreSQL: the driver rewrites {call f(?)} to a select
                try (CallableStatement cs = conn.prepareCall(db == Database.H2 ? "{call ABS(?)}" : "{call abs(?)}")) {
                    cs.setInt(1, -5);
                    cs.execute();
                }
            }
            case MARIADB -> {
                String procedure = table + "_count";
                try (Statement st = conn.createStatement()) {
                    st.execute("DROP PROCEDURE IF EXISTS " + procedure);
                    st.execute("CREATE PROCEDURE " + procedure
                            + "(IN c VARCHAR(64)) SELECT count(*) FROM " + table + " WHERE customer = c");
                }
                try (CallableStatement cs = conn.prepareCall("{call " + procedure + "(?)}")) {
                    cs.setString(1, "alice@example.com");
                    cs.execute();
                }
            }
        }
    }

    private static String describe(SQLException e) {
        return e.getClass().getSimpleName() + ":" + e.getSQLState();
    }
}
