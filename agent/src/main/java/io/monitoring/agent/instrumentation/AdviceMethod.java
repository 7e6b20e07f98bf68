package io.monitoring.agent.instrumentation;

import java.util.List;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AnnotationNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * An advice class's enter or exit method, read once from the agent's jar as a class file (it names library types the
 * agent's loader cannot load): its code, which {@link AdviceInliner} copies into each method it is woven into, and
 * what each of its parameters is bound to there.
 */
final class AdviceMethod {
  private static final String ADVICE = "Lio/monitoring/agent/instrumentation/Advice$";
  private static final String NO_HANDLER = "Lio/monitoring/agent/instrumentation/Advice$NoExceptionHandler;";

  enum Kind { THIS, ARGUMENT, ALL_ARGUMENTS, ENTER, THROWN, RETURN, FIELD, ORIGIN }

  /** What one parameter of the advice method is bound to. */
  static final class Binding {
    final Kind kind;
    final Type type;
    /** The parameter's local variable slot in the advice method. */
    final int slot;
    final int argument;
    final String value;
    final boolean writable;

    Binding(Kind kind, Type type, int slot, int argument, String value, boolean writable) {
      this.kind = kind;
      this.type = type;
      this.slot = slot;
      this.argument = argument;
      this.value = value;
      this.writable = writable;
    }
  }

  final String name;
  final MethodNode code;
  final Binding[] bindings;
  final Type returnType;
  final boolean suppress;
  final boolean onThrowable;

  private AdviceMethod(String name, MethodNode code, Binding[] bindings, boolean suppress, boolean onThrowable) {
    this.name = name;
    this.code = code;
    this.bindings = bindings;
    this.returnType = Type.getReturnType(code.desc);
    this.suppress = suppress;
    this.onThrowable = onThrowable;
  }

  /** The method of {@code adviceClass} annotated {@code OnMethodEnter} ({@code enter}) or {@code OnMethodExit}; null if none. */
  static AdviceMethod read(String adviceClass, boolean enter) {
    ClassNode advice = new ClassNode();
    new ClassReader(classFile(adviceClass)).accept(advice, ClassReader.SKIP_DEBUG | ClassReader.EXPAND_FRAMES);
    String annotation = ADVICE + (enter ? "OnMethodEnter;" : "OnMethodExit;");
    for (MethodNode method : advice.methods) {
      AnnotationNode marker = find(method.invisibleAnnotations, annotation);
      if (marker != null) {
        return new AdviceMethod(adviceClass + "." + method.name, method, bindings(adviceClass, method),
            handles(marker, "suppress"), handles(marker, "onThrowable"));
      }
    }
    return null;
  }

  private static Binding[] bindings(String adviceClass, MethodNode method) {
    Type[] parameters = Type.getArgumentTypes(method.desc);
    Binding[] bindings = new Binding[parameters.length];
    int slot = 0;
    for (int i = 0; i < parameters.length; i++) {
      List<AnnotationNode> annotations = method.invisibleParameterAnnotations == null ? null
          : method.invisibleParameterAnnotations[i];
      bindings[i] = binding(annotations, parameters[i], slot);
      if (bindings[i] == null) {
        throw new IllegalStateException(adviceClass + "." + method.name + ": parameter " + i + " is bound to nothing");
      }
      slot += parameters[i].getSize();
    }
    return bindings;
  }

  private static Binding binding(List<AnnotationNode> annotations, Type type, int slot) {
    if (annotations == null) {
      return null;
    }
    for (AnnotationNode a : annotations) {
      switch (a.desc.substring(ADVICE.length(), a.desc.length() - 1)) {
        case "This": return new Binding(Kind.THIS, type, slot, -1, null, false);
        case "Argument": return new Binding(Kind.ARGUMENT, type, slot, (Integer) value(a, "value", null),
            null, !(Boolean) value(a, "readOnly", Boolean.TRUE));
        case "AllArguments": return new Binding(Kind.ALL_ARGUMENTS, type, slot, -1, null, false);
        case "Enter": return new Binding(Kind.ENTER, type, slot, -1, null, false);
        case "Thrown": return new Binding(Kind.THROWN, type, slot, -1, null, false);
        case "Return": return new Binding(Kind.RETURN, type, slot, -1, null, !(Boolean) value(a, "readOnly", Boolean.TRUE));
        case "FieldValue": return new Binding(Kind.FIELD, type, slot, -1, (String) value(a, "value", null),
            !(Boolean) value(a, "readOnly", Boolean.TRUE));
        case "Origin": return new Binding(Kind.ORIGIN, type, slot, -1, (String) value(a, "value", ""), false);
        default: // not ours
      }
    }
    return null;
  }

  private static AnnotationNode find(List<AnnotationNode> annotations, String descriptor) {
    if (annotations != null) {
      for (AnnotationNode a : annotations) {
        if (a.desc.equals(descriptor)) {
          return a;
        }
      }
    }
    return null;
  }

  /** Whether a {@code suppress} or {@code onThrowable} names a throwable (every one the agent's advice names is Throwable). */
  private static boolean handles(AnnotationNode marker, String attribute) {
    Object type = value(marker, attribute, null);
    return type != null && !((Type) type).getDescriptor().equals(NO_HANDLER);
  }

  private static Object value(AnnotationNode annotation, String name, Object absent) {
    if (annotation.values != null) {
      for (int i = 0; i < annotation.values.size(); i += 2) {
        if (annotation.values.get(i).equals(name)) {
          return annotation.values.get(i + 1);
        }
      }
    }
    return absent;
  }

  private static byte[] classFile(String className) {
    byte[] classfile = DeclaredTypes.classFile(AdviceMethod.class.getClassLoader(), className.replace('.', '/'));
    if (classfile == null) {
      throw new IllegalStateException("advice " + className + " is not in the agent's jar");
    }
    return classfile;
  }

}
