package io.monitoring.agent.instrumentation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.monitoring.agent.config.AgentConfig;
import io.monitoring.agent.config.AgentSettings;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * A library's rules are installed when a class it declares reaches the weaver, and a class gets exactly the rules it
 * got when every library was installed up front: those of the libraries declaring it and of the libraries
 * recognised by a family, in the order of {@link InstrumentedLibraries#ALL}.
 */
class RulesOnDemandTest {
  private static final Predicate<String> ALL_ON = new AgentSettings(AgentConfig.load(""))::enabled;
  private static final Map<String, Set<String>> METHODS = Map.of("com.example.Service", Set.of("call"));

  @Test
  void aClassGetsTheRulesOfTheLibrariesDeclaringItAndOfTheFamiliesInInstallationOrder() {
    RulesOnDemand onDemand = new RulesOnDemand(Instrumentations.enabled(ALL_ON), METHODS);
    List<WeavingRules.Rule> all = Instrumentations.rules(ALL_ON, METHODS).rules();
    for (String type : List.of("com.zaxxer.hikari.pool.HikariPool", "org.apache.catalina.core.ApplicationFilterChain",
        "com.example.Service", "com.example.NotDeclared")) {
      assertEquals(libraryOfEach(all, type), libraryOfEach(onDemand.of(type), ""), type);
    }
    assertEquals(Set.of("jdbc", "with-span"), Set.copyOf(libraryOfEach(onDemand.of("com.example.NotDeclared"), "")));
    assertEquals(List.of("jdbc", "hikaricp", "with-span"),
        List.copyOf(new LinkedHashSet<>(libraryOfEach(onDemand.of("com.zaxxer.hikari.pool.HikariPool"), ""))));
  }

  @Test
  void aLibraryIsInstalledOnce() {
    RulesOnDemand onDemand = new RulesOnDemand(Instrumentations.enabled(ALL_ON), METHODS);
    List<WeavingRules.Rule> first = onDemand.of("com.zaxxer.hikari.pool.HikariPool");
    List<WeavingRules.Rule> second = onDemand.of("com.zaxxer.hikari.pool.HikariPool");
    assertEquals(first.size(), second.size());
    for (int i = 0; i < first.size(); i++) {
      assertSame(first.get(i), second.get(i));
    }
  }

  /** The library of each rule, in order, of those that could apply to {@code type} (every rule when blank). */
  private static List<String> libraryOfEach(List<WeavingRules.Rule> rules, String type) {
    List<String> libraries = new ArrayList<>();
    for (WeavingRules.Rule rule : rules) {
      InstrumentedLibrary library = library(rule.advice.instrumentation);
      if (type.isEmpty() || library.family != null || library.declares(type)
          || (library.name.equals(InstrumentedLibraries.CONFIGURED_METHODS) && METHODS.containsKey(type))) {
        libraries.add(library.name);
      }
    }
    return libraries;
  }

  private static InstrumentedLibrary library(String name) {
    for (InstrumentedLibrary library : InstrumentedLibraries.ALL) {
      if (library.name.equals(name)) {
        return library;
      }
    }
    throw new AssertionError(name);
  }
}
