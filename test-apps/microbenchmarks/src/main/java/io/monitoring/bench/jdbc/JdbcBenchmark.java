package io.monitoring.bench.jdbc;

import io.monitoring.bench.MicrobenchmarkSettings;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * What a JDBC call costs on an in-memory H2 database; the agent's share is the difference between
 * forks run without and with {@code -javaagent} (test-apps/benchmark/microbenchmarks.sh). H2 in memory
 * is about the cheapest real driver there is, so the added time is as visible as it gets.
 */
@State(Scope.Thread)
public class JdbcBenchmark extends MicrobenchmarkSettings {
  static final String URL = "jdbc:h2:mem:bench;DB_CLOSE_DELAY=-1";
  static final String SELECT = "SELECT id, name FROM items WHERE id = ?";
  static final String UPDATE = "UPDATE items SET name = 'x' WHERE id = 1";
  static final int ROWS = 1000;

  private Connection connection;
  private PreparedStatement prepared;
  private Statement statement;
  private int next;

  @Setup(Level.Trial)
  public void setUp() throws SQLException {
    connection = DriverManager.getConnection(URL);
    try (Statement ddl = connection.createStatement()) {
      ddl.execute("DROP TABLE IF EXISTS items");
      ddl.execute("CREATE TABLE items(id INT PRIMARY KEY, name VARCHAR(32))");
    }
    try (PreparedStatement insert = connection.prepareStatement("INSERT INTO items(id, name) VALUES (?, ?)")) {
      for (int i = 0; i < ROWS; i++) {
        insert.setInt(1, i);
        insert.setString(2, "item-" + i);
        insert.addBatch();
      }
      insert.executeBatch();
    }
    prepared = connection.prepareStatement(SELECT);
    statement = connection.createStatement();
  }

  @TearDown(Level.Trial)
  public void tearDown() throws SQLException {
    statement.close();
    prepared.close();
    try (Statement ddl = connection.createStatement()) {
      ddl.execute("DROP TABLE items");
    }
    connection.close();
  }

  /** Cycles through the 1000 ids so every op reads a row that exists. */
  private int nextId() {
    int id = next;
    next = id == ROWS - 1 ? 0 : id + 1;
    return id;
  }

  /** One execution of a statement prepared once: the cheapest query there is. */
  @Benchmark
  public void preparedQuery(Blackhole bh) throws SQLException {
    prepared.setInt(1, nextId());
    try (ResultSet rs = prepared.executeQuery()) {
      consumeRow(rs, bh);
    }
  }

  /** Prepare, execute and close per call, as Spring's JdbcTemplate does. */
  @Benchmark
  public void prepareExecuteClose(Blackhole bh) throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement(SELECT)) {
      ps.setInt(1, nextId());
      try (ResultSet rs = ps.executeQuery()) {
        consumeRow(rs, bh);
      }
    }
  }

  /** Reads the one row a query by id returns, as an application would. */
  private static void consumeRow(ResultSet rs, Blackhole bh) throws SQLException {
    rs.next();
    bh.consume(rs.getInt(1));
    bh.consume(rs.getString(2));
  }

  /** A plain Statement executing literal SQL: the agent parses (then caches) the SQL text per call. */
  @Benchmark
  public int statementUpdate() throws SQLException {
    return statement.executeUpdate(UPDATE);
  }
}
