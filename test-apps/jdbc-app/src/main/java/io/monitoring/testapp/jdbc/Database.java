package io.monitoring.testapp.jdbc;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Locale;

/**
 * The databases the app talks to: the {@code db} request parameter names one of them. JDBC URLs can
 * be overridden with the system properties {@code jdbc.url.h2}, {@code jdbc.url.postgresql} and
 * {@code jdbc.url.mariadb}.
 */
enum Database {
    H2("jdbc:h2:mem:shop;DB_CLOSE_DELAY=-1", "sa", "org.h2.jdbcx.JdbcDataSource"),
    POSTGRESQL("jdbc:postgresql://127.0.0.1:5432/test", "postgres", "org.postgresql.ds.PGSimpleDataSource"),
    MARIADB("jdbc:mariadb://127.0.0.1:3306/test", "root", "org.mariadb.jdbc.MariaDbDataSource");

    private final String defaultUrl;
    private final String user;
    private final String dataSourceClassName;

    Database(String defaultUrl, String user, String dataSourceClassName) {
        this.defaultUrl = defaultUrl;
        this.user = user;
        this.dataSourceClassName = dataSourceClassName;
    }

    /** The driver's own (unpooled) {@code DataSource} class, for pools that open connections through one (UCP). */
    String dataSourceClassName() {
        return dataSourceClassName;
    }

    /** The value of the {@code db} parameter for this database: {@code h2}, {@code postgresql}, {@code mariadb}. */
    String paramName() {
        return name().toLowerCase(Locale.ROOT);
    }

    String url() {
        return System.getProperty("jdbc.url." + paramName(), defaultUrl);
    }

    String user() {
        return user;
    }

    /** All three accounts use an empty password. */
    String password() {
        return "";
    }

    /** A fresh, unpooled connection straight from the driver; the caller closes it. */
    Connection openWithDriverManager() throws SQLException {
        return DriverManager.getConnection(url(), user(), password());
    }

    /** The database named by {@code param}, or null if the parameter is missing or unknown. */
    static Database fromParam(String param) {
        if (param == null) {
            return null;
        }
        for (Database db : values()) {
            if (db.paramName().equals(param)) {
                return db;
            }
        }
        return null;
    }
}
