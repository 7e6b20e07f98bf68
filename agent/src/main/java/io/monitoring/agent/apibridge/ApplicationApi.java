package io.monitoring.agent.apibridge;

/** The bridge as the agent reaches it inside an application's class loader. */
public interface ApplicationApi {
  /** The application's {@code OpenTelemetry} backed by the agent's SDK. */
  Object global();

  /** The application's {@code ContextStorage} backed by the agent's context. */
  Object contextStorage();

  /** True for an {@code OpenTelemetry} with a tracer provider of its own (an SDK), false for the API's no-op. */
  boolean isOwnSdk(Object global);
}
