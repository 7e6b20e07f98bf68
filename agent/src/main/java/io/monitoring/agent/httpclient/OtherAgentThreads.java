package io.monitoring.agent.httpclient;

import io.monitoring.agent.bootstrap.CallDepth;
import io.monitoring.agent.bootstrap.OutgoingCall;

/**
 * Another agent's own traffic is not the application's. The Elastic APM agent calls its server and the
 * cloud metadata endpoints ({@code 169.254.169.254}, {@code metadata.google.internal}) through the JDK's
 * HttpURLConnection from its threads, all named {@code elastic-apm-*}: woven before this check, each of
 * those calls became an {@code external_api_duration_seconds} sample and a root CLIENT span. The
 * OpenTelemetry agent sends through a shaded OkHttp that is never woven, so it needs no entry here.
 */
final class OtherAgentThreads {
  private static final String[] NAME_PREFIXES = {"elastic-apm-"};

  private OtherAgentThreads() {}

  /**
   * True for a thread another agent owns. Such a thread then holds an HTTP client call depth for good, as
   * the agent's own export threads do, so its later calls are skipped by the advice before reaching here.
   */
  static boolean claimCurrent() {
    String name = Thread.currentThread().getName();
    for (String prefix : NAME_PREFIXES) {
      if (name.startsWith(prefix)) {
        CallDepth.enter(CallDepth.HTTP_CLIENT);
        return true;
      }
    }
    return false;
  }

  /** What start answers for such a call: no trace headers, the request unchanged, and nothing that end would find. */
  static OutgoingCall unmeasured(Object request) {
    OutgoingCall call = new OutgoingCall(null) {};
    call.request = request;
    return call;
  }
}
