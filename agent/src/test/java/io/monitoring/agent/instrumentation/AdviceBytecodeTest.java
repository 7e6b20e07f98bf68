package io.monitoring.agent.instrumentation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Advice is copied into library classes, some compiled for Java 6 (Apache HttpClient 4.5): it must hold no
 * invokedynamic (string concatenation, lambdas) and no method handle constants, which such class files
 * cannot carry; the JVM would refuse the woven class and the application would not start.
 */
class AdviceBytecodeTest {
  @Test
  void adviceCarriesNoConstantsOldClassFilesCannotHold() throws IOException {
    Path root = Path.of("target/classes/io/monitoring/agent/instrumentation");
    List<Path> advice;
    try (Stream<Path> files = Files.walk(root)) {
      advice = files.filter(p -> p.getFileName().toString().endsWith("Advice.class")).collect(Collectors.toList());
    }
    assertTrue(advice.size() >= 15, "advice classes found: " + advice);
    List<String> offending = advice.stream().filter(p -> hasJava7Constants(read(p))).map(Path::toString)
        .collect(Collectors.toList());
    assertEquals(List.of(), offending);
  }

  private static byte[] read(Path p) {
    try {
      return Files.readAllBytes(p);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** MethodHandle (15), MethodType (16), Dynamic (17) and InvokeDynamic (18) constants. */
  private static boolean hasJava7Constants(byte[] b) {
    int count = ((b[8] & 0xFF) << 8) | (b[9] & 0xFF);
    int pos = 10;
    for (int i = 1; i < count; i++) {
      int tag = b[pos];
      switch (tag) {
        case 1: pos += 3 + (((b[pos + 1] & 0xFF) << 8) | (b[pos + 2] & 0xFF)); break;
        case 3: case 4: case 9: case 10: case 11: case 12: pos += 5; break;
        case 5: case 6: pos += 9; i++; break;
        case 7: case 8: case 19: case 20: pos += 3; break;
        case 15: case 16: case 17: case 18: return true;
        default: throw new IllegalStateException("unknown constant tag " + tag);
      }
    }
    return false;
  }
}
