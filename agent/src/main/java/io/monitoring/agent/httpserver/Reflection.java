package io.monitoring.agent.httpserver;

import java.lang.reflect.Method;

/**
 * The few servlet API calls the agent makes outside woven code (only for async requests, when the
 * container calls back): through public interface methods, so any container's classes work.
 */
final class Reflection {
  private static final ClassValue<Method> GET_STATUS = new ClassValue<Method>() {
    @Override
    protected Method computeValue(Class<?> type) {
      return publicMethod(type, "getStatus");
    }
  };

  private Reflection() {}

  static int status(Object response) throws Exception {
    Method m = GET_STATUS.get(response.getClass());
    return m == null ? 200 : (Integer) m.invoke(response);
  }

  static Object call(Object target, String name) throws Exception {
    Method m = publicMethod(target.getClass(), name);
    return m == null ? null : m.invoke(target);
  }

  static void addListener(Object asyncContext, Object listener) throws Exception {
    for (Method m : asyncContext.getClass().getMethods()) {
      if (m.getName().equals("addListener") && m.getParameterCount() == 1) {
        publicDeclaration(m).invoke(asyncContext, listener);
        return;
      }
    }
  }

  /** The method as declared by a public type, so that it can be invoked whatever the implementation's access. */
  private static Method publicMethod(Class<?> type, String name) {
    try {
      return publicDeclaration(type.getMethod(name));
    } catch (NoSuchMethodException e) {
      return null;
    }
  }

  private static Method publicDeclaration(Method m) {
    if (java.lang.reflect.Modifier.isPublic(m.getDeclaringClass().getModifiers())) {
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
