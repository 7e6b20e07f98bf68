package io.monitoring.agent.bootstrap;

/**
 * Where failures of the agent's own code end up: woven advice and the hooks swallow every
 * throwable (the application must never see one) and report it here, to be counted in
 * {@code monitoring_agent_errors_total{instrumentation}}.
 */
public final class AgentErrors {
  /** Receives swallowed failures; set by the agent once its metrics exist. */
  public interface Sink {
    void record(String instrumentation, Throwable error);
  }

  private static volatile Sink sink;

  private AgentErrors() {}

  public static void install(Sink newSink) {
    sink = newSink;
  }

  /** Called by the exception handler of woven advice: takes the throwable, then the name. */
  public static void record(Throwable error, String instrumentation) {
    Sink current = sink;
    if (current != null) {
      try {
        current.record(instrumentation, error);
      } catch (Throwable ignored) {
        // the error path of the error path: nothing sensible is left to do
      }
    }
  }
}
