package io.monitoring.agent.methods;

import io.monitoring.agent.bootstrap.AgentErrors;
import io.opentelemetry.api.trace.SpanKind;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a {@code @WithSpan} method's annotations say, read once per method through reflection by name (the
 * application's annotation classes are its own, never the agent's): the span's name (the annotation's value, else
 * {@code SimpleClass.method}) and kind, and which arguments are {@code @SpanAttribute}s under which names (the
 * annotation's value, else the parameter's name when compiled with {@code -parameters}). Held per class in a
 * {@code ClassValue}, so a webapp's class loader is never pinned.
 */
final class AnnotatedMethod {
  private static final String WITH_SPAN = "io.opentelemetry.instrumentation.annotations.WithSpan";
  private static final String SPAN_ATTRIBUTE = "io.opentelemetry.instrumentation.annotations.SpanAttribute";
  private static final ClassValue<Map<String, AnnotatedMethod>> BY_CLASS = new ClassValue<Map<String, AnnotatedMethod>>() {
    @Override
    protected Map<String, AnnotatedMethod> computeValue(Class<?> type) {
      return new ConcurrentHashMap<>();
    }
  };

  final String spanName;
  final String functionName;
  final SpanKind kind;
  /** Per argument, the attribute it is recorded as, or null. */
  final String[] attributes;

  private AnnotatedMethod(String spanName, String functionName, SpanKind kind, String[] attributes) {
    this.spanName = spanName;
    this.functionName = functionName;
    this.kind = kind;
    this.attributes = attributes;
  }

  /** {@code method}: name and descriptor, as the advice gives it. */
  static AnnotatedMethod of(Class<?> type, String method) {
    Map<String, AnnotatedMethod> methods = BY_CLASS.get(type);
    AnnotatedMethod known = methods.get(method);
    if (known == null) {
      known = read(type, method);
      methods.put(method, known);
    }
    return known;
  }

  private static AnnotatedMethod read(Class<?> type, String nameAndDescriptor) {
    String name = nameAndDescriptor.substring(0, nameAndDescriptor.indexOf('('));
    String fallbackName = type.getSimpleName() + "." + name;
    String functionName = type.getName() + "." + name;
    for (Method m : type.getDeclaredMethods()) {
      if (!m.getName().equals(name) || !nameAndDescriptor.equals(name + descriptor(m))) {
        continue;
      }
      String spanName = fallbackName;
      SpanKind kind = SpanKind.INTERNAL;
      try {
        for (Annotation a : m.getDeclaredAnnotations()) {
          if (a.annotationType().getName().equals(WITH_SPAN)) {
            String value = (String) a.annotationType().getMethod("value").invoke(a);
            spanName = value == null || value.isEmpty() ? fallbackName : value;
            kind = SpanKind.valueOf(((Enum<?>) a.annotationType().getMethod("kind").invoke(a)).name());
          }
        }
        return new AnnotatedMethod(spanName, functionName, kind, attributes(m));
      } catch (ReflectiveOperationException | RuntimeException e) {
        AgentErrors.record(e, "with-span");
        return new AnnotatedMethod(spanName, functionName, kind, new String[m.getParameterCount()]);
      }
    }
    return new AnnotatedMethod(fallbackName, functionName, SpanKind.INTERNAL, new String[0]);
  }

  private static String[] attributes(Method m) throws ReflectiveOperationException {
    Parameter[] parameters = m.getParameters();
    Annotation[][] annotations = m.getParameterAnnotations();
    String[] names = new String[parameters.length];
    for (int i = 0; i < parameters.length; i++) {
      for (Annotation a : annotations[i]) {
        if (a.annotationType().getName().equals(SPAN_ATTRIBUTE)) {
          String value = (String) a.annotationType().getMethod("value").invoke(a);
          names[i] = value != null && !value.isEmpty() ? value : parameters[i].isNamePresent() ? parameters[i].getName() : null;
        }
      }
    }
    return names;
  }

  /** The JVM descriptor of {@code m}'s parameters and return type: {@code (JLjava/lang/String;)V}. */
  private static String descriptor(Method m) {
    StringBuilder d = new StringBuilder("(");
    for (Class<?> p : m.getParameterTypes()) {
      d.append(descriptor(p));
    }
    return d.append(')').append(descriptor(m.getReturnType())).toString();
  }

  private static String descriptor(Class<?> c) {
    if (c.isArray()) {
      return c.getName().replace('.', '/');
    }
    if (c.isPrimitive()) {
      return c == void.class ? "V" : c == boolean.class ? "Z" : c == byte.class ? "B" : c == char.class ? "C"
          : c == short.class ? "S" : c == int.class ? "I" : c == long.class ? "J" : c == float.class ? "F" : "D";
    }
    return "L" + c.getName().replace('.', '/') + ";";
  }
}
