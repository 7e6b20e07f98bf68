package io.monitoring.testapp.jdbc;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/**
 * One {@link HikariDataSource} per database, created lazily on first use so that an absent server
 * does not break start-up. A pool whose creation failed is not kept; the next use tries again.
 *
 * <p>The pools have no connectionTestQuery and no connectionInitSql: the pool itself runs no SQL
 * (validation goes through the driver's {@code Connection.isValid}).
 */
final class HikariPools {

    private final Map<Database, HikariDataSource> pools = new ConcurrentHashMap<>();

    /**
     * The pool of {@code db}, creating it if needed. Creating it opens its first connection, so this
     * throws (a {@link com.zaxxer.hikari.pool.HikariPool.PoolInitializationException}) if the server
     * is unreachable.
     */
    HikariDataSource get(Database db) {
        return pools.computeIfAbsent(db, HikariPools::create);
    }

    private static HikariDataSource create(Database db) {
        HikariConfig config = config(db, "shop-" + db.paramName());
        config.setMaximumPoolSize(4);
        config.setMinimumIdle(4);
        config.setConnectionTimeout(30_000);
        config.setAutoCommit(true);
        return new HikariDataSource(config);
    }

    /** A pool configuration named {@code poolName} for {@code db}'s URL and account, Hikari's defaults otherwise. */
    static HikariConfig config(Database db, String poolName) {
        HikariConfig config = new HikariConfig();
        config.setPoolName(poolName);
        config.setJdbcUrl(db.url());
        config.setUsername(db.user());
        config.setPassword(db.password());
        return config;
    }

    void closeAll() {
        pools.values().forEach(HikariDataSource::close);
        pools.clear();
    }
}
