package io.monitoring.agent.instrumentation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The enabled libraries' weaving rules, each library's installed (its installer classes loaded and run) when the
 * first class it declares reaches the weaver, or the first class of all for a library recognised by a family of
 * implementations. An application loads the installers of the libraries it has: 12 of 42 for the Spring Boot test
 * app; a hello world the two whose names premain reads (with-span's family, the OpenTelemetry API's types). The rules of a class come in the order of {@link InstrumentedLibraries#ALL},
 * as when every library was installed up front, so nesting is unchanged.
 */
final class RulesOnDemand {
  private final List<InstrumentedLibrary> libraries;
  private final Map<String, Set<String>> methods;
  /** Type name to the positions in {@link #libraries} of the libraries declaring it, ascending. */
  private final Map<String, List<Integer>> declaredBy = new HashMap<>();
  private final List<WeavingRules.Rule>[] installed;
  private final List<WeavingRules.Rule> fixed;

  @SuppressWarnings("unchecked")
  RulesOnDemand(List<InstrumentedLibrary> libraries, Map<String, Set<String>> methods) {
    this.libraries = libraries;
    this.methods = methods;
    this.installed = new List[libraries.size()];
    this.fixed = null;
    for (int i = 0; i < libraries.size(); i++) {
      InstrumentedLibrary library = libraries.get(i);
      Iterable<String> types = library.name.equals(InstrumentedLibraries.CONFIGURED_METHODS)
          ? methods.keySet() : Arrays.asList(library.typeNames);
      for (String type : types) {
        List<Integer> positions = declaredBy.get(type);
        if (positions == null) {
          declaredBy.put(type, positions = new ArrayList<>(1));
        }
        if (!positions.contains(i)) {
          positions.add(i);
        }
      }
    }
  }

  /** The same rules for every class: the warm-up's and the tests'. */
  @SuppressWarnings("unchecked")
  RulesOnDemand(WeavingRules rules) {
    this.libraries = Collections.emptyList();
    this.methods = Collections.emptyMap();
    this.installed = new List[0];
    this.fixed = rules.rules();
  }

  /** Every rule that may apply to the class named {@code typeName}, in installation order. */
  List<WeavingRules.Rule> of(String typeName) {
    if (fixed != null) {
      return fixed;
    }
    List<Integer> declaring = declaredBy.getOrDefault(typeName, Collections.emptyList());
    List<WeavingRules.Rule> rules = new ArrayList<>();
    for (int i = 0; i < libraries.size(); i++) {
      if (libraries.get(i).family != null || declaring.contains(i)) {
        rules.addAll(installed(i));
      }
    }
    return rules;
  }

  private synchronized List<WeavingRules.Rule> installed(int library) {
    if (installed[library] == null) {
      installed[library] = Instrumentations.install(libraries.get(library), new WeavingRules(), methods).rules();
    }
    return installed[library];
  }
}
