package io.monitoring.agent.launcher;

import java.io.File;
import java.util.Arrays;
import java.util.jar.JarFile;

/**
 * The jar's Main-Class, for {@code java -jar monitoring-agent.jar stack ...}. It only opens the agent's class
 * loader and hands over to {@code io.monitoring.agent.stack.StackCommand} inside it; the JVM never loads this
 * class (nor the generator) when the jar runs as an agent, which starts at {@link AgentLauncher}.
 */
public final class Main {
  private Main() {
  }

  public static void main(String[] args) throws Exception {
    if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
      System.out.println("Usage: java -jar monitoring-agent.jar stack [options]   writes a monitoring stack (stack --help)\n"
          + "As an agent: java -javaagent:monitoring-agent.jar -jar your-app.jar");
      System.exit(args.length == 0 ? 2 : 0);
    }
    if (!args[0].equals("stack")) {
      System.err.println("monitoring-agent: unknown command '" + args[0] + "'; the only command is stack (see --help)");
      System.exit(2);
    }
    File agentJar = new File(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    try (JarFile jar = new JarFile(agentJar, false)) {
      ClassLoader loader = new AgentClassLoader(agentJar, jar);
      Object code = loader.loadClass("io.monitoring.agent.stack.StackCommand").getMethod("run", String[].class)
          .invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
      System.exit((Integer) code);
    }
  }
}
