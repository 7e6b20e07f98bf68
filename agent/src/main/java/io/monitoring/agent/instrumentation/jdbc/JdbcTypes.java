package io.monitoring.agent.instrumentation.jdbc;

import static net.bytebuddy.matcher.ElementMatchers.hasSuperType;
import static net.bytebuddy.matcher.ElementMatchers.isInterface;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;

import io.monitoring.agent.instrumentation.PrefilterTransformer;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Which classes the JDBC instrumentation looks at. Drivers cannot be listed by name, so a class is a
 * candidate when its constant pool names a JDBC method and mentions {@code java/sql/}; Byte Buddy
 * then checks the actual hierarchy of those few.
 */
public final class JdbcTypes {
  static final String[] METHOD_NAMES = {
      "execute", "executeQuery", "executeUpdate", "executeLargeUpdate", "executeBatch", "executeLargeBatch",
      "addBatch", "clearBatch", "prepareStatement", "prepareCall", "createStatement"};

  /** Names only: read in premain, which must load neither Byte Buddy nor java.sql. */
  public static final PrefilterTransformer.Implementations IMPLEMENTATIONS = new PrefilterTransformer.Implementations(
      METHOD_NAMES, "java/sql/", "java.sql.Statement", "java.sql.Connection");

  public static final String[] HIKARI_TYPE_NAMES = {"com.zaxxer.hikari.pool.HikariPool"};

  private JdbcTypes() {}

  static ElementMatcher.Junction<TypeDescription> implementing(String interfaceName) {
    return not(isInterface()).and(hasSuperType(named(interfaceName)));
  }
}
