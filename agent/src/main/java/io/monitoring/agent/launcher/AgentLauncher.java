package io.monitoring.agent.launcher;

import java.io.File;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.Method;
import java.util.jar.JarFile;

/**
 * The only agent class the application's class loader ever sees. It defines the bootstrap
 * classes in the boot loader, opens the agent's own class loader over the jar's hidden
 * {@code inst/} folder, and hands over to {@code io.monitoring.agent.AgentMain} inside it.
 * Nothing here may throw into the JVM: a failing agent prints one line and the application runs.
 */
public final class AgentLauncher {
  /**
   * Set by the copy of the agent that runs, to its version and jar. A later copy (the same jar given twice through
   * JAVA_TOOL_OPTIONS and -javaagent, another version, a dynamic attach) finds it and stands down: two copies
   * would share the boot loader's hooks, and the second would take them over from the first. Not a
   * {@code monitoring.*} name: the configuration reads those as settings.
   */
  static final String ACTIVE_COPY = "io.monitoring.agent.active";

  /**
   * The JVM loads a Premain-Class once, from the first jar that names it: a second -javaagent of any version of
   * this agent runs this class again, not its own, so the how-many-th call this is tells which argument it is.
   */
  private static final java.util.concurrent.atomic.AtomicInteger PREMAIN_CALLS = new java.util.concurrent.atomic.AtomicInteger();

  public static void premain(String args, Instrumentation inst) {
    PREMAIN_CALLS.incrementAndGet();
    launch(args, inst, false);
  }

  public static void agentmain(String args, Instrumentation inst) {
    launch(args, inst, true);
  }

  private static void launch(String args, Instrumentation inst, boolean attached) {
    long startNanos = System.nanoTime();
    try {
      File agentJar = new File(AgentLauncher.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      JarFile jar = new JarFile(agentJar, false);
      String thisCopy = describe(jar, agentJar);
      String activeCopy = claim(thisCopy);
      if (activeCopy != null) {
        jar.close();
        String ignoredCopy = attached ? "attached at run time" : givenAgain(PREMAIN_CALLS.get()) + ", given again as a -javaagent";
        System.err.println("[monitoring-agent] WARN the agent is already running in this JVM (" + activeCopy + "); this copy ("
            + ignoredCopy + ") is ignored: it weaves nothing, starts no thread and opens no port");
        return;
      }
      String bootstrapMode = BootstrapInjector.inject(inst, jar, agentJar);
      AgentClassLoader loader = new AgentClassLoader(agentJar, jar);
      Class<?> main = loader.loadClass("io.monitoring.agent.AgentMain");
      Method start = main.getMethod("start", String.class, Instrumentation.class, boolean.class, long.class, String.class);
      start.invoke(null, args, inst, attached, startNanos, bootstrapMode);
    } catch (Throwable t) {
      Throwable cause = t instanceof java.lang.reflect.InvocationTargetException ? t.getCause() : t;
      System.err.println("[monitoring-agent] ERROR the agent could not start, the application runs without it: " + cause);
    }
  }

  /**
   * The {@code call}-th -javaagent of this agent among the JVM's arguments (JAVA_TOOL_OPTIONS first, as the JVM
   * starts them), described like the running copy; read only on this rare path, as java.management costs start-up.
   */
  private static String givenAgain(int call) {
    int seen = 0;
    for (String argument : java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (!argument.startsWith("-javaagent:")) {
        continue;
      }
      String path = argument.substring("-javaagent:".length());
      int options = path.indexOf('=');
      File candidate = new File(options < 0 ? path : path.substring(0, options));
      try (JarFile jar = new JarFile(candidate, false)) {
        if (jar.getEntry(AgentLauncher.class.getName().replace('.', '/') + ".class") != null && ++seen == call) {
          return describe(jar, candidate);
        }
      } catch (java.io.IOException | RuntimeException notAJar) {
        // another agent, or a path the JVM will have refused already
      }
    }
    return "a copy whose jar the JVM does not name";
  }

  /** {@code version <v> from <jar path>}. */
  private static String describe(JarFile jar, File agentJar) throws java.io.IOException {
    java.util.jar.Manifest manifest = jar.getManifest();
    String version = manifest == null ? null : manifest.getMainAttributes().getValue("Implementation-Version");
    return "version " + (version == null ? "unknown" : version) + " from " + agentJar.getPath();
  }

  /**
   * Marks this copy as the one that runs and returns null, or returns the copy that already runs. A copy of a
   * version from before the mark is recognised by the hooks it defined in the boot loader.
   */
  private static String claim(String thisCopy) {
    Object active = System.getProperties().putIfAbsent(ACTIVE_COPY, thisCopy);
    if (active != null) {
      return active.toString();
    }
    if (BootstrapInjector.hooksDefinedByAnotherCopy()) {
      System.getProperties().put(ACTIVE_COPY, "an earlier version that does not say which");
      return "an earlier version that does not say which";
    }
    return null;
  }
}
