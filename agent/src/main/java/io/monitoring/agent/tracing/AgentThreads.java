package io.monitoring.agent.tracing;

import io.monitoring.agent.bootstrap.CallDepth;

/**
 * Threads the agent owns for its own traffic. They hold an HTTP client call depth for good, so the HTTP
 * client instrumentation sees every call they make as nested and neither measures it nor sends trace
 * headers: exporting spans never produces metrics or spans of its own.
 */
final class AgentThreads {
  private AgentThreads() {}

  static void neverMeasureHttpCalls() {
    CallDepth.enter(CallDepth.HTTP_CLIENT);
  }
}
