package io.monitoring.agent;

/** The agent's own log: single lines on stderr, prefixed so they are easy to grep out of an app's log. */
public final class AgentLog {
  public enum Level { DEBUG, INFO, WARN, OFF }

  private static volatile Level threshold = Level.INFO;

  private AgentLog() {}

  public static void setLevel(Level level) {
    threshold = level;
  }

  public static boolean isDebug() {
    return threshold == Level.DEBUG;
  }

  public static void debug(String message) {
    log(Level.DEBUG, message);
  }

  public static void info(String message) {
    log(Level.INFO, message);
  }

  public static void warn(String message) {
    log(Level.WARN, message);
  }

  private static void log(Level level, String message) {
    if (level.compareTo(threshold) >= 0 && threshold != Level.OFF) {
      System.err.println("[monitoring-agent] " + level + " " + message);
    }
  }
}
