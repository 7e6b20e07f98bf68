package io.monitoring.agent.instrumentation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * One instrumented library, declared once: the name of its {@code monitoring.instrumentation.<name>.enabled}
 * key and of its {@code monitoring_agent_errors_total{instrumentation}} label, the exact types it weaves (or the
 * constant-pool family of an interface any library may implement), the classes whose {@code install} weaves
 * them, the JDK modules that must read the hooks (advice woven into the JDK's own classes), and its nesting
 * kind (the {@link io.monitoring.agent.bootstrap.CallDepth} group whose outermost call is the one measured).
 * Holds names only: premain reads it without loading the weaver (ASM) or any instrumentation.
 */
public final class InstrumentedLibrary {
  /** No nesting kind: the library's calls never nest (pool life cycle, a flag read by another instrumentation). */
  public static final int NOT_NESTED = -1;

  final String name;
  final String summary;
  String[] typeNames = new String[0];
  PrefilterTransformer.Implementations family;
  /** Relative to this package ({@code servlet.JavaxServletInstrumentation}); loaded by the weaver, not premain. */
  String[] installers = new String[0];
  String[] jdkModules = new String[0];
  int nesting = NOT_NESTED;

  private InstrumentedLibrary(String name, String summary) {
    this.name = name;
    this.summary = summary;
  }

  static InstrumentedLibrary library(String name, String summary) {
    return new InstrumentedLibrary(name, summary);
  }

  /**
   * The exact names of the types it weaves; premain's prefilter hands only these to the weaver. Each argument is
   * an installer's {@code TYPES}, comma-separated: a constant javac copies here, so no installer is loaded.
   */
  InstrumentedLibrary types(String... commaSeparated) {
    this.typeNames = split(commaSeparated);
    return this;
  }

  /** The type names in installers' comma-separated {@code TYPES} constants. */
  static String[] split(String... commaSeparated) {
    List<String> names = new ArrayList<>();
    for (String list : commaSeparated) {
      Collections.addAll(names, list.split(","));
    }
    return names.toArray(new String[0]);
  }

  /** Implementations of an interface no list of names can cover, recognised by their constant pool. */
  InstrumentedLibrary family(PrefilterTransformer.Implementations implementations) {
    this.family = implementations;
    return this;
  }

  /**
   * Classes with {@code public static WeavingRules install(WeavingRules, Weaving)}, named so premain loads none of
   * them (~45 classes, ~18 ms of a hello world's main thread); {@code InstrumentedLibrariesTest} loads each.
   */
  InstrumentedLibrary installedBy(String... classes) {
    this.installers = classes;
    return this;
  }

  /** JDK modules whose classes the advice is woven into: they are made to read the hooks' module. */
  InstrumentedLibrary readsHooksFrom(String... modules) {
    this.jdkModules = modules;
    return this;
  }

  InstrumentedLibrary nesting(int callDepthKind) {
    this.nesting = callDepthKind;
    return this;
  }

  /** A copy that declares {@code names}: the configured methods' library, whose types only the configuration knows. */
  InstrumentedLibrary withTypes(String... names) {
    InstrumentedLibrary copy = new InstrumentedLibrary(name, summary);
    copy.typeNames = names;
    copy.installers = installers;
    copy.nesting = nesting;
    return copy;
  }

  public String name() {
    return name;
  }

  boolean declares(String typeName) {
    return Arrays.asList(typeNames).contains(typeName);
  }

  boolean declaresFamily(String interfaceName) {
    return family != null && Arrays.asList(family.interfaceNames).contains(interfaceName);
  }
}
