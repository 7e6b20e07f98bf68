package io.monitoring.agent.instrumentation;

import static net.bytebuddy.matcher.ElementMatchers.hasSuperType;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Modifier;
import java.sql.Statement;
import java.util.Map;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.scaffold.InstrumentedType;
import net.bytebuddy.pool.TypePool;
import org.junit.jupiter.api.Test;

/**
 * A JDBC statement as another agent leaves it: besides {@code java.sql.Statement} it implements an interface
 * that agent defined at run time, which has no class file for this agent's type pool to read.
 */
class ImplementsInterfaceTest {
  private static final String ADDED_BY_ANOTHER_AGENT = "other.agent.VirtualFieldAccessor$java$sql$Statement";

  private final TypeDescription statement = statementImplementingAnUnreadableInterface();

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
  void byteBuddysOwnHierarchyMatcherGivesUpOnTheWholeClass() {
    assertThrows(TypePool.Resolution.NoSuchTypeException.class,
        () -> hasSuperType(named("java.sql.Connection")).matches(statement));
  }

  private static TypeDescription statementImplementingAnUnreadableInterface() {
    TypeDescription unreadable = InstrumentedType.Default.of(ADDED_BY_ANOTHER_AGENT, TypeDescription.Generic.OBJECT,
        Modifier.PUBLIC | Modifier.INTERFACE | Modifier.ABSTRACT);
    byte[] statementClass = new ByteBuddy().subclass(Object.class).name("driver.Statement")
        .modifiers(Modifier.PUBLIC | Modifier.ABSTRACT)
        .implement(TypeDescription.ForLoadedType.of(Statement.class), unreadable)
        .make().getBytes();
    ClassFileLocator onlyTheStatement = new ClassFileLocator.Compound(
        new ClassFileLocator.Simple(Map.of("driver.Statement", statementClass)),
        ClassFileLocator.ForClassLoader.ofSystemLoader());
    return TypePool.Default.WithLazyResolution.of(onlyTheStatement).describe("driver.Statement").resolve();
  }
}
