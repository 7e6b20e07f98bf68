package io.monitoring.agent.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The repository's {@code stack/} is the generator's output for {@code stack --demo}, byte for byte: one source of
 * truth, the templates. A hand edit of {@code stack/} fails here with the way to make it right.
 */
class StackTemplatesTest {
  private static final Path STACK = Path.of("../stack");
  private static final String FIX = "stack/ is generated: edit the template under agent/src/main/resources/"
      + StackGenerator.TEMPLATES + " (same path) instead, then regenerate: ./mvnw -q -pl agent -am package -DskipTests"
      + " && (cd stack && java -jar ../agent/target/monitoring-agent.jar stack --demo --out . --force)";

  @Test
  void theCommittedStackIsExactlyTheOutputOfStackDemo() throws Exception {
    Map<String, String> generated = StackGenerator.generate(StackOptions.parse(List.of("--demo")));
    TreeSet<String> onDisk = committedFiles();
    assertEquals(new TreeSet<>(generated.keySet()), onDisk, "the files of stack/ differ from the generator's. " + FIX);
    List<String> differing = new ArrayList<>();
    for (Map.Entry<String, String> file : generated.entrySet()) {
      if (!file.getValue().equals(Files.readString(STACK.resolve(file.getKey()), StandardCharsets.UTF_8))) {
        differing.add(file.getKey());
      }
    }
    assertEquals(List.of(), differing, "these files of stack/ differ from their templates' output. " + FIX);
  }

  @Test
  void everyBadOptionIsOneLineNamingItAndExitCode2() {
    String[][] cases = {
        {"--tracing=kafka", "--tracing: 'kafka' is not one of jaeger, tempo, zipkin, none"},
        {"--alerts=slack,sms", "--alerts: 'sms' is not one of webhook, slack, pagerduty, opsgenie, email"},
        {"--retention=15 days", "--retention: '15 days' is not a duration like 15s, 30d or 1h30m"},
        {"--scrape-interval=0s", "--scrape-interval: '0s' is not a duration like 15s, 30d or 1h30m"},
        {"--services=orders=orders:99999", "--services: '99999' in 'orders=orders:99999' is not a port (1-65535)"},
        {"--services=Orders=orders:9464", "--services: 'Orders' is not a service name (lower-case letters, digits, - and _)"},
        {"--services=orders", "--services: 'orders' is not NAME=HOST:PORT"},
        {"--storage=s3", "--storage: 's3' is not one of local, victoria, thanos"},
        {"--target=swarm", "--target: 'swarm' is not one of compose, kubernetes"},
        {"--colour", "unknown option --colour"},
        {"", "no services to monitor: give --services NAME=HOST:PORT,... (or --demo); see --help"},
    };
    for (String[] c : cases) {
      List<String> args = new ArrayList<>();
      if (!c[0].isEmpty()) {
        args.add(c[0]);
      }
      if (!c[0].startsWith("--services") && !c[0].isEmpty()) {
        args.add("--demo");
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      int code = StackCommand.run(args, new PrintStream(out, true), new PrintStream(err, true));
      assertEquals(2, code, c[0]);
      assertEquals("monitoring-agent stack: " + c[1] + "\n", err.toString(StandardCharsets.UTF_8), c[0]);
      assertEquals("", out.toString(StandardCharsets.UTF_8), c[0]);
    }
  }

  @Test
  void helpListsEveryOptionWithItsDefault() {
    String usage = StackCommand.usage();
    for (String[] option : StackOptions.HELP) {
      assertTrue(usage.contains(option[0]), option[0]);
      assertTrue(option[1].isEmpty() || usage.contains("[" + option[1] + "]"), option[0] + " default " + option[1]);
    }
  }

  @Test
  void aConditionJoinsFlagsWithBarForAnyAndAmpersandForAll() {
    String text = "{%if compose&tracing-tempo%}\nboth\n{%end%}\n{%if kubernetes|tracing-tempo%}\neither\n{%end%}\n";
    assertEquals("both\neither\n", Template.render("t", text, Set.of("compose", "tracing-tempo"), Map.of()));
    assertEquals("either\n", Template.render("t", text, Set.of("kubernetes"), Map.of()));
    assertEquals("", Template.render("t", text, Set.of("compose"), Map.of()));
  }

  @Test
  void victoriaMetricsRetentionIsOneNumberWithAUnitItKnows() {
    assertEquals("15d", StackGenerator.victoriaRetention("15d"));
    assertEquals("14d", StackGenerator.victoriaRetention("2w"));
    assertEquals("36h", StackGenerator.victoriaRetention("1d12h"));
    assertEquals("365d", StackGenerator.victoriaRetention("1y"));
  }

  /** stack/'s files, but the ones that are the user's: .env and the real secret files (git ignores them too). */
  private static TreeSet<String> committedFiles() throws IOException {
    try (Stream<Path> all = Files.walk(STACK)) {
      return all.filter(Files::isRegularFile).map(p -> STACK.relativize(p).toString().replace('\\', '/'))
          .filter(p -> !p.equals(".env"))
          .filter(p -> !p.startsWith("alertmanager/secrets/") || p.endsWith(".example") || p.endsWith("README.md")
              || p.endsWith(".gitignore"))
          .collect(Collectors.toCollection(TreeSet::new));
    }
  }
}
