package io.monitoring.it.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A test app running in a child JVM, optionally with the agent attached. Its stdout and stderr are captured (and
 * echoed to the test's System.out as {@code [name] line}); {@link #close()} stops it.
 *
 * <pre>{@code
 * try (ChildJvm app = ChildJvm.app("tomcat9-app").jdk(jdk).agent(Artifacts.agentJar())
 *         .args("--port=" + port).start()) {
 *     app.awaitLine("Started", Duration.ofSeconds(60));
 *     ...
 * }
 * }</pre>
 */
public final class ChildJvm implements AutoCloseable {

    /** Added to every child JVM (2-core CI machines) unless the test gives its own value for the same option. */
    public static final List<String> DEFAULT_JVM_FLAGS =
            List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

    /** Not inherited from the test's environment: they would add flags (or agents) behind the test's back. */
    static final Set<String> JVM_OPTION_ENV_VARS = Set.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS");

    private static final Duration GRACEFUL_STOP = Duration.ofSeconds(10);
    private static final Duration READER_DRAIN = Duration.ofSeconds(5);

    private final String name;
    private final List<String> command;
    private final Process process;
    private final Object lock = new Object();
    private final List<String> stdoutLines = new ArrayList<>();
    private final List<String> stderrLines = new ArrayList<>();
    private final List<String> allLines = new ArrayList<>();
    private final Thread stdoutReader;
    private final Thread stderrReader;

    private ChildJvm(String name, List<String> command, Process process) {
        this.name = name;
        this.command = List.copyOf(command);
        this.process = process;
        this.stdoutReader = startReader(process.getInputStream(), stdoutLines, "stdout");
        this.stderrReader = startReader(process.getErrorStream(), stderrLines, "stderr");
    }

    /** A builder; {@code name} prefixes the echoed output lines. */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** {@code builder(app).jar(Artifacts.appJar(app))}: runs {@code -jar <apps.dir>/<app>/target/<app>.jar}. */
    public static Builder app(String app) {
        return builder(app).jar(Artifacts.appJar(app));
    }

    /** A TCP port that was free on 127.0.0.1 a moment ago. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not find a free port", e);
        }
    }

    public String name() {
        return name;
    }

    /** The full command line the JVM was started with. */
    public List<String> command() {
        return command;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Waits until a line of stdout or stderr (everything printed since start) contains {@code substring}, and returns
     * that line.
     *
     * @throws AssertionError with the captured output when the timeout passes or the process exits first
     */
    public String awaitLine(String substring, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        int scanned = 0;
        while (true) {
            synchronized (lock) {
                for (; scanned < allLines.size(); scanned++) {
                    if (allLines.get(scanned).contains(substring)) {
                        return allLines.get(scanned);
                    }
                }
            }
            if (!process.isAlive()) {
                joinReaders(READER_DRAIN); // the line may be in the last output, still being read
                synchronized (lock) {
                    for (; scanned < allLines.size(); scanned++) {
                        if (allLines.get(scanned).contains(substring)) {
                            return allLines.get(scanned);
                        }
                    }
                }
                throw failure(name + " exited with code " + process.exitValue()
                        + " before printing a line containing \"" + substring + "\"");
            }
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                throw failure(name + " printed no line containing \"" + substring + "\" within "
                        + timeout.toMillis() + " ms");
            }
            synchronized (lock) {
                if (scanned == allLines.size()) {
                    waitOnLock(Math.min(remaining, TimeUnit.MILLISECONDS.toNanos(50)));
                }
            }
        }
    }

    /**
     * Waits for the process to exit by itself and returns its exit code, after all its output has been read.
     *
     * @throws AssertionError with the captured output when it is still running after {@code timeout}
     */
    public int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw failure(name + " still running after " + timeout.toMillis() + " ms");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted waiting for " + name + " to exit", e);
        }
        joinReaders(READER_DRAIN);
        return process.exitValue();
    }

    /** Everything captured from stdout so far, one {@code \n}-terminated line per line. */
    public String stdout() {
        synchronized (lock) {
            return join(stdoutLines);
        }
    }

    /** Everything captured from stderr so far. */
    public String stderr() {
        synchronized (lock) {
            return join(stderrLines);
        }
    }

    /** stdout and stderr interleaved in the order the lines were read. */
    public String output() {
        synchronized (lock) {
            return join(allLines);
        }
    }

    /**
     * Stops the JVM: SIGTERM, then (after 10 s) a forcible kill; waits for it to end and its output to be read.
     * Idempotent.
     */
    @Override
    public void close() {
        try {
            if (process.isAlive()) {
                process.destroy();
                if (!process.waitFor(GRACEFUL_STOP.toMillis(), TimeUnit.MILLISECONDS)) {
                    System.out.println("[" + name + "] did not stop within " + GRACEFUL_STOP.toSeconds()
                            + " s of SIGTERM; killing it");
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly();
                    process.waitFor();
                }
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            joinReaders(READER_DRAIN);
            closeQuietly(process.getOutputStream());
        }
    }

    @Override
    public String toString() {
        return name + " (pid " + process.pid() + ")";
    }

    private Thread startReader(InputStream stream, List<String> lines, String streamName) {
        Thread thread = new Thread(() -> {
            try (BufferedReader reader =
                         new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    System.out.println("[" + name + "] " + line);
                    synchronized (lock) {
                        lines.add(line);
                        allLines.add(line);
                        lock.notifyAll();
                    }
                }
            } catch (IOException e) {
                // the stream closed under us: the process is gone
            }
        }, "child-jvm-" + name + "-" + streamName);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private void joinReaders(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            for (Thread reader : List.of(stdoutReader, stderrReader)) {
                long remainingMillis = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (remainingMillis > 0) {
                    reader.join(remainingMillis);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void waitOnLock(long nanos) {
        try {
            TimeUnit.NANOSECONDS.timedWait(lock, nanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted waiting for output of " + name, e);
        }
    }

    private AssertionError failure(String message) {
        return new AssertionError(message + "\n--- command ---\n" + String.join(" ", command)
                + "\n--- output of " + name + " (stdout and stderr) ---\n" + output() + "--- end of output ---");
    }

    private static String join(List<String> lines) {
        return lines.stream().map(line -> line + "\n").collect(Collectors.joining());
    }

    private static void closeQuietly(java.io.Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException e) {
            // nothing to do
        }
    }

    /** Configures and starts a {@link ChildJvm}. Exactly one of {@link #jar} and {@link #mainClass} is required. */
    public static final class Builder {

        private final String name;
        private Jdks.Jdk jdk = Jdks.current();
        private Path agentJar;
        private String agentArgs = "";
        private final Map<String, String> systemProperties = new LinkedHashMap<>();
        private final Map<String, String> env = new LinkedHashMap<>();
        private List<String> defaultJvmFlags = DEFAULT_JVM_FLAGS;
        private final List<String> jvmFlags = new ArrayList<>();
        private Path jar;
        private List<Path> classpath;
        private String mainClass;
        private final List<String> args = new ArrayList<>();
        private final List<String> launcher = new ArrayList<>();
        private Path workingDirectory;

        private Builder(String name) {
            this.name = name;
        }

        /** The JDK to run on; default {@link Jdks#current()}. */
        public Builder jdk(Jdks.Jdk jdk) {
            this.jdk = jdk;
            return this;
        }

        /** The agent jar, or {@code null} (the default) to run without the agent. */
        public Builder agent(Path agentJar) {
            this.agentJar = agentJar;
            return this;
        }

        /** Appended as {@code -javaagent:<jar>=<args>} when non-empty. */
        public Builder agentArgs(String agentArgs) {
            this.agentArgs = agentArgs == null ? "" : agentArgs;
            return this;
        }

        /** {@code -Dkey=value}; a {@code null} value gives {@code -Dkey}. */
        public Builder systemProperty(String key, String value) {
            systemProperties.put(key, value);
            return this;
        }

        public Builder systemProperties(Map<String, String> properties) {
            systemProperties.putAll(properties);
            return this;
        }

        /**
         * An environment variable of the child; a {@code null} value removes an inherited one. The child inherits the
         * test's environment except {@code JAVA_TOOL_OPTIONS}, {@code JDK_JAVA_OPTIONS} and {@code _JAVA_OPTIONS}.
         */
        public Builder env(String key, String value) {
            env.put(key, value);
            return this;
        }

        public Builder env(Map<String, String> variables) {
            env.putAll(variables);
            return this;
        }

        /**
         * Extra JVM flags, after the defaults. A default is dropped when a flag here sets the same thing: any
         * {@code -Xmx}, any {@code -XX:±Use*GC}, {@code -XX:TieredStopAtLevel} / {@code -XX:±TieredCompilation}, or
         * the same {@code -XX:} option.
         */
        public Builder jvmFlags(String... flags) {
            jvmFlags.addAll(Arrays.asList(flags));
            return this;
        }

        /** Replaces {@link #DEFAULT_JVM_FLAGS}; call with no arguments to drop them all. */
        public Builder defaultJvmFlags(String... flags) {
            defaultJvmFlags = List.of(flags);
            return this;
        }

        /** Runs {@code -jar <jar>}. */
        public Builder jar(Path jar) {
            this.jar = jar;
            return this;
        }

        /** Runs {@code -cp <classpath> <mainClass>}. */
        public Builder mainClass(List<Path> classpath, String mainClass) {
            this.classpath = List.copyOf(classpath);
            this.mainClass = mainClass;
            return this;
        }

        /** Program arguments, after the jar or main class. */
        public Builder args(String... args) {
            this.args.addAll(Arrays.asList(args));
            return this;
        }

        /** The child's working directory; default: the test's. */
        public Builder workingDirectory(Path directory) {
            this.workingDirectory = directory;
            return this;
        }

        /** The command line {@link #start()} runs. */
        public List<String> command() {
            if ((jar == null) == (mainClass == null)) {
                throw new IllegalStateException("Set exactly one of jar(...) and mainClass(...) for " + name);
            }
            List<String> command = new ArrayList<>();
            command.add(jdk.java().toString());
            Set<String> overridden = jvmFlags.stream().map(Builder::optionKey).collect(Collectors.toSet());
            defaultJvmFlags.stream().filter(flag -> !overridden.contains(optionKey(flag))).forEach(command::add);
            command.addAll(jvmFlags);
            if (agentJar != null) {
                command.add("-javaagent:" + agentJar.toAbsolutePath()
                        + (agentArgs.isEmpty() ? "" : "=" + agentArgs));
            }
            systemProperties.forEach((key, value) -> command.add("-D" + key + (value == null ? "" : "=" + value)));
            if (jar != null) {
                command.add("-jar");
                command.add(jar.toAbsolutePath().toString());
            } else {
                command.add("-cp");
                command.add(classpath.stream().map(path -> path.toAbsolutePath().toString())
                        .collect(Collectors.joining(java.io.File.pathSeparator)));
                command.add(mainClass);
            }
            command.addAll(args);
            return command;
        }

        /**
         * A program that runs the JVM's command line, which is appended to {@code prefix} (that program must end by
         * exec-ing it, so the process is the JVM): e.g. {@code unshare -m sh -c '...; exec "$@"' sh}.
         */
        public Builder launcher(String... prefix) {
            launcher.addAll(List.of(prefix));
            return this;
        }

        public ChildJvm start() {
            List<String> command = new ArrayList<>(launcher);
            command.addAll(command());
            ProcessBuilder builder = new ProcessBuilder(command);
            JVM_OPTION_ENV_VARS.forEach(builder.environment()::remove);
            env.forEach((key, value) -> {
                if (value == null) {
                    builder.environment().remove(key);
                } else {
                    builder.environment().put(key, value);
                }
            });
            if (workingDirectory != null) {
                builder.directory(workingDirectory.toFile());
            }
            System.out.println("[" + name + "] starting: " + String.join(" ", command));
            try {
                return new ChildJvm(name, command, builder.start());
            } catch (IOException e) {
                throw new UncheckedIOException("Could not start " + name + ": " + String.join(" ", command), e);
            }
        }

        /** What a JVM flag sets, so that a test's flag can replace the default for the same thing. */
        static String optionKey(String flag) {
            if (flag.startsWith("-Xmx")) {
                return "-Xmx";
            }
            if (flag.matches("-XX:[+-]Use\\w*GC")) {
                return "gc";
            }
            if (flag.matches("-XX:(TieredStopAtLevel=.*|[+-]TieredCompilation)") || flag.equals("-Xint")) {
                return "tiered";
            }
            if (flag.startsWith("-XX:")) {
                String option = flag.substring(4).replaceFirst("^[+-]", "");
                int equals = option.indexOf('=');
                return "-XX:" + (equals < 0 ? option : option.substring(0, equals));
            }
            return flag;
        }
    }
}
