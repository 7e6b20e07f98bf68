package io.monitoring.it.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

class JdksTest {

    @TempDir
    Path root;

    @Test
    void currentIsTheRunningJvm() {
        Jdks.Jdk current = Jdks.current();

        assertEquals(Runtime.version().feature(), current.featureVersion());
        assertEquals("jdk" + Runtime.version().feature(), current.name());
        assertTrue(Files.isExecutable(current.java()), current.java().toString());
    }

    @Test
    void integrationTestJdksStartWithTheCurrentOne() {
        List<Jdks.Jdk> jdks = Jdks.forIntegrationTests();

        assertEquals(Jdks.current(), jdks.get(0));
        assertEquals(Jdks.jdk25().isPresent() && Jdks.current().featureVersion() != 25 ? 2 : 1, jdks.size());
        jdks.forEach(jdk -> assertTrue(Files.isExecutable(jdk.java()), jdk.java().toString()));
    }

    @Test
    void jdk25WhenPresentIsAJdk25() {
        Optional<Path> home = Jdks.jdk25();

        home.ifPresent(path -> assertEquals(OptionalInt.of(25), Jdks.featureVersion(path)));
        if (home.isPresent()) {
            assertEquals(home.get(), Jdks.requireJdk25OrSkip().home());
        }
    }

    @Test
    void missingJdk25SkipsLocallyAndFailsOnCi() {
        TestAbortedException skipped =
                assertThrows(TestAbortedException.class, () -> Jdks.requireJdk25OrSkip(Optional.empty(), false));
        AssertionFailedError failed =
                assertThrows(AssertionFailedError.class, () -> Jdks.requireJdk25OrSkip(Optional.empty(), true));

        assertTrue(skipped.getMessage().contains(
                "JDK 25 not found under /usr/lib/jvm or JDK25_HOME; skipping the JDK 25 run"), skipped.getMessage());
        assertTrue(failed.getMessage().contains("CI=true"), failed.getMessage());
        assertEquals(new Jdks.Jdk("jdk25", root, 25), Jdks.requireJdk25OrSkip(Optional.of(root), true));
    }

    @Test
    void integrationTestJdksWithoutJdk25() {
        Jdks.Jdk jdk17 = new Jdks.Jdk("jdk17", root, 17);

        assertEquals(List.of(jdk17), Jdks.forIntegrationTests(jdk17, Optional::empty, false));
        AssertionError e = assertThrows(AssertionError.class,
                () -> Jdks.forIntegrationTests(jdk17, Optional::empty, true));
        assertTrue(e.getMessage().contains("CI=true"), e.getMessage());
        assertEquals(List.of(jdk17, new Jdks.Jdk("jdk25", root, 25)),
                Jdks.forIntegrationTests(jdk17, () -> Optional.of(root), true));
    }

    @Test
    void parsesFeatureVersions() {
        assertEquals(25, Jdks.parseFeature("25.0.3"));
        assertEquals(25, Jdks.parseFeature("25"));
        assertEquals(25, Jdks.parseFeature("25-ea"));
        assertEquals(17, Jdks.parseFeature("17.0.15"));
        assertEquals(8, Jdks.parseFeature("1.8.0_412"));
        assertEquals(-1, Jdks.parseFeature("banana"));
    }

    @Test
    void readsTheReleaseFile() throws IOException {
        Path home = fakeJdk("some-jdk", "25.0.1");

        assertEquals(OptionalInt.of(25), Jdks.featureVersion(home));
        assertEquals(OptionalInt.empty(), Jdks.featureVersion(root.resolve("nothing-here")));
    }

    @Test
    void scansRootsForTheFirstMatchingJdkByName() throws IOException {
        fakeJdk("b-jdk-17", "17.0.2");
        Path expected = fakeJdk("c-temurin-25", "25.0.3");
        fakeJdk("d-openjdk-25", "25");
        Files.createDirectories(root.resolve("a-not-a-jdk"));
        Path noJava = root.resolve("a-release-only");
        Files.createDirectories(noJava);
        Files.writeString(noJava.resolve("release"), "JAVA_VERSION=\"25.0.3\"\n");

        assertEquals(Optional.of(expected), Jdks.findJdkHome(25, List.of(root.resolve("missing"), root)));
        assertEquals(Optional.empty(), Jdks.findJdkHome(21, List.of(root)));
        assertFalse(Jdks.isJdkHome(noJava, 25));
    }

    private Path fakeJdk(String name, String version) throws IOException {
        Path home = root.resolve(name);
        Path java = home.resolve("bin").resolve("java");
        Files.createDirectories(java.getParent());
        Files.writeString(java, "#!/bin/sh\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(home.resolve("release"),
                "IMPLEMENTOR=\"Test\"\nJAVA_RUNTIME_VERSION=\"x\"\nJAVA_VERSION=\"" + version + "\"\n");
        return home;
    }
}
