package io.monitoring.agent.instrumentation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The seam's two size rules, checked on the source: advice hands the library object to one hook in at most five
 * lines (non-blank, non-comment, closing braces included), and the bootstrap part every class loader sees stays
 * at most 380 lines of code: about 20 per family of hooks (a handler interface and its delegates), so the cap
 * (300 until the application-method family came, 360 until the application's OpenTelemetry API's) says a new
 * family must be as small as the others.
 */
class AdviceSizeTest {
  private static final Pattern ADVICE_METHOD =
      Pattern.compile("@Advice\\.OnMethod(Enter|Exit)[^\\n]*\\n\\s*public static [^{]*?(\\w+)\\([^{]*\\{");

  @Test
  void everyAdviceMethodIsAtMostFiveLines() {
    List<String> tooLong = new ArrayList<>();
    int methods = 0;
    for (Path source : javaFiles(Path.of("src/main/java/io/monitoring/agent/instrumentation"))) {
      String text = read(source);
      Matcher m = ADVICE_METHOD.matcher(text);
      while (m.find()) {
        methods++;
        int lines = codeLines(body(text, m.end()));
        if (lines > 5) {
          tooLong.add(source.getFileName() + " " + m.group(2) + ": " + lines + " lines");
        }
      }
    }
    assertTrue(methods >= 40, "advice methods found: " + methods);
    assertEquals(List.of(), tooLong);
  }

  @Test
  void theBootstrapPartIsAtMost380LinesOfCode() {
    int lines = 0;
    for (Path source : javaFiles(Path.of("../agent-bootstrap/src/main/java"))) {
      lines += codeLines(read(source));
    }
    assertTrue(lines > 100 && lines <= 380, "agent-bootstrap lines of code: " + lines);
  }

  /** The text between the method's opening brace (ending at {@code from}) and its closing brace. */
  private static String body(String text, int from) {
    int depth = 1;
    int i = from;
    while (depth > 0) {
      char c = text.charAt(i++);
      depth += c == '{' ? 1 : c == '}' ? -1 : 0;
    }
    return text.substring(from, i - 1);
  }

  /** Lines that are not blank, not comments (line or block), and not the package or import statements. */
  static int codeLines(String text) {
    String withoutBlockComments = text.replaceAll("(?s)/\\*.*?\\*/", "");
    return (int) withoutBlockComments.lines().map(String::trim)
        .filter(l -> !l.isEmpty() && !l.startsWith("//") && !l.startsWith("import ") && !l.startsWith("package "))
        .count();
  }

  private static List<Path> javaFiles(Path root) {
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(p -> p.toString().endsWith(".java")).collect(Collectors.toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
