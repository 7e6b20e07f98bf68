package io.monitoring.agent.util;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;

/**
 * Library objects the agent reads outside woven code (a servlet request, an HTTP client's request) are often
 * instances of non-public classes; their methods can be invoked only as declared by a public type.
 */
public final class PublicMethods {
  private PublicMethods() {}

  /** The public method {@code name(parameterTypes)} of {@code type}, as a public type declares it; null when none. */
  public static Method find(Class<?> type, String name, Class<?>... parameterTypes) {
    try {
      return declaredPublicly(type.getMethod(name, parameterTypes));
    } catch (NoSuchMethodException e) {
      return null;
    }
  }

  /** {@code m} as declared by a public class or interface, so that it can be invoked whatever the implementation's access. */
  public static Method declaredPublicly(Method m) {
    if (m == null || Modifier.isPublic(m.getDeclaringClass().getModifiers())) {
      return m;
    }
    for (Class<?> c = m.getDeclaringClass(); c != null; c = c.getSuperclass()) {
      for (Class<?> i : c.getInterfaces()) {
        try {
          return declaredPublicly(i.getMethod(m.getName(), m.getParameterTypes()));
        } catch (NoSuchMethodException ignored) {
          // keep looking
        }
      }
    }
    return m;
  }
}
