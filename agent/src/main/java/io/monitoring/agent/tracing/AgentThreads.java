package io.monitoring.agent.tracing;

import io.monitoring.agent.bootstrap.CallDepth;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Threads the agent owns for its own traffic. They hold an HTTP client call depth for good, so the HTTP
 * client instrumentation sees every call they make as nested and neither measures it nor sends trace
 * headers: exporting spans never produces metrics or spans of its own.
 */
final class AgentThreads {
  private static final AtomicInteger SENDERS = new AtomicInteger();

  private AgentThreads() {}

  static void neverMeasureHttpCalls() {
    CallDepth.enter(CallDepth.HTTP_CLIENT);
  }

  /** The OTLP exporter's sending threads (it calls the JDK HttpClient from them). */
  static ExecutorService senderExecutor() {
    return Executors.newCachedThreadPool(task -> {
      Thread t = new Thread(() -> {
        neverMeasureHttpCalls();
        task.run();
      }, "monitoring-agent-otlp-sender-" + SENDERS.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }
}
