package io.monitoring.agent.instrumentation;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.bytebuddy.description.type.TypeDefinition;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.description.type.TypeList;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * A class that implements an interface somewhere in its hierarchy, found by walking only the branches that
 * can be read. Byte Buddy's {@code hasSuperType} gives up on the whole class when one branch cannot be
 * resolved, and another agent leaves such branches behind: the OpenTelemetry agent adds interfaces it
 * defines at run time, with no class file anywhere ({@code VirtualFieldAccessor$java$sql$Connection$...}),
 * to every JDBC connection and statement it weaves first. With {@code hasSuperType}, those six H2 and
 * HikariCP classes went unwoven and the application's statements uncounted.
 */
final class ImplementsInterface extends ElementMatcher.Junction.AbstractBase<TypeDescription> {
  private final String interfaceName;

  ImplementsInterface(String interfaceName) {
    this.interfaceName = interfaceName;
  }

  @Override
  public boolean matches(TypeDescription type) {
    return !type.isInterface() && found(type, new HashSet<>());
  }

  private boolean found(TypeDefinition type, Set<String> seen) {
    for (TypeDefinition current = type; current != null; current = superClass(current)) {
      if (!seen.add(current.getTypeName())) {
        return false;
      }
      if (current.getTypeName().equals(interfaceName)) {
        return true;
      }
      for (TypeDefinition implemented : interfaces(current)) {
        if (found(implemented, seen)) {
          return true;
        }
      }
    }
    return false;
  }

  /** Null past the top, and where the super class cannot be read: that branch simply ends. */
  private static TypeDefinition superClass(TypeDefinition type) {
    try {
      TypeDescription.Generic superClass = type.getSuperClass();
      return superClass == null ? null : superClass.asErasure();
    } catch (RuntimeException unresolvable) {
      return null;
    }
  }

  /** The interfaces that can be read; an unreadable one is left out, the others still count. */
  private static List<TypeDescription> interfaces(TypeDefinition type) {
    List<TypeDescription> readable = new ArrayList<>();
    try {
      TypeList.Generic declared = type.getInterfaces();
      for (int i = 0; i < declared.size(); i++) {
        try {
          readable.add(declared.get(i).asErasure());
        } catch (RuntimeException unresolvable) {
          // another agent's run-time interface: this branch ends here
        }
      }
    } catch (RuntimeException unresolvable) {
      // the type itself cannot be read: it has no branches to walk
    }
    return readable;
  }

  @Override
  public String toString() {
    return "implements(" + interfaceName + ")";
  }
}
