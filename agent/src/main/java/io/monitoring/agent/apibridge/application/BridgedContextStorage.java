package io.monitoring.agent.apibridge.application;

import application.io.opentelemetry.context.Context;
import application.io.opentelemetry.context.ContextStorage;
import application.io.opentelemetry.context.Scope;

/** The application's context storage is the agent's: what one makes current, the other sees. */
final class BridgedContextStorage implements ContextStorage {
  static final BridgedContextStorage INSTANCE = new BridgedContextStorage();

  @Override
  public Scope attach(Context context) {
    io.opentelemetry.context.Scope scope = BridgedContext.toAgent(context).makeCurrent();
    return scope::close;
  }

  @Override
  public Context current() {
    return BridgedContext.of(io.opentelemetry.context.Context.current());
  }

  /** API 1.21 and later ask the storage for the root context (an interface default this bridge is compiled without). */
  public Context root() {
    return BridgedContext.ROOT;
  }
}
