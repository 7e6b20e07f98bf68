package io.monitoring.it.support;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the built artifacts are: the shaded agent ({@code -Dagent.jar}) and the test apps
 * ({@code -Dapps.dir}/&lt;app&gt;/target/&lt;app&gt;.jar). Failsafe sets both properties; when a test is run from an IDE
 * without them, the paths are resolved from the module directory (the usual working directory).
 */
public final class Artifacts {

    private Artifacts() {
    }

    /** The shaded agent jar; fails with a hint when it has not been built. */
    public static Path agentJar() {
        Path jar = Path.of(System.getProperty("agent.jar", "../../agent/target/monitoring-agent.jar"));
        return requireFile(jar, "the agent jar; build it first: mvn -pl agent -am package");
    }

    /** {@code <apps.dir>/<app>/target/<app>.jar}, e.g. {@code appJar("tomcat9-app")}; fails when not built. */
    public static Path appJar(String app) {
        Path jar = appsDir().resolve(app).resolve("target").resolve(app + ".jar");
        return requireFile(jar, "the " + app + " jar; build it first: mvn -pl test-apps/" + app + " -am package");
    }

    /**
     * Another vendor's agent jar, pinned in test-apps/pom.xml and copied by the build to
     * {@code -Dother-agents.dir}: {@code opentelemetry-javaagent.jar} or {@code elastic-apm-agent.jar}.
     */
    public static Path otherAgent(String jarName) {
        Path jar = Path.of(System.getProperty("other-agents.dir", "target/other-agents")).resolve(jarName);
        return requireFile(jar, jarName + "; the build copies it: mvn -pl test-apps/integration-tests pre-integration-test");
    }

    /** The directory holding the test app modules. */
    public static Path appsDir() {
        return Path.of(System.getProperty("apps.dir", "..")).toAbsolutePath().normalize();
    }

    private static Path requireFile(Path file, String what) {
        Path absolute = file.toAbsolutePath().normalize();
        if (!Files.isRegularFile(absolute)) {
            throw new AssertionError("Missing " + what + " (looked for " + absolute + ")");
        }
        return absolute;
    }
}
