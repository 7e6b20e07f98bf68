package io.monitoring.agent.cache;

import io.monitoring.agent.util.WeakIdentityMap;
import java.lang.reflect.Method;
import java.util.function.Predicate;

/**
 * The node each Lettuce cluster command was last written to (its node's connection), kept until the command
 * completes. Lettuce wraps what the application's API dispatched (the future of the async API, the reactive
 * subscription's command) in a {@code ClusterCommand} before routing it; the node is kept under that completion,
 * found along the wrappers' {@code getDelegate()}. A MOVED or ASK redirect writes the same command again, to the
 * node named in the reply: that later node replaces the first, so a command is reported with the node that
 * answered it.
 */
final class LettuceClusterRoutes {
  /** ClusterCommand over (a traced command over) the completion: deeper is not a command the agent measured. */
  private static final int MAX_WRAPPERS = 4;
  private static final ClassValue<Method> GET_DELEGATE = new ClassValue<>() {
    @Override
    protected Method computeValue(Class<?> type) {
      try {
        Method m = type.getMethod("getDelegate");
        m.setAccessible(true); // a private command class may override it
        return m;
      } catch (ReflectiveOperationException | RuntimeException e) {
        return null;
      }
    }
  };

  private final WeakIdentityMap<Object> nodes = new WeakIdentityMap<>();

  /** {@code isCompletion}: whether a wrapped command is what the measured command completes through. */
  void routed(Object command, Object node, Predicate<Object> isCompletion) {
    Object c = command;
    for (int i = 0; i < MAX_WRAPPERS && c != null; i++) {
      if (isCompletion.test(c)) {
        nodes.put(c, node);
        return;
      }
      c = delegate(c);
    }
  }

  /** The node connection that served the command completing through {@code completion}, else {@code connection}. */
  Object servedBy(Object completion, Object connection) {
    Object node = completion == null ? null : nodes.get(completion);
    if (node == null) {
      return connection;
    }
    nodes.remove(completion);
    return node;
  }

  private static Object delegate(Object command) {
    Method getDelegate = GET_DELEGATE.get(command.getClass());
    if (getDelegate == null) {
      return null;
    }
    try {
      return getDelegate.invoke(command);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }
}
