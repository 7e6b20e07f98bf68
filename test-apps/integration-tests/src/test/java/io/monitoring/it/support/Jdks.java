package io.monitoring.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds the JDKs the integration tests run the apps on: the JDK running the tests (17) and a JDK 25, found at run
 * time (env {@code JDK25_HOME}, else a scan of {@code /usr/lib/jvm/*} and {@code $JAVA_HOME/..}).
 */
public final class Jdks {

    /** A JDK installation. {@code featureVersion} is 17 for 17.0.15, 25 for 25.0.3. */
    public record Jdk(String name, Path home, int featureVersion) {

        public Path java() {
            boolean windows = System.getProperty("os.name", "").toLowerCase().startsWith("windows");
            return home.resolve("bin").resolve(windows ? "java.exe" : "java");
        }

        @Override
        public String toString() {
            return name; // readable in parameterized test names
        }
    }

    static final String JDK25_HOME = "JDK25_HOME";
    static final String NOT_FOUND = "JDK 25 not found under /usr/lib/jvm or JDK25_HOME";
    private static final String MANDATORY_ON_CI = ", and CI=true: the JDK 25 runs are mandatory on CI. "
            + "Install a JDK 25 under /usr/lib/jvm or set JDK25_HOME.";

    private Jdks() {
    }

    /** The JVM running this test ({@code java.home}). */
    public static Jdk current() {
        int feature = Runtime.version().feature();
        return new Jdk("jdk" + feature, Path.of(System.getProperty("java.home")), feature);
    }

    /**
     * The home of a JDK 25: {@code $JDK25_HOME} if set, else the first (by name) directory under {@code /usr/lib/jvm},
     * {@code $JAVA_HOME/..} or {@code java.home/..} whose {@code release} file says {@code JAVA_VERSION="25...}.
     *
     * @throws IllegalStateException when {@code JDK25_HOME} is set but is not a JDK 25 home (a configuration error
     *     should not turn into a silent skip)
     */
    public static Optional<Path> jdk25() {
        String configured = System.getenv(JDK25_HOME);
        if (configured != null && !configured.isBlank()) {
            Path home = Path.of(configured.trim());
            if (!isJdkHome(home, 25)) {
                throw new IllegalStateException(JDK25_HOME + "=" + configured + " is not a JDK 25 home (expected "
                        + "bin/java and a release file with JAVA_VERSION=\"25...\"; found version "
                        + featureVersion(home).stream().mapToObj(String::valueOf).findFirst().orElse("none") + ")");
            }
            return Optional.of(home);
        }
        return findJdkHome(25, scanRoots());
    }

    /** The JDKs every integration test runs on: the current one (17) and JDK 25 when found. */
    public static List<Jdk> forIntegrationTests() {
        return forIntegrationTests(current(), Jdks::jdk25, isCi());
    }

    /**
     * Returns the JDK 25, or aborts the calling test (reported as skipped) when there is none. With env
     * {@code CI=true} absence fails the test instead.
     */
    public static Jdk requireJdk25OrSkip() {
        return requireJdk25OrSkip(jdk25(), isCi());
    }

    static List<Jdk> forIntegrationTests(Jdk current, Supplier<Optional<Path>> jdk25, boolean ci) {
        List<Jdk> jdks = new ArrayList<>();
        jdks.add(current);
        if (current.featureVersion() != 25) {
            Optional<Path> home = jdk25.get();
            if (home.isPresent()) {
                jdks.add(new Jdk("jdk25", home.get(), 25));
            } else if (ci) {
                throw new AssertionError(NOT_FOUND + MANDATORY_ON_CI);
            } else {
                System.out.println("[jdks] " + NOT_FOUND + "; running on " + current.name() + " only");
            }
        }
        return List.copyOf(jdks);
    }

    static Jdk requireJdk25OrSkip(Optional<Path> home, boolean ci) {
        if (home.isPresent()) {
            return new Jdk("jdk25", home.get(), 25);
        }
        if (ci) {
            return Assertions.fail(NOT_FOUND + MANDATORY_ON_CI);
        }
        return Assumptions.abort(NOT_FOUND + "; skipping the JDK 25 run");
    }

    /** Whether env {@code CI} is {@code true} (case-insensitive). */
    public static boolean isCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /**
     * The feature version in {@code home/release} ({@code JAVA_VERSION="25.0.3"} → 25, {@code "1.8.0_412"} → 8), or
     * empty when there is no readable release file.
     */
    public static OptionalInt featureVersion(Path home) {
        Path release = home.resolve("release");
        if (!Files.isRegularFile(release)) {
            return OptionalInt.empty();
        }
        try (Stream<String> lines = Files.lines(release)) {
            return lines.filter(line -> line.startsWith("JAVA_VERSION="))
                    .map(line -> line.substring("JAVA_VERSION=".length()).replace("\"", "").trim())
                    .mapToInt(Jdks::parseFeature)
                    .filter(feature -> feature > 0)
                    .findFirst();
        } catch (IOException | UncheckedIOException e) {
            return OptionalInt.empty();
        }
    }

    /** The first directory (sorted by name) directly under one of {@code roots} that is a JDK of that version. */
    static Optional<Path> findJdkHome(int feature, List<Path> roots) {
        for (Path root : roots) {
            if (!Files.isDirectory(root)) {
                continue;
            }
            try (Stream<Path> children = Files.list(root)) {
                Optional<Path> found = children.sorted()
                        .filter(Files::isDirectory)
                        .filter(dir -> isJdkHome(dir, feature))
                        .findFirst();
                if (found.isPresent()) {
                    return found;
                }
            } catch (IOException | UncheckedIOException e) {
                // unreadable root: try the next one
            }
        }
        return Optional.empty();
    }

    static boolean isJdkHome(Path dir, int feature) {
        return Files.isExecutable(new Jdk("", dir, feature).java())
                && featureVersion(dir).orElse(-1) == feature;
    }

    static int parseFeature(String javaVersion) {
        String[] parts = javaVersion.split("[.\\-+_]");
        try {
            int first = Integer.parseInt(parts[0]);
            return first == 1 && parts.length > 1 ? Integer.parseInt(parts[1]) : first; // 1.8.0 → 8
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static List<Path> scanRoots() {
        Set<Path> roots = new LinkedHashSet<>();
        roots.add(Path.of("/usr/lib/jvm"));
        String javaHome = System.getenv("JAVA_HOME");
        if (javaHome != null && !javaHome.isBlank()) {
            addParent(roots, Path.of(javaHome.trim()));
        }
        addParent(roots, Path.of(System.getProperty("java.home")));
        return List.copyOf(roots);
    }

    private static void addParent(Set<Path> roots, Path home) {
        Path parent = home.toAbsolutePath().normalize().getParent();
        if (parent != null) {
            roots.add(parent);
        }
    }
}
