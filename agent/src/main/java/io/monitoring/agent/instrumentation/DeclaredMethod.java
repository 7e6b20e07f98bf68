package io.monitoring.agent.instrumentation;

import java.util.List;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/** A method as its class file declares it: what the method matchers see. */
public final class DeclaredMethod implements Named {
  final String name;
  final String descriptor;
  final int access;
  private final List<String> annotations;
  private Type[] argumentTypes;

  DeclaredMethod(String name, String descriptor, int access, List<String> annotations) {
    this.name = name;
    this.descriptor = descriptor;
    this.access = access;
    this.annotations = annotations;
  }

  /** {@code <init>} for a constructor, {@code <clinit>} for the type initialiser. */
  @Override
  public String name() {
    return name;
  }

  int argumentCount() {
    return argumentTypes().length;
  }

  /** The Java name of the argument's type ({@code int}, {@code java.lang.String}, {@code byte[]}). */
  String argumentType(int index) {
    return argumentTypes()[index].getClassName();
  }

  String returnType() {
    return Type.getReturnType(descriptor).getClassName();
  }

  /** The Java names of the annotation types on the method, visible at run time or not. */
  List<String> annotations() {
    return annotations;
  }

  boolean is(int flag) {
    return (access & flag) != 0;
  }

  boolean isConstructor() {
    return name.equals("<init>");
  }

  boolean isTypeInitializer() {
    return name.equals("<clinit>");
  }

  boolean hasCode() {
    return (access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE)) == 0;
  }

  private Type[] argumentTypes() {
    Type[] types = argumentTypes;
    return types != null ? types : (argumentTypes = Type.getArgumentTypes(descriptor));
  }

  @Override
  public String toString() {
    return name + descriptor;
  }
}
