package io.monitoring.agent.launcher;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Makes the classes of {@code io.monitoring.agent.bootstrap} visible from every class loader by
 * defining them in the boot loader.
 *
 * <p>The obvious way, {@code appendToBootstrapClassLoaderSearch}, makes HotSpot switch off class-data
 * sharing for every class outside the boot loader ("Sharing is only supported for boot loader
 * classes because bootstrap classpath has been appended"), which costs start-up to everyone using
 * AppCDS or Spring's CDS training runs. So the classes are defined one by one through the JDK's
 * internal {@code JavaLangAccess.defineClass} with a null loader, reached by exporting
 * {@code jdk.internal.access} to this module with the supported {@code Instrumentation.redefineModule}.
 * Where that is not possible (an older or different JDK), it falls back to appending the jar.
 */
final class BootstrapInjector {
  private static final String PACKAGE_PATH = "io/monitoring/agent/bootstrap/";
  /** Written by the build (agent/pom.xml): the bootstrap classes' entry names, one a line. */
  static final String CLASS_INDEX = "META-INF/monitoring-agent/bootstrap-classes";

  private BootstrapInjector() {}

  /** Returns how the classes got there: {@code defined} or {@code appended}. */
  static String inject(Instrumentation inst, JarFile jar, File agentJar) throws IOException {
    Map<String, byte[]> classes = read(jar);
    try {
      defineInBootLoader(inst, classes);
      return "defined";
    } catch (Throwable notPossible) {
      if (alreadyInBootLoader(classes)) {
        return "defined";
      }
      inst.appendToBootstrapClassLoaderSearch(new JarFile(agentJar, false));
      return "appended (" + notPossible + ")";
    }
  }

  /** The classes the build lists in {@link #CLASS_INDEX}: ~30 lookups instead of enumerating ~5,000 entries (~10 ms). */
  private static Map<String, byte[]> read(JarFile jar) throws IOException {
    JarEntry index = jar.getJarEntry(CLASS_INDEX);
    if (index == null) {
      throw new IOException("no " + CLASS_INDEX + " in the agent jar");
    }
    String names;
    try (InputStream in = jar.getInputStream(index)) {
      names = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    Map<String, byte[]> classes = new LinkedHashMap<>();
    for (String line : names.split("\n")) { // one character: String.split's fast path, no regex in premain
      String name = line.trim();
      JarEntry entry = name.startsWith(PACKAGE_PATH) && name.endsWith(".class") ? jar.getJarEntry(name) : null;
      if (entry != null) {
        try (InputStream in = jar.getInputStream(entry)) {
          classes.put(name.substring(0, name.length() - 6).replace('/', '.'), in.readAllBytes());
        }
      }
    }
    if (classes.isEmpty()) {
      throw new IOException("no bootstrap classes in the agent jar");
    }
    return classes;
  }

  private static void defineInBootLoader(Instrumentation inst, Map<String, byte[]> classes) throws Exception {
    Module javaBase = Object.class.getModule();
    Module self = BootstrapInjector.class.getModule();
    inst.redefineModule(javaBase, Collections.emptySet(),
        Collections.singletonMap("jdk.internal.access", Collections.singleton(self)),
        Collections.emptyMap(), Collections.emptySet(), Collections.emptyMap());
    Class<?> secrets = Class.forName("jdk.internal.access.SharedSecrets");
    Object javaLangAccess = secrets.getMethod("getJavaLangAccess").invoke(null);
    Method define = Class.forName("jdk.internal.access.JavaLangAccess").getMethod("defineClass",
        ClassLoader.class, String.class, byte[].class, java.security.ProtectionDomain.class, String.class);

    // a class can only be defined once its superclass and interfaces are: retry until no progress
    List<String> pending = new ArrayList<>(classes.keySet());
    boolean retry = false;
    while (!pending.isEmpty()) {
      List<String> failed = new ArrayList<>();
      Throwable last = null;
      for (String name : pending) {
        // on the first pass none is there (claim() saw no other copy's hooks): no lookup, no exception thrown each
        if (retry && isInBootLoader(name)) {
          continue;
        }
        try {
          define.invoke(javaLangAccess, null, name, classes.get(name), null, "monitoring-agent");
        } catch (java.lang.reflect.InvocationTargetException e) {
          if (!(e.getCause() instanceof NoClassDefFoundError)) {
            throw e;
          }
          failed.add(name);
          last = e.getCause();
        }
      }
      if (failed.size() == pending.size()) {
        throw new IllegalStateException("cannot define bootstrap classes " + failed, last);
      }
      pending = failed;
      retry = true;
    }
  }

  /** Whether the boot loader already holds the hooks: an earlier copy of the agent defined them. */
  static boolean hooksDefinedByAnotherCopy() {
    return isInBootLoader(PACKAGE_PATH.replace('/', '.') + "AgentErrors");
  }

  private static boolean alreadyInBootLoader(Map<String, byte[]> classes) {
    for (String name : classes.keySet()) {
      if (!isInBootLoader(name)) {
        return false;
      }
    }
    return true;
  }

  private static boolean isInBootLoader(String name) {
    try {
      return Class.forName(name, false, null) != null;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }
}
