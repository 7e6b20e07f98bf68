package io.monitoring.bench.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.supplier.AgroalDataSourceConfigurationSupplier;
import io.agroal.api.security.NamePrincipal;
import io.agroal.api.security.SimplePassword;
import io.monitoring.bench.MicrobenchmarkSettings;
import java.sql.Connection;
import java.sql.SQLException;
import org.apache.commons.dbcp2.BasicDataSource;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * {@code getConnection()} and {@code close()} on a warm pool of 2 H2 (in memory) connections, one borrower: the pool
 * hands over an idle connection and takes it back, no connection is opened. What the agent adds per borrow is a clock
 * read on entry, one on exit, a lookup of the pool by identity and a histogram observation; the JDBC instrumentation
 * also sees the connection (nothing to measure: no statement runs).
 */
@State(Scope.Benchmark)
public class ConnectionPoolBenchmark extends MicrobenchmarkSettings {
  static final String URL = "jdbc:h2:mem:poolbench;DB_CLOSE_DELAY=-1";
  static final String USER = "sa";

  private HikariDataSource hikari;
  private BasicDataSource dbcp2;
  private AgroalDataSource agroal;

  @Setup(Level.Trial)
  public void setUp() throws SQLException {
    HikariConfig config = new HikariConfig();
    config.setPoolName("bench-hikari");
    config.setJdbcUrl(URL);
    config.setUsername(USER);
    config.setMaximumPoolSize(2);
    hikari = new HikariDataSource(config);

    dbcp2 = new BasicDataSource();
    dbcp2.setUrl(URL);
    dbcp2.setUsername(USER);
    dbcp2.setMaxTotal(2);
    dbcp2.setJmxName("org.apache.commons.dbcp2:type=BasicDataSource,name=bench-dbcp2");

    agroal = AgroalDataSource.from(new AgroalDataSourceConfigurationSupplier()
        .connectionPoolConfiguration(pool -> pool.maxSize(2)
            .connectionFactoryConfiguration(factory -> factory.jdbcUrl(URL)
                .principal(new NamePrincipal(USER)).credential(new SimplePassword("")))));
    for (int i = 0; i < 2; i++) { // warm: every borrow below finds an idle connection
      borrowHikari();
      borrowDbcp2();
      borrowAgroal();
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws SQLException {
    hikari.close();
    dbcp2.close();
    agroal.close();
  }

  @Benchmark
  public Connection borrowHikari() throws SQLException {
    try (Connection c = hikari.getConnection()) {
      return c;
    }
  }

  @Benchmark
  public Connection borrowDbcp2() throws SQLException {
    try (Connection c = dbcp2.getConnection()) {
      return c;
    }
  }

  @Benchmark
  public Connection borrowAgroal() throws SQLException {
    try (Connection c = agroal.getConnection()) {
      return c;
    }
  }
}
