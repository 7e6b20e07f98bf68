package io.monitoring.agent.instrumentation.jdbc;

import io.monitoring.agent.instrumentation.PrefilterTransformer;

/**
 * Which classes the JDBC instrumentation looks at. Drivers cannot be listed by name, so a class is a
 * candidate when its constant pool names a JDBC method and mentions {@code java/sql/}; the weaver
 * then checks the actual hierarchy of those few.
 */
public final class JdbcTypes {
  static final String[] METHOD_NAMES = {
      "execute", "executeQuery", "executeUpdate", "executeLargeUpdate", "executeBatch", "executeLargeBatch",
      "addBatch", "clearBatch", "prepareStatement", "prepareCall", "createStatement"};

  /** Names only: read in premain, which must load neither the weaver nor java.sql. */
  public static final PrefilterTransformer.Implementations IMPLEMENTATIONS = new PrefilterTransformer.Implementations(
      METHOD_NAMES, "java/sql/", "java.sql.Statement", "java.sql.Connection");

  private JdbcTypes() {}
}
