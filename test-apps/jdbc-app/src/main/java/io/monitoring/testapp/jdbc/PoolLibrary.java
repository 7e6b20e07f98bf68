package io.monitoring.testapp.jdbc;

import java.sql.SQLException;
import java.time.Duration;
import java.util.Locale;

import javax.sql.DataSource;

import org.apache.commons.dbcp2.BasicDataSource;

import com.mchange.v2.c3p0.ComboPooledDataSource;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import oracle.ucp.admin.UniversalConnectionPoolManagerImpl;
import oracle.ucp.jdbc.PoolDataSource;
import oracle.ucp.jdbc.PoolDataSourceImpl;

import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.supplier.AgroalDataSourceConfigurationSupplier;
import io.agroal.api.security.NamePrincipal;
import io.agroal.api.security.SimplePassword;

/**
 * The connection pools of {@code /pools/<library>/...}, each made the library's usual way with {@code max}
 * connections at most, none opened ahead (HikariCP opens all of them: it keeps {@code minimumIdle} = max; so do c3p0, Agroal
 * and UCP for a short {@code wait}, see there), and a
 * borrower giving up after {@code wait}. The pool is named {@code name} where the library names pools (DBCP 2 through
 * its JMX name, c3p0's {@code dataSourceName}, UCP's {@code connectionPoolName}, HikariCP's {@code poolName}); Agroal's pools have no name.
 */
enum PoolLibrary {
    DBCP2 {
        @Override
        DataSource create(Database db, String name, int max, Duration wait) {
            BasicDataSource ds = new BasicDataSource();
            ds.setUrl(db.url());
            ds.setUsername(db.user());
            ds.setPassword(db.password());
            ds.setMaxTotal(max);
            ds.setMaxIdle(max);
            ds.setMinIdle(0);
            ds.setInitialSize(0);
            ds.setMaxWait(wait);
            ds.setJmxName("org.apache.commons.dbcp2:type=BasicDataSource,name=" + name);
            return ds;
        }
    },
    C3P0 {
        @Override
        DataSource create(Database db, String name, int max, Duration wait) throws SQLException {
            ComboPooledDataSource ds = new ComboPooledDataSource();
            ds.setDataSourceName(name);
            ds.setJdbcUrl(db.url());
            ds.setUser(db.user());
            ds.setPassword(db.password());
            ds.setMaxPoolSize(max);
            ds.setAcquireIncrement(1);
            ds.setCheckoutTimeout((int) wait.toMillis());
            // c3p0 opens connections on its own threads, and a borrower's checkoutTimeout includes that: a cold pool's
            // first connection takes longer than a short timeout (measured: 400 ms on H2), so such a pool is filled first
            boolean fill = wait.toMillis() < 1000;
            ds.setMinPoolSize(fill ? max : 0);
            ds.setInitialPoolSize(fill ? max : 0);
            if (fill) {
                awaitFilled(name, max, ds::getNumIdleConnectionsDefaultUser);
            }
            return ds;
        }
    },
    AGROAL {
        @Override
        DataSource create(Database db, String name, int max, Duration wait) throws SQLException {
            // like c3p0, a borrower's acquisitionTimeout includes opening a connection: a pool with a short wait is filled first
            boolean fill = wait.toMillis() < 1000;
            AgroalDataSource ds = AgroalDataSource.from(new AgroalDataSourceConfigurationSupplier().metricsEnabled(fill)
                    .connectionPoolConfiguration(pool -> pool.maxSize(max).minSize(fill ? max : 0).initialSize(fill ? max : 0)
                            .acquisitionTimeout(wait)
                            .connectionFactoryConfiguration(factory -> factory.jdbcUrl(db.url())
                                    .principal(new NamePrincipal(db.user())).credential(new SimplePassword(db.password())))));
            if (fill) {
                awaitFilled(name, max, () -> ds.getMetrics().availableCount());
            }
            return ds;
        }
    },
    UCP {
        @Override
        DataSource create(Database db, String name, int max, Duration wait) throws SQLException {
            PoolDataSourceImpl ds = new PoolDataSourceImpl();
            ds.setConnectionPoolName(name);
            ds.setConnectionFactoryClassName(db.dataSourceClassName());
            ds.setURL(db.url());
            ds.setUser(db.user());
            ds.setPassword(db.password());
            ds.setMaxPoolSize(max);
            ds.setConnectionWaitDuration(wait);
            // like c3p0, a borrower's wait includes opening a connection: a pool with a short wait is filled first
            boolean fill = wait.toMillis() < 1000;
            ds.setMinPoolSize(fill ? max : 0);
            ds.setInitialPoolSize(fill ? max : 0);
            if (fill) {
                ds.startPool();
                awaitFilled(name, max, ds::getAvailableConnectionsCount);
            }
            return ds;
        }
    },
    HIKARI {
        @Override
        DataSource create(Database db, String name, int max, Duration wait) {
            HikariConfig config = HikariPools.config(db, name);
            config.setMaximumPoolSize(max);
            config.setConnectionTimeout(wait.toMillis());
            return new HikariDataSource(config);
        }
    };

    abstract DataSource create(Database db, String name, int max, Duration wait) throws SQLException;

    interface Count {
        long get() throws SQLException;
    }

    /** Waits (10 s at most) until the pool has {@code max} idle connections; fails when it has not by then. */
    private static void awaitFilled(String name, int max, Count idle) throws SQLException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (idle.get() < max) {
            if (System.nanoTime() >= deadline) {
                throw new SQLException("pool " + name + " has " + idle.get() + " of " + max + " idle connections after 10 s");
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SQLException("interrupted while pool " + name + " is filled", e);
            }
        }
    }

    /** The value of the path segment naming this library: {@code dbcp2}, {@code c3p0}, {@code agroal}, {@code ucp}, {@code hikari}. */
    String paramName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static PoolLibrary fromParam(String param) {
        for (PoolLibrary library : values()) {
            if (library.paramName().equals(param)) {
                return library;
            }
        }
        return null;
    }

    static void close(DataSource pool) throws Exception {
        if (pool instanceof PoolDataSource ucp) {
            UniversalConnectionPoolManagerImpl.getUniversalConnectionPoolManager().destroyConnectionPool(ucp.getConnectionPoolName());
        } else if (pool instanceof AutoCloseable closeable) {
            closeable.close();
        } else if (pool instanceof ComboPooledDataSource c3p0) {
            c3p0.close();
        }
    }
}
