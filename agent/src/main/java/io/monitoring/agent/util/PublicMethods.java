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

  /**
   * {@code m} (public: every caller has it from {@code getMethod} or {@code getMethods}), marked accessible when its
   * class is public in an exported package, where that grants nothing new and warns of nothing: {@code Method.invoke}
   * then skips finding its caller by walking the stack, which was most of the ~1.6 % of a request thread the SERVER
   * span's seven reads of a servlet request took at saturation.
   */
  private static Method invocable(Method m) {
    Class<?> declaring = m.getDeclaringClass();
    if (Modifier.isPublic(declaring.getModifiers()) && declaring.getModule().isExported(declaring.getPackageName())) {
      try {
        m.setAccessible(true);
      } catch (RuntimeException securityManagerSaysNo) {
        // invoked with the access check, as before
      }
    }
    return m;
  }

  /**
   * {@code m} as declared by a public class or interface, so that it can be invoked whatever the implementation's
   * access.
   */
  public static Method declaredPublicly(Method m) {
    return m == null ? null : invocable(publicDeclaration(m));
  }

  private static Method publicDeclaration(Method m) {
    if (Modifier.isPublic(m.getDeclaringClass().getModifiers())) {
      return m;
    }
    for (Class<?> c = m.getDeclaringClass(); c != null; c = c.getSuperclass()) {
      for (Class<?> i : c.getInterfaces()) {
        try {
          return publicDeclaration(i.getMethod(m.getName(), m.getParameterTypes()));
        } catch (NoSuchMethodException ignored) {
          // keep looking
        }
      }
    }
    return m;
  }
}
