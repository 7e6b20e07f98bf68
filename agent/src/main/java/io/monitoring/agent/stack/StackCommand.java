package io.monitoring.agent.stack;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * {@code java -jar monitoring-agent.jar stack [options]}: writes a monitoring stack (Prometheus, Alertmanager,
 * Grafana, a trace backend) for the given services, then checks it with {@code promtool} and {@code amtool} when
 * they are on the PATH. Exit codes: 0 written (and the tools that ran passed), 1 a tool rejected the output or
 * writing failed, 2 a bad option (one line naming it). Started by {@code launcher.Main} in the agent's own class
 * loader; nothing here is loaded when the jar runs as an agent.
 */
public final class StackCommand {
  /** What a promtool built without Kubernetes discovery (Debian 12's 2.42) says of kubernetes_sd_configs. */
  private static final String NO_KUBERNETES_SD = "field kubernetes_sd_configs not found";

  private StackCommand() {
  }

  /** Entry point for {@code launcher.Main}: the exit code. */
  public static int run(String[] args) {
    return run(Arrays.asList(args), System.out, System.err);
  }

  static int run(List<String> args, PrintStream out, PrintStream err) {
    StackOptions options;
    try {
      options = StackOptions.parse(args);
    } catch (StackOptions.BadOption bad) {
      err.println("monitoring-agent stack: " + bad.getMessage());
      return 2;
    }
    if (options.help) {
      out.print(usage());
      return 0;
    }
    Map<String, String> files = StackGenerator.generate(options);
    try {
      if (options.dryRun) {
        out.println("Would write " + files.size() + " files into " + options.out + " (dry run: nothing written):");
        files.forEach((path, text) -> out.println("  " + path + " (" + text.getBytes(StandardCharsets.UTF_8).length + " bytes)"));
        Path scratch = Files.createTempDirectory("monitoring-stack-dry-run");
        try {
          write(scratch, files);
          return validate(scratch, out, err);
        } finally {
          delete(scratch);
        }
      }
      Path dir = options.out;
      if (Files.isDirectory(dir) && !options.force) {
        try (Stream<Path> entries = Files.list(dir)) {
          if (entries.findAny().isPresent()) {
            err.println("monitoring-agent stack: --out " + dir + " is not empty; give --force to replace the files the generator writes");
            return 2;
          }
        }
      } else if (Files.exists(dir) && !Files.isDirectory(dir)) {
        err.println("monitoring-agent stack: --out " + dir + " is a file, not a directory");
        return 2;
      }
      write(dir, files);
      out.println("Wrote " + files.size() + " files into " + dir + " (" + dir.resolve("README.md") + " says what is where and how to start it)");
      return validate(dir, out, err);
    } catch (IOException | UncheckedIOException e) {
      err.println("monitoring-agent stack: could not write the stack: " + e);
      return 1;
    }
  }

  static void write(Path dir, Map<String, String> files) throws IOException {
    for (Map.Entry<String, String> file : files.entrySet()) {
      Path path = dir.resolve(file.getKey());
      Files.createDirectories(path.getParent());
      Files.write(path, file.getValue().getBytes(StandardCharsets.UTF_8));
      if (file.getKey().endsWith(".sh")) {
        try {
          Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (UnsupportedOperationException notPosix) {
          path.toFile().setExecutable(true, false);
        }
      }
    }
  }

  /** The real tools, when installed: what ran, what failed; 1 when one of them rejected the stack. */
  static int validate(Path dir, PrintStream out, PrintStream err) throws IOException {
    List<List<String>> checks = new ArrayList<>();
    String promtool = onPath("promtool");
    String amtool = onPath("amtool");
    if (promtool != null) {
      checks.add(List.of(promtool, "check", "config", "prometheus/prometheus.yml"));
      checks.add(withFiles(dir, List.of(promtool, "check", "rules"), "prometheus/rules"));
      checks.add(withFiles(dir, List.of(promtool, "test", "rules"), "prometheus/tests"));
    }
    if (amtool != null) {
      checks.add(List.of(amtool, "check-config", "alertmanager/alertmanager.yml"));
    }
    int failed = 0;
    for (List<String> check : checks) {
      String shown = new File(check.get(0)).getName() + " " + String.join(" ", check.subList(1, Math.min(4, check.size())))
          + (check.size() > 4 ? " ..." : "");
      String[] result = runTool(dir, check);
      if (!result[0].equals("0") && result[1].contains(NO_KUBERNETES_SD)) {
        result = checkWithoutKubernetesJob(dir, check);
        shown += " (without the job kubernetes-pods: this promtool was built without Kubernetes discovery, as Debian's is)";
      }
      if (result[0].equals("0")) {
        out.println("  ok: " + shown);
      } else {
        failed++;
        err.println("  FAILED: " + shown + "\n" + result[1].strip().replaceAll("(?m)^", "    "));
      }
    }
    List<String> missing = new ArrayList<>();
    if (promtool == null) {
      missing.add("promtool (check config, check rules, test rules)");
    }
    if (amtool == null) {
      missing.add("amtool (check-config)");
    }
    if (!missing.isEmpty()) {
      out.println("  not run, not on the PATH: " + String.join(", ", missing));
    }
    return failed == 0 ? 0 : 1;
  }

  /**
   * promtool check config on a copy of prometheus.yml without the job of --discovery kubernetes, beside the original
   * so that its relative paths (rules, targets) still resolve; for a promtool that rejects kubernetes_sd_configs.
   */
  private static String[] checkWithoutKubernetesJob(Path dir, List<String> check) throws IOException {
    Path original = dir.resolve(check.get(check.size() - 1));
    Path copy = original.resolveSibling(".without-kubernetes-" + original.getFileName());
    String text = new String(Files.readAllBytes(original), StandardCharsets.UTF_8);
    Files.write(copy, text.replaceAll("(?ms)^  - job_name: kubernetes-pods\n.*?(?=^\\s*$|\\z)", "").getBytes(StandardCharsets.UTF_8));
    try {
      List<String> command = new ArrayList<>(check.subList(0, check.size() - 1));
      command.add(dir.relativize(copy).toString());
      return runTool(dir, command);
    } finally {
      Files.delete(copy);
    }
  }

  private static List<String> withFiles(Path dir, List<String> command, String subdir) throws IOException {
    List<String> all = new ArrayList<>(command);
    try (Stream<Path> files = Files.list(dir.resolve(subdir))) {
      files.map(p -> subdir + "/" + p.getFileName()).filter(p -> p.endsWith(".yml")).sorted().forEach(all::add);
    }
    return all;
  }

  private static String[] runTool(Path dir, List<String> command) {
    try {
      Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
      byte[] output = p.getInputStream().readAllBytes();
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return new String[] {"timeout", "did not finish within 120 s"};
      }
      return new String[] {Integer.toString(p.exitValue()), new String(output, StandardCharsets.UTF_8)};
    } catch (IOException e) {
      return new String[] {"error", e.toString()};
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new String[] {"interrupted", e.toString()};
    }
  }

  private static String onPath(String program) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path candidate = Path.of(dir.isEmpty() ? "." : dir, program);
      if (Files.isExecutable(candidate) && !Files.isDirectory(candidate)) {
        return candidate.toString();
      }
    }
    return null;
  }

  private static void delete(Path dir) throws IOException {
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) all.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(p);
      }
    }
  }

  static String usage() {
    StringBuilder u = new StringBuilder("Usage: java -jar monitoring-agent.jar stack [options]\n\n"
        + "Writes a monitoring stack for your services (docker-compose.yml, Prometheus configuration, rules and their\n"
        + "tests, Alertmanager routing, Grafana dashboards, runbooks, README), then checks it with promtool and\n"
        + "amtool when they are on the PATH.\n\nOptions (default in brackets):\n");
    for (String[] option : StackOptions.HELP) {
      u.append("  ").append(option[0]).append(option[1].isEmpty() ? "" : "   [" + option[1] + "]").append("\n      ")
          .append(option[2]).append('\n');
    }
    u.append("\nExample: java -jar monitoring-agent.jar stack --services orders=10.0.0.5:9464,billing=billing:9464"
        + " --tracing tempo --alerts slack,pagerduty\n");
    return u.toString();
  }
}
