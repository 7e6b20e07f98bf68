package io.monitoring.agent.instrumentation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.monitoring.agent.config.AgentConfig;
import io.monitoring.agent.config.AgentSettings;
import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.ClassFileTransformer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * The one list of instrumentations is what everything else is made from: what premain lets through to the
 * weaver, what the transformer weaves, what a key switches off, and the README's table.
 */
class InstrumentedLibrariesTest {
  private static final Predicate<String> ALL_ON = new AgentSettings(AgentConfig.load(""))::enabled;

  @Test
  void everyDeclaredTypePassesPremainsPrefilter() throws Exception {
    for (InstrumentedLibrary library : InstrumentedLibraries.ALL) {
      for (String type : library.typeNames) {
        assertTrue(reachesTheWeaver(type.replace('.', '/'), new byte[0]), library.name + ": " + type);
      }
    }
    // a JDBC driver's statement is let through by what its class file names, not by its name
    assertTrue(reachesTheWeaver("org/h2/jdbc/JdbcStatement", classFile(org.h2.jdbc.JdbcStatement.class)));
    assertFalse(reachesTheWeaver("com/example/Unrelated", classFile(InstrumentedLibrariesTest.class)));
  }

  @Test
  void switchingOneOffRemovesExactlyItsTypes() {
    Set<String> all = Instrumentations.typeNames(ALL_ON);
    for (InstrumentedLibrary library : InstrumentedLibraries.ALL) {
      Set<String> without = Instrumentations.typeNames(new AgentSettings(
          AgentConfig.load("instrumentation." + library.name + ".enabled=false"))::enabled);
      Set<String> removed = new HashSet<>(all);
      removed.removeAll(without);
      assertEquals(Set.of(library.typeNames), removed, library.name);
      int families = Instrumentations.implementations(new AgentSettings(
          AgentConfig.load("instrumentation." + library.name + ".enabled=false"))::enabled).size();
      assertEquals(Instrumentations.implementations(ALL_ON).size() - (library.family == null ? 0 : 1), families, library.name);
    }
  }

  @Test
  void namesAreUniqueKeyFriendlyAndEveryLibraryThatWeavesDeclaresWhat() {
    Set<String> names = new HashSet<>(InstrumentedLibraries.names());
    assertEquals(InstrumentedLibraries.ALL.size(), names.size());
    for (InstrumentedLibrary library : InstrumentedLibraries.ALL) {
      assertTrue(library.name.matches("[a-z0-9-]+"), library.name);
      assertTrue(library.typeNames.length > 0 || library.family != null || library.installers.length == 0, library.name);
    }
  }

  @Test
  void everyInstallerNamedIsAClassWithInstall() throws Exception {
    for (InstrumentedLibrary library : InstrumentedLibraries.ALL) {
      for (String installer : library.installers) {
        assertNotNull(Instrumentations.installerClass(installer).getMethod("install", WeavingRules.class, Weaving.class),
            installer);
      }
    }
  }

  @Test
  void theTransformerWeavesOnlyDeclaredTypes() {
    assertNotNull(Instrumentations.transformer(ALL_ON, false));
    Weaving weaving = new Weaving(InstrumentedLibraries.ALL.get(0),
        new AdviceSet(InstrumentedLibraries.ALL.get(0).name,
            Instrumentations.installerClass(InstrumentedLibraries.ALL.get(0).installers[0])));
    IllegalStateException undeclared = assertThrows(IllegalStateException.class, () -> weaving.types("com.example.Client"));
    assertEquals("servlet weaves com.example.Client without declaring it", undeclared.getMessage());
    assertThrows(IllegalStateException.class, () -> weaving.implementing("java.sql.Statement"));
  }

  @Test
  void everyAdviceNamedIsInTheJarWithItsAnnotations() {
    int named = 0;
    for (WeavingRules.Rule rule : Instrumentations.rules(ALL_ON, Map.of("com.example.Service", Set.of("call"))).rules()) {
      for (AdviceSet.Entry entry : rule.advice.entries()) {
        assertTrue(entry.enter() != null || entry.exit() != null);
        named++;
      }
    }
    assertTrue(named > 100, "advice named: " + named);
  }

  @Test
  void theReadmeListsEveryInstrumentation() throws IOException {
    String readme = Files.readString(Path.of("../README.md"), StandardCharsets.UTF_8);
    assertTrue(readme.contains(InstrumentedLibraries.markdownTable()),
        "README.md's instrumentation table differs from InstrumentedLibraries.markdownTable():\n"
            + InstrumentedLibraries.markdownTable());
  }

  private static boolean reachesTheWeaver(String internalName, byte[] classFile) throws Exception {
    PrefilterTransformer prefilter = new PrefilterTransformer(Instrumentations.typeNames(ALL_ON),
        Instrumentations.implementations(ALL_ON));
    List<String> delegated = new ArrayList<>();
    prefilter.ready(new ClassFileTransformer() {
      @Override
      public byte[] transform(Module module, ClassLoader loader, String className, Class<?> classBeingRedefined,
          ProtectionDomain protectionDomain, byte[] classfileBuffer) {
        delegated.add(className);
        return null;
      }
    });
    prefilter.transform(null, new ClassLoader() {}, internalName, null, null, classFile);
    return delegated.contains(internalName);
  }

  private static byte[] classFile(Class<?> type) throws IOException {
    try (InputStream in = type.getResourceAsStream(type.getSimpleName() + ".class")) {
      return in.readAllBytes();
    }
  }
}
