package io.monitoring.agent.bootstrap;

/**
 * An outgoing call as its advice sees it: the trace headers to send with the request, and, for a request
 * type that cannot be changed (the JDK's {@code HttpRequest}), the copy to send instead.
 */
public class OutgoingCall {
  private static final String[] NONE = new String[0];

  /** Name, value, name, value: {@code traceparent} and, when there is one, {@code tracestate}; empty when untraced. */
  public final String[] traceHeaders;

  /** The request to send instead of the application's, or the application's own. */
  public Object request;

  protected OutgoingCall(String[] traceHeaders) {
    this.traceHeaders = traceHeaders == null ? NONE : traceHeaders;
  }
}
