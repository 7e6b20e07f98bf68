package io.monitoring.it.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class ChildJvmTest {

    /** The child program: prints what it was given, then does what its first argument says. */
    public static final class Echo {

        public static void main(String[] args) throws Exception {
            System.out.println("args=" + Arrays.toString(args));
            System.out.println("prop=" + System.getProperty("echo.prop"));
            System.out.println("env=" + System.getenv("ECHO_ENV"));
            System.out.println("jvmArgs=" + ManagementFactory.getRuntimeMXBean().getInputArguments());
            System.out.println("feature=" + Runtime.version().feature());
            System.err.println("to-stderr");
            String mode = args.length > 0 ? args[0] : "sleep";
            if (mode.startsWith("exit:")) {
                System.out.println("exiting");
                System.exit(Integer.parseInt(mode.substring(5)));
            }
            if (mode.equals("ignore-sigterm")) {
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        Thread.sleep(60_000);
                    } catch (InterruptedException e) {
                        // killed
                    }
                }));
            }
            System.out.println("ready");
            Thread.sleep(120_000);
        }
    }

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    static List<Jdks.Jdk> jdks() {
        return Jdks.forIntegrationTests();
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void runsAMainClassOnEachJdkAndCapturesItsOutput(Jdks.Jdk jdk) {
        try (ChildJvm child = echo("echo-" + jdk.name()).jdk(jdk)
                .systemProperty("echo.prop", "p=1")
                .env("ECHO_ENV", "from-env")
                .args("sleep", "second arg")
                .start()) {
            assertEquals("ready", child.awaitLine("ready", TIMEOUT));
            child.awaitLine("to-stderr", TIMEOUT);

            assertTrue(child.stdout().contains("args=[sleep, second arg]\n"), child.stdout());
            assertTrue(child.stdout().contains("prop=p=1\n"), child.stdout());
            assertTrue(child.stdout().contains("env=from-env\n"), child.stdout());
            assertTrue(child.stdout().contains("feature=" + jdk.featureVersion() + "\n"), child.stdout());
            assertTrue(child.stdout().contains("jvmArgs=[-Xmx256m, -XX:+UseSerialGC, -XX:TieredStopAtLevel=1, "
                    + "-Decho.prop=p=1]"), child.stdout());
            assertEquals("to-stderr\n", child.stderr());
            assertFalse(child.stdout().contains("to-stderr"));
            assertTrue(child.output().contains("to-stderr\n") && child.output().contains("ready\n"));
            assertTrue(child.isAlive());
        }
    }

    @Test
    void closeStopsTheProcess() {
        ChildJvm child = echo("echo-close").start();
        child.awaitLine("ready", TIMEOUT);

        child.close();

        assertFalse(child.isAlive());
        child.close(); // idempotent
    }

    @Test
    void closeKillsAProcessThatIgnoresSigterm() {
        ChildJvm child = echo("echo-stubborn").args("ignore-sigterm").start();
        child.awaitLine("ready", TIMEOUT);
        long start = System.nanoTime();

        child.close();

        long seconds = Duration.ofNanos(System.nanoTime() - start).toSeconds();
        assertFalse(child.isAlive());
        assertTrue(seconds >= 9 && seconds < 30, "took " + seconds + " s");
    }

    @Test
    void awaitExitReturnsTheExitCodeWithAllOutputRead() {
        try (ChildJvm child = echo("echo-exit").args("exit:3").start()) {
            assertEquals(3, child.awaitExit(TIMEOUT));
            assertTrue(child.stdout().endsWith("exiting\n"), child.stdout());
            assertEquals("to-stderr\n", child.stderr());
        }
    }

    @Test
    void awaitLineFailsFastWhenTheProcessDies() {
        try (ChildJvm child = echo("echo-dies").args("exit:7").start()) {
            long start = System.nanoTime();

            AssertionError e = assertThrows(AssertionError.class, () -> child.awaitLine("never printed", TIMEOUT));

            assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 20);
            assertTrue(e.getMessage().startsWith("echo-dies exited with code 7 before printing a line containing "
                    + "\"never printed\""), e.getMessage());
            assertTrue(e.getMessage().contains("exiting\n"), e.getMessage());
        }
    }

    @Test
    void awaitLineFailsWithTheOutputOnTimeout() {
        try (ChildJvm child = echo("echo-timeout").start()) {
            child.awaitLine("ready", TIMEOUT);

            AssertionError e = assertThrows(AssertionError.class,
                    () -> child.awaitLine("never printed", Duration.ofMillis(300)));

            assertTrue(e.getMessage().startsWith("echo-timeout printed no line containing \"never printed\" within "
                    + "300 ms"), e.getMessage());
            assertTrue(e.getMessage().contains("ready\n"), e.getMessage());
            assertTrue(e.getMessage().contains("--- command ---\n" + Jdks.current().java()), e.getMessage());
        }
    }

    @Test
    void buildsTheCommandLine() {
        Path agent = Path.of("/opt/agent.jar");
        Path app = Path.of("/opt/app.jar");

        assertEquals(List.of(Jdks.current().java().toString(), "-Xmx256m", "-XX:+UseSerialGC",
                        "-XX:TieredStopAtLevel=1", "-Dverbose", "-javaagent:/opt/agent.jar=a=1,b=2", "-Dk=v",
                        "-jar", "/opt/app.jar", "--port=1"),
                ChildJvm.builder("x").agent(agent).agentArgs("a=1,b=2").jvmFlags("-Dverbose")
                        .systemProperty("k", "v").jar(app).args("--port=1").command());
        assertEquals(List.of(Jdks.current().java().toString(), "-Xmx256m", "-XX:+UseSerialGC",
                        "-XX:TieredStopAtLevel=1", "-javaagent:/opt/agent.jar", "-jar", "/opt/app.jar"),
                ChildJvm.builder("x").agent(agent).jar(app).command());
        assertEquals(List.of(Jdks.current().java().toString(), "-Xmx256m", "-XX:+UseSerialGC",
                        "-XX:TieredStopAtLevel=1", "-cp", "/a.jar:/b", "com.example.Main"),
                ChildJvm.builder("x").agent(null).mainClass(List.of(Path.of("/a.jar"), Path.of("/b")),
                        "com.example.Main").command());
        assertThrows(IllegalStateException.class, () -> ChildJvm.builder("x").command());
    }

    @Test
    void testFlagsReplaceTheMatchingDefaults() {
        Path app = Path.of("/opt/app.jar");

        assertEquals(List.of(Jdks.current().java().toString(), "-XX:TieredStopAtLevel=1", "-Xmx1g",
                        "-XX:+UseG1GC", "-jar", "/opt/app.jar"),
                ChildJvm.builder("x").jvmFlags("-Xmx1g", "-XX:+UseG1GC").jar(app).command());
        assertEquals(List.of(Jdks.current().java().toString(), "-Xmx256m", "-XX:+UseSerialGC",
                        "-XX:-TieredCompilation", "-jar", "/opt/app.jar"),
                ChildJvm.builder("x").jvmFlags("-XX:-TieredCompilation").jar(app).command());
        assertEquals(List.of(Jdks.current().java().toString(), "-Xms64m", "-jar", "/opt/app.jar"),
                ChildJvm.builder("x").defaultJvmFlags().jvmFlags("-Xms64m").jar(app).command());
        assertEquals(Map.of("-Xmx", "-Xmx", "gc", "gc", "tiered", "tiered", "-XX:MaxMetaspaceSize", "-XX:MaxMetaspaceSize"),
                Map.of(ChildJvm.Builder.optionKey("-Xmx2g"), "-Xmx", ChildJvm.Builder.optionKey("-XX:+UseZGC"), "gc",
                        ChildJvm.Builder.optionKey("-XX:TieredStopAtLevel=4"), "tiered",
                        ChildJvm.Builder.optionKey("-XX:MaxMetaspaceSize=64m"), "-XX:MaxMetaspaceSize"));
    }

    @Test
    void freePortIsBindable() throws Exception {
        int port = ChildJvm.freePort();

        assertTrue(port > 0);
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
            assertEquals(port, socket.getLocalPort());
        }
    }

    private static ChildJvm.Builder echo(String name) {
        return ChildJvm.builder(name).mainClass(List.of(testClasses()), Echo.class.getName());
    }

    private static Path testClasses() {
        try {
            return Path.of(ChildJvmTest.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new AssertionError(e);
        }
    }
}
