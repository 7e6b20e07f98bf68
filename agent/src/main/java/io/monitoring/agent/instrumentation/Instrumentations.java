package io.monitoring.agent.instrumentation;

import io.monitoring.agent.bootstrap.AgentErrors;
import io.monitoring.agent.instrumentation.methods.ConfiguredMethodsInstrumentation;
import java.lang.instrument.ClassFileTransformer;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/** The class-file transformer: which types get which advice, and how cheaply they are matched. */
public final class Instrumentations {
  private Instrumentations() {}

  /** The exact names of every type the enabled instrumentations transform; loads no weaving class. */
  public static Set<String> typeNames(Predicate<String> enabled) {
    return typeNames(enabled, Map.of());
  }

  /** {@code methods}: the application's classes and methods named in {@code monitoring.methods}. */
  public static Set<String> typeNames(Predicate<String> enabled, Map<String, Set<String>> methods) {
    Set<String> names = new HashSet<>();
    for (InstrumentedLibrary library : enabled(enabled)) {
      Collections.addAll(names, library.typeNames);
    }
    if (enabled.test(InstrumentedLibraries.CONFIGURED_METHODS)) {
      names.addAll(methods.keySet());
    }
    return names;
  }

  /** Families recognised by what their classes contain rather than by name; read in premain like {@link #typeNames}. */
  public static List<PrefilterTransformer.Implementations> implementations(Predicate<String> enabled) {
    List<PrefilterTransformer.Implementations> families = new ArrayList<>();
    for (InstrumentedLibrary library : enabled(enabled)) {
      if (library.family != null) {
        families.add(library.family);
      }
    }
    return families;
  }

  /** {@code enabled}: whether the instrumentation of that name is on (the configuration's answer). */
  static List<InstrumentedLibrary> enabled(Predicate<String> enabled) {
    List<InstrumentedLibrary> libraries = new ArrayList<>();
    for (InstrumentedLibrary library : InstrumentedLibraries.ALL) {
      if (enabled.test(library.name)) {
        libraries.add(library);
      }
    }
    return libraries;
  }

  /**
   * The weaving transformer for those types. Not installed itself: {@link PrefilterTransformer} filters
   * by name and delegates. On attach, classes already loaded are retransformed through it.
   */
  public static ClassFileTransformer transformer(Predicate<String> enabled, boolean attached) {
    return transformer(enabled, attached, Map.of());
  }

  /** {@code methods}: the application's classes and methods named in {@code monitoring.methods}. */
  public static ClassFileTransformer transformer(Predicate<String> enabled, boolean attached,
      Map<String, Set<String>> methods) {
    // on attach, or when another agent loaded targets first, the init thread retransforms them through this
    ClassFileTransformer transformer = new AdviceTransformer(new RulesOnDemand(enabled(enabled), methods), attached);
    WarmUp.run();
    return transformer;
  }

  /** What the enabled instrumentations install, all at once (the transformer installs each library on demand). */
  static WeavingRules rules(Predicate<String> enabled, Map<String, Set<String>> methods) {
    WeavingRules rules = new WeavingRules();
    for (InstrumentedLibrary library : enabled(enabled)) {
      rules = install(library, rules, methods);
    }
    return rules;
  }

  /** {@code library}'s rules added to {@code rules}: its installer classes loaded and run. */
  static WeavingRules install(InstrumentedLibrary library, WeavingRules rules, Map<String, Set<String>> methods) {
    for (String installer : library.installers) {
      Class<?> installerClass = installerClass(installer);
      rules = install(installerClass, rules, new Weaving(library, new AdviceSet(library.name, installerClass)));
    }
    if (library.name.equals(InstrumentedLibraries.CONFIGURED_METHODS) && !methods.isEmpty()) {
      // the one library whose types come from the configuration: declared here, for this transformer
      Weaving configured = new Weaving(library.withTypes(methods.keySet().toArray(new String[0])), new AdviceSet(library.name,
          ConfiguredMethodsInstrumentation.class));
      rules = ConfiguredMethodsInstrumentation.install(rules, configured, methods);
    }
    return rules;
  }

  /**
   * Advice woven into the JDK's own named modules calls the bootstrap hooks, which live in the boot
   * loader's unnamed module; a named module reads an unnamed one only when told to.
   */
  public static void letJdkModulesReadHooks(java.lang.instrument.Instrumentation inst, Predicate<String> enabled) {
    Module hooks = AgentErrors.class.getModule();
    for (InstrumentedLibrary library : enabled(enabled)) {
      for (String name : library.jdkModules) {
        ModuleLayer.boot().findModule(name).ifPresent(module -> inst.redefineModule(module, Set.of(hooks), Map.of(),
            Map.of(), Set.of(), Map.of()));
      }
    }
  }

  /** {@code servlet.JavaxServletInstrumentation}: a class of a package below this one. */
  static Class<?> installerClass(String relativeName) {
    try {
      return Class.forName(Instrumentations.class.getPackage().getName() + "." + relativeName, true,
          Instrumentations.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException("no installer " + relativeName, e);
    }
  }

  private static WeavingRules install(Class<?> installer, WeavingRules rules, Weaving weaving) {
    try {
      return (WeavingRules) installer.getMethod("install", WeavingRules.class, Weaving.class).invoke(null, rules, weaving);
    } catch (InvocationTargetException e) {
      throw e.getCause() instanceof RuntimeException ? (RuntimeException) e.getCause() : new IllegalStateException(e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(installer.getName() + " has no install(WeavingRules, Weaving)", e);
    }
  }
}
