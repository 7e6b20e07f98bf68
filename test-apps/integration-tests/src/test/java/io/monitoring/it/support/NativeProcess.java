package io.monitoring.it.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A program from the machine's packages (promtool, prometheus, prometheus-alertmanager, docker-compose,
 * victoria-metrics): run to completion for its exit code and output, or started in the background and stopped by
 * its pid. A program that is not installed skips the calling test with the reason, except under {@code CI=true},
 * where {@code .ci/run} installs it and its absence fails.
 */
public final class NativeProcess implements AutoCloseable {
    private final Process process;
    private final Path log;

    private NativeProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    public record Result(int exitCode, String output) {
    }

    /** The program's path on PATH, or a skip (a failure under CI=true) when it is not installed. */
    public static String require(String program) {
        return require(program, "Debian packages prometheus, prometheus-alertmanager, docker-compose, prometheus-*-exporter,"
                + " victoria-metrics, python3; .ci/run installs them");
    }

    /** As {@link #require(String)}; {@code packages} says where the program comes from, for the skip's reason. */
    public static String require(String program, String packages) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, program);
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        String reason = program + " is not installed (" + packages + ")";
        if (Jdks.isCi()) {
            return Assertions.fail(reason + " (required under CI=true)");
        }
        System.out.println("[skipped] " + reason);
        return Assumptions.abort(reason + "; skipping");
    }

    /** Runs to completion (bounded by {@code timeout}) and returns the exit code and merged output. */
    public static Result run(Path workingDirectory, Duration timeout, String... command) {
        try {
            Process p = new ProcessBuilder(command).directory(workingDirectory.toFile()).redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish within " + timeout);
            }
            return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Starts in the background, output to {@code log}. */
    public static NativeProcess start(Path log, String... command) {
        return start(log, Map.of(), command);
    }

    /** Starts in the background with these variables added to the environment, output to {@code log}. */
    public static NativeProcess start(Path log, Map<String, String> environment, String... command) {
        try {
            ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(List.of(command)));
            builder.environment().putAll(environment);
            Process p = builder.redirectErrorStream(true).redirectOutput(log.toFile()).start();
            return new NativeProcess(p, log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    /** How long to wait for a background program to answer. */
    public static final Duration STARTUP = Duration.ofSeconds(30);
}
