package io.monitoring.agent.instrumentation;

import static io.monitoring.agent.instrumentation.Matchers.hasSuperType;
import static io.monitoring.agent.instrumentation.Matchers.named;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Opcodes;

/**
 * A JDBC statement as another agent leaves it: besides {@code java.sql.Statement} it implements an interface
 * that agent defined at run time, which has no class file for this agent to read.
 */
class ImplementsInterfaceTest {
  private static final String ADDED_BY_ANOTHER_AGENT = "other/agent/VirtualFieldAccessor$java$sql$Statement";

  private final DeclaredType statement = statementImplementingAnUnreadableInterface();

  @Test
  void findsTheInterfaceItLooksForPastAnUnreadableOne() {
    assertTrue(new ImplementsInterface("java.sql.Statement").matches(statement));
    assertTrue(new ImplementsInterface("java.lang.AutoCloseable").matches(statement), "the readable branch, walked further up");
  }

  @Test
  void anInterfaceTheClassDoesNotImplementIsNotFound() {
    assertFalse(new ImplementsInterface("java.sql.Connection").matches(statement));
  }

  @Test
  void theHierarchyMatcherWalksTheReadableBranchesToo() {
    assertTrue(hasSuperType(named("java.lang.AutoCloseable")).matches(statement));
    assertFalse(hasSuperType(named("java.sql.Connection")).matches(statement));
  }

  private static DeclaredType statementImplementingAnUnreadableInterface() {
    ClassWriter writer = new ClassWriter(0);
    writer.visit(Opcodes.V11, Opcodes.ACC_PUBLIC | Opcodes.ACC_ABSTRACT, "driver/Statement", null, "java/lang/Object",
        new String[] {"java/sql/Statement", ADDED_BY_ANOTHER_AGENT});
    writer.visitEnd();
    return DeclaredType.read(writer.toByteArray(), DeclaredTypes.of(ImplementsInterfaceTest.class.getClassLoader()));
  }
}
