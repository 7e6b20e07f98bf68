package io.monitoring.agent.apibridge;

/**
 * The bridge as the agent reaches it inside an application's class loader, and the names of the API types woven.
 */
public interface ApplicationApi {
  /**
   * The API's name in the application: the bridge's compile-time name without its prefix (a literal
   * {@code io.opentelemetry...} would be relocated by the shade plugin to the agent's own copy). Here, not in
   * {@link ApplicationTracing}, so that premain, which reads them to filter class names, loads only this interface.
   */
  String API = BridgeClassLoader.APPLICATION_API.substring("application/".length()).replace('/', '.');
  String GLOBAL_OPEN_TELEMETRY = API + "api.GlobalOpenTelemetry";
  String OPEN_TELEMETRY = API + "api.OpenTelemetry";
  String CONTEXT_STORAGE = API + "context.ContextStorage";

  /** The application's {@code OpenTelemetry} backed by the agent's SDK. */
  Object global();

  /** The application's {@code ContextStorage} backed by the agent's context. */
  Object contextStorage();

  /** True for an {@code OpenTelemetry} with a tracer provider of its own (an SDK), false for the API's no-op. */
  boolean isOwnSdk(Object global);
}
