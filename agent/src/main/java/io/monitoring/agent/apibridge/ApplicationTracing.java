package io.monitoring.agent.apibridge;

import io.monitoring.agent.AgentLog;
import io.monitoring.agent.bootstrap.ApplicationTracingHooks;
import io.opentelemetry.api.trace.TracerProvider;
import java.util.function.Supplier;

/**
 * Answers the application's OpenTelemetry API (1.0 to 1.68): {@code GlobalOpenTelemetry.get()} returns the bridge to
 * the agent's SDK, and {@code ContextStorage.get()} the agent's context, so the application's spans are children of
 * the agent's request spans, {@code Span.current()} in a request is its SERVER span, and the agent's spans inside an
 * application's span are its children. One bridge per loader of the API, found through the API's own
 * {@code ContextStorage} class.
 *
 * <p>An application that runs an SDK of its own ({@code GlobalOpenTelemetry.set} with one, or autoconfigured) keeps
 * it: from the moment the agent sees it, that API gets back what it returned, and its spans stay its own.
 */
public final class ApplicationTracing implements ApplicationTracingHooks.Handler {
  private static volatile Supplier<TracerProvider> tracerProvider;

  /** The bridge of the API whose {@code ContextStorage} is the key. */
  private static final ClassValue<Bridge> BY_STORAGE_TYPE = new ClassValue<Bridge>() {
    @Override
    protected Bridge computeValue(Class<?> storageType) {
      return Bridge.define(storageType);
    }
  };

  /** The bridge of the API a class (its global, its storage or one of their implementations) belongs to. */
  private static final ClassValue<Bridge> BY_TYPE = new ClassValue<Bridge>() {
    @Override
    protected Bridge computeValue(Class<?> type) {
      ClassLoader loader = type.getClassLoader();
      try {
        return loader == null ? Bridge.NONE : BY_STORAGE_TYPE.get(Class.forName(ApplicationApi.CONTEXT_STORAGE, false, loader));
      } catch (ClassNotFoundException | LinkageError e) {
        return Bridge.NONE;
      }
    }
  };

  /**
   * Where the SDK's provider comes from once tracing is built (it builds the provider at the first call); until then
   * the application's spans are not recorded.
   */
  public static void useTracerProvider(Supplier<TracerProvider> provider) {
    tracerProvider = provider;
  }

  /** Called by the bridge's tracers; null until tracing is built and when traces are off. */
  public static TracerProvider tracerProvider() {
    Supplier<TracerProvider> provider = tracerProvider;
    return provider == null ? null : provider.get();
  }

  @Override
  public Object globalRequested(Object global) {
    if (global == null) {
      return global;
    }
    Bridge bridge = BY_TYPE.get(global.getClass());
    if (bridge.api == null || bridge.ownSdk) {
      return global;
    }
    if (bridge.api.isOwnSdk(global)) {
      bridge.ownSdk = true;
      return global;
    }
    return bridge.api.global();
  }

  @Override
  public void globalRegistered(Object global) {
    if (global != null) {
      Bridge bridge = BY_TYPE.get(global.getClass());
      if (bridge.api != null && bridge.api.isOwnSdk(global)) {
        bridge.ownSdk = true;
      }
    }
  }

  @Override
  public Object contextStorageRequested(Object storage) {
    if (storage == null) {
      return storage;
    }
    Bridge bridge = BY_TYPE.get(storage.getClass());
    return bridge.api == null || bridge.ownSdk ? storage : bridge.api.contextStorage();
  }

  private static final class Bridge {
    static final Bridge NONE = new Bridge(null);

    final ApplicationApi api;
    /** Set once the application is seen with an SDK of its own. */
    volatile boolean ownSdk;

    private Bridge(ApplicationApi api) {
      this.api = api;
    }

    static Bridge define(Class<?> storageType) {
      try {
        Class<?> entry = Class.forName(BridgeClassLoader.BRIDGE_PACKAGE + "BridgedOpenTelemetry", true,
            new BridgeClassLoader(storageType.getClassLoader()));
        return new Bridge((ApplicationApi) entry.getDeclaredConstructor().newInstance());
      } catch (Throwable t) {
        AgentLog.warn("the application's OpenTelemetry API (" + storageType.getClassLoader()
            + ") could not be bridged to the agent's SDK (" + t + "); its spans are not recorded");
        return NONE;
      }
    }
  }
}
