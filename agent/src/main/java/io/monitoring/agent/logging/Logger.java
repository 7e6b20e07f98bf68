package io.monitoring.agent.logging;

import io.monitoring.agent.AgentLog;

/**
 * What {@code java.util.logging.Logger} is inside the agent's jar: the build relocates every reference the
 * OpenTelemetry SDK, its exporter, the Prometheus server and protobuf make to it here (agent/pom.xml). Their
 * static loggers would otherwise initialise {@code java.util.logging} from the agent's start-up thread, before
 * the application's {@code main} could choose its log manager: an application that installs the JBoss
 * LogManager (WildFly, JBoss EAP, Quarkus in JVM mode) then found the JDK's in its place. Their messages go
 * to the agent's own log at debug level; the agent reports what matters (export failures) itself.
 * Only the members those libraries call exist; {@code AgentJarTest} checks that nothing else is referenced.
 */
public final class Logger {
  private final String name;

  private Logger(String name) {
    this.name = name;
  }

  public static Logger getLogger(String name) {
    return new Logger(name);
  }

  /** SEVERE, WARNING and INFO, at the agent's debug level; the libraries' FINE tracing never. */
  public boolean isLoggable(Level level) {
    return (level == Level.SEVERE || level == Level.WARNING || level == Level.INFO) && AgentLog.isDebug();
  }

  public void log(Level level, String message) {
    log(level, message, (Throwable) null);
  }

  public void log(Level level, String message, Object[] parameters) {
    if (isLoggable(level)) {
      log(level, message + (parameters == null ? "" : " " + java.util.Arrays.toString(parameters)), (Throwable) null);
    }
  }

  public void log(Level level, String message, Throwable thrown) {
    if (isLoggable(level)) {
      AgentLog.debug(name + " " + level + ": " + message + (thrown == null ? "" : " (" + thrown + ")"));
    }
  }

  public void severe(String message) {
    log(Level.SEVERE, message);
  }

  public void warning(String message) {
    log(Level.WARNING, message);
  }

  public void info(String message) {
    log(Level.INFO, message);
  }

  public void fine(String message) {
    log(Level.FINE, message);
  }

  /** Levels are the agent's ({@code monitoring.log.level}), not each library's. */
  public void setLevel(Level level) {
  }
}
