package io.monitoring.agent.instrumentation;

import java.util.HashSet;
import java.util.Set;

/**
 * A class that implements an interface somewhere in its hierarchy, found by walking only the branches that
 * can be read. Another agent leaves branches that cannot: the OpenTelemetry agent adds interfaces it defines at run
 * time, with no class file anywhere ({@code VirtualFieldAccessor$java$sql$Connection$...}), to every JDBC connection
 * and statement it weaves first. A matcher that gave up on the whole class there (as Byte Buddy's
 * {@code hasSuperType} did) left those six H2 and HikariCP classes unwoven and the application's statements
 * uncounted.
 */
final class ImplementsInterface implements Matcher<DeclaredType> {
  private final Matcher<Named> interfaceName;
  private final String name;

  ImplementsInterface(String interfaceName) {
    this.interfaceName = Matchers.named(interfaceName);
    this.name = interfaceName;
  }

  @Override
  public boolean matches(DeclaredType type) {
    return !type.isInterface() && anyInHierarchy(type, interfaceName, new HashSet<>());
  }

  /** Whether {@code type} or a super type that can be read matches; an unreadable branch simply ends. */
  static boolean anyInHierarchy(DeclaredType type, Matcher<? super Named> matcher, Set<String> seen) {
    for (DeclaredType current = type; current != null; current = current.superClass()) {
      if (!seen.add(current.internalName)) {
        return false;
      }
      if (matcher.matches(current)) {
        return true;
      }
      for (DeclaredType implemented : current.readableInterfaces()) {
        if (anyInHierarchy(implemented, matcher, seen)) {
          return true;
        }
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return "implements(" + name + ")";
  }
}
