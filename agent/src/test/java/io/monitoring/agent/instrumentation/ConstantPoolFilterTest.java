package io.monitoring.agent.instrumentation;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.monitoring.agent.instrumentation.jdbc.JdbcTypes;
import java.io.IOException;
import java.io.InputStream;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;

class ConstantPoolFilterTest {
  private final ConstantPoolFilter jdbc = JdbcTypes.IMPLEMENTATIONS.constantPool;

  /** A statement implementation's own methods name both a JDBC method and java/sql. */
  abstract static class DriverStatement implements java.sql.Statement {
    @Override
    public ResultSet executeQuery(String sql) throws SQLException {
      return null;
    }
  }

  /** A subclass that only overrides execute(String) still mentions java/sql: the SQLException it declares. */
  abstract static class SubclassStatement extends DriverStatement {
    @Override
    public boolean execute(String sql) throws SQLException {
      return false;
    }
  }

  /** Executor.execute has the name but nothing of java.sql. */
  static final class PlainExecutor implements Executor {
    @Override
    public void execute(Runnable command) {
      command.run();
    }
  }

  static final class NothingToDoWithIt {
    int work(int x) {
      return x + 1;
    }
  }

  @Test
  void recognisesStatementImplementations() throws IOException {
    assertTrue(jdbc.matches(bytes(DriverStatement.class)));
    assertTrue(jdbc.matches(bytes(SubclassStatement.class)));
  }

  @Test
  void passesOverUnrelatedClassesEvenWithTheSameMethodNames() throws IOException {
    assertFalse(jdbc.matches(bytes(PlainExecutor.class)));
    assertFalse(jdbc.matches(bytes(NothingToDoWithIt.class)));
    assertFalse(jdbc.matches(bytes(String.class)));
  }

  @Test
  void rejectsWhatIsNotAClassFile() {
    assertFalse(jdbc.matches(new byte[0]));
    assertFalse(jdbc.matches(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}));
    byte[] truncated = new byte[] {(byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE, 0, 0, 0, 61, 0x7F, 0x7F, 1, 0};
    assertFalse(jdbc.matches(truncated));
  }

  private static byte[] bytes(Class<?> type) throws IOException {
    String resource = "/" + type.getName().replace('.', '/') + ".class";
    try (InputStream in = type.getResourceAsStream(resource)) {
      return in.readAllBytes();
    }
  }
}
