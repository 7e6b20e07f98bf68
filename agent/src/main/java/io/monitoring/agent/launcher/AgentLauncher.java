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
  private AgentLauncher() {}

  public static void premain(String args, Instrumentation inst) {
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
}
