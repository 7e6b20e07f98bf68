package io.monitoring.agent.db;

import java.util.Locale;

/**
 * What a JDBC URL says about the database behind it: the system (metric label and the semantic
 * conventions' {@code db.system.name}), the database name and the server. Parsed once per connection.
 * Wrapping drivers ({@code jdbc:p6spy:}, {@code jdbc:tc:}, …) are looked through.
 */
public final class JdbcUrl {
  public final String system;
  public final String semconvSystem;
  /** null when the URL names no database */
  public final String database;
  /** null for embedded databases */
  public final String host;
  /** -1 when unknown */
  public final int port;

  private JdbcUrl(String system, String semconvSystem, String database, String host, int port) {
    this.system = system;
    this.semconvSystem = semconvSystem;
    this.database = database == null || database.isEmpty() ? null : database;
    this.host = host == null || host.isEmpty() ? null : host;
    this.port = port;
  }

  public static JdbcUrl parse(String url) {
    if (url == null || !url.regionMatches(true, 0, "jdbc:", 0, 5)) {
      return new JdbcUrl("other", "other_sql", null, null, -1);
    }
    String rest = url.substring(5);
    for (String wrapper : new String[] {"p6spy:", "tc:", "log4jdbc:", "otel:", "tracing:"}) {
      if (rest.regionMatches(true, 0, wrapper, 0, wrapper.length())) {
        rest = rest.substring(wrapper.length());
      }
    }
    int colon = rest.indexOf(':');
    String sub = (colon < 0 ? rest : rest.substring(0, colon)).toLowerCase(Locale.ROOT);
    String body = colon < 0 ? "" : rest.substring(colon + 1);
    switch (sub) {
      case "postgresql":
      case "pgsql":
        return network("postgresql", "postgresql", body, 5432);
      case "mysql":
        return network("mysql", "mysql", body, 3306);
      case "mariadb":
        return network("mariadb", "mariadb", body, 3306);
      case "db2":
        return network("db2", "ibm.db2", body, 50000);
      case "sqlserver":
        return sqlServer(body);
      case "jtds":
        return body.regionMatches(true, 0, "sqlserver:", 0, 10) ? sqlServer(body.substring(10)) : other();
      case "oracle":
        return oracle(body);
      case "h2":
        return embeddedOrServer("h2", "h2database", body, 9092);
      case "hsqldb":
        return embeddedOrServer("hsqldb", "hsqldb", body, 9001);
      case "derby":
        return embeddedOrServer("derby", "derby", body, 1527);
      case "sqlite":
        return new JdbcUrl("sqlite", "sqlite", lastSegment(stripParameters(body)), null, -1);
      default:
        return other();
    }
  }

  private static JdbcUrl other() {
    return new JdbcUrl("other", "other_sql", null, null, -1);
  }

  /** {@code [//]host[:port][,host2…]/database[?…]}, after an optional mode ({@code mysql:replication:}). */
  private static JdbcUrl network(String system, String semconv, String body, int defaultPort) {
    int slashes = body.indexOf("//");
    if (slashes < 0) {
      // jdbc:postgresql:database — local server
      return new JdbcUrl(system, semconv, stripParameters(body), "localhost", defaultPort);
    }
    String authorityAndPath = body.substring(slashes + 2);
    int slash = authorityAndPath.indexOf('/');
    String authority = slash < 0 ? stripParameters(authorityAndPath) : authorityAndPath.substring(0, slash);
    String database = slash < 0 ? null : stripParameters(authorityAndPath.substring(slash + 1));
    int comma = authority.indexOf(',');
    if (comma >= 0) {
      authority = authority.substring(0, comma);
    }
    int at = authority.lastIndexOf('@');
    if (at >= 0) {
      authority = authority.substring(at + 1);
    }
    return withHostPort(system, semconv, database, authority, defaultPort);
  }

  private static JdbcUrl withHostPort(String system, String semconv, String database, String authority, int defaultPort) {
    String host = authority;
    int port = defaultPort;
    if (authority.startsWith("[")) { // [ipv6]:port
      int close = authority.indexOf(']');
      host = close < 0 ? authority : authority.substring(1, close);
      if (close >= 0 && close + 1 < authority.length() && authority.charAt(close + 1) == ':') {
        port = parsePort(authority.substring(close + 2), defaultPort);
      }
    } else {
      int colon = authority.indexOf(':');
      if (colon >= 0) {
        host = authority.substring(0, colon);
        port = parsePort(authority.substring(colon + 1), defaultPort);
      }
    }
    return new JdbcUrl(system, semconv, database, host, port);
  }

  /** {@code //host[\instance][:port];databaseName=db;…} */
  private static JdbcUrl sqlServer(String body) {
    String b = body.startsWith("//") ? body.substring(2) : body;
    int semi = b.indexOf(';');
    String authority = semi < 0 ? b : b.substring(0, semi);
    int backslash = authority.indexOf('\\');
    if (backslash >= 0) {
      int colon = authority.indexOf(':', backslash);
      authority = authority.substring(0, backslash) + (colon < 0 ? "" : authority.substring(colon));
    }
    int slash = authority.indexOf('/');
    String database = slash < 0 ? null : authority.substring(slash + 1);
    if (slash >= 0) {
      authority = authority.substring(0, slash);
    }
    if (semi >= 0) {
      for (String property : b.substring(semi + 1).split(";")) {
        int eq = property.indexOf('=');
        if (eq > 0) {
          String key = property.substring(0, eq).trim();
          if (key.equalsIgnoreCase("databaseName") || key.equalsIgnoreCase("database")) {
            database = property.substring(eq + 1).trim();
          }
        }
      }
    }
    return withHostPort("sqlserver", "microsoft.sql_server", database, authority, 1433);
  }

  /** {@code thin:@host:port:SID}, {@code thin:@//host:port/service}, {@code thin:@(DESCRIPTION=…)} */
  private static JdbcUrl oracle(String body) {
    int at = body.indexOf('@');
    String target = at < 0 ? body : body.substring(at + 1);
    if (target.startsWith("(")) {
      String upper = target.toUpperCase(Locale.ROOT);
      return new JdbcUrl("oracle", "oracle.db", descriptorValue(target, upper, "SERVICE_NAME="),
          descriptorValue(target, upper, "HOST="), parsePort(descriptorValue(target, upper, "PORT="), 1521));
    }
    if (target.startsWith("//")) {
      target = target.substring(2);
      int slash = target.indexOf('/');
      String database = slash < 0 ? null : stripParameters(target.substring(slash + 1));
      return withHostPort("oracle", "oracle.db", database, slash < 0 ? target : target.substring(0, slash), 1521);
    }
    String[] parts = stripParameters(target).split(":");
    if (parts.length >= 3) {
      return new JdbcUrl("oracle", "oracle.db", parts[2], parts[0], parsePort(parts[1], 1521));
    }
    return new JdbcUrl("oracle", "oracle.db", null, parts.length > 0 ? parts[0] : null, 1521);
  }

  private static String descriptorValue(String text, String upper, String key) {
    int i = upper.indexOf(key);
    if (i < 0) {
      return null;
    }
    int end = upper.indexOf(')', i);
    return text.substring(i + key.length(), end < 0 ? text.length() : end).trim();
  }

  /** {@code mem:name}, {@code file:/path/name}, {@code ~/name}, {@code tcp://host:port/path/name}, {@code memory:name}. */
  private static JdbcUrl embeddedOrServer(String system, String semconv, String body, int defaultPort) {
    String b = stripParameters(body);
    for (String remote : new String[] {"tcp:", "ssl:", "hsql:", "hsqls:", "http:", "https:"}) {
      if (b.regionMatches(true, 0, remote, 0, remote.length()) && b.startsWith("//", remote.length())) {
        String rest = b.substring(remote.length() + 2);
        int slash = rest.indexOf('/');
        String authority = slash < 0 ? rest : rest.substring(0, slash);
        return withHostPort(system, semconv, slash < 0 ? null : lastSegment(rest.substring(slash + 1)), authority, defaultPort);
      }
    }
    if (b.startsWith("//")) { // derby://host:port/db
      String rest = b.substring(2);
      int slash = rest.indexOf('/');
      String authority = slash < 0 ? rest : rest.substring(0, slash);
      return withHostPort(system, semconv, slash < 0 ? null : lastSegment(rest.substring(slash + 1)), authority, defaultPort);
    }
    return new JdbcUrl(system, semconv, lastSegment(b), null, -1);
  }

  /** The name at the end of {@code mem:shop}, {@code file:/data/shop}, {@code ~/shop}. */
  private static String lastSegment(String path) {
    int cut = Math.max(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')), path.lastIndexOf(':'));
    return path.substring(cut + 1);
  }

  /** Drops {@code ;k=v}, {@code ?k=v} and {@code &k=v} suffixes. */
  private static String stripParameters(String s) {
    int end = s.length();
    for (char c : new char[] {';', '?', '&'}) {
      int i = s.indexOf(c);
      if (i >= 0 && i < end) {
        end = i;
      }
    }
    return s.substring(0, end);
  }

  private static int parsePort(String s, int defaultPort) {
    if (s == null) {
      return defaultPort;
    }
    try {
      return Integer.parseInt(s.trim());
    } catch (NumberFormatException e) {
      return defaultPort;
    }
  }

  @Override
  public String toString() {
    return system + " " + database + " " + host + ":" + port;
  }
}
