package io.monitoring.agent.instrumentation;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.objectweb.asm.AnnotationVisitor;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.FieldVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * A class as its class file declares it, read without loading it or anything it names (no code, no debug
 * information): its name, super types, fields and methods. Its super types are read on demand through
 * {@link DeclaredTypes}, from the class files of the loader that is loading it.
 */
public final class DeclaredType implements Named {
  final String internalName;
  final int access;
  final int version;
  final String superName;
  final String[] interfaces;
  final List<DeclaredMethod> methods;
  /** Field name to {@code {descriptor, static?}}. */
  private final Map<String, Field> fields;
  private final DeclaredTypes hierarchy;

  static final class Field {
    final String descriptor;
    final boolean isStatic;

    Field(String descriptor, boolean isStatic) {
      this.descriptor = descriptor;
      this.isStatic = isStatic;
    }
  }

  private DeclaredType(Reader read, DeclaredTypes hierarchy) {
    this.internalName = read.name;
    this.access = read.access;
    this.version = read.version;
    this.superName = read.superName;
    this.interfaces = read.interfaces == null ? new String[0] : read.interfaces;
    this.methods = Collections.unmodifiableList(read.methods);
    this.fields = read.fields;
    this.hierarchy = hierarchy;
  }

  /** {@code hierarchy}: where its super types are read from (the loader loading it). */
  static DeclaredType read(byte[] classfile, DeclaredTypes hierarchy) {
    Reader reader = new Reader();
    new ClassReader(classfile).accept(reader, ClassReader.SKIP_CODE | ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
    return new DeclaredType(reader, hierarchy);
  }

  @Override
  public String name() {
    return internalName.replace('/', '.');
  }

  boolean isInterface() {
    return (access & Opcodes.ACC_INTERFACE) != 0;
  }

  /** Null for {@code java.lang.Object} and interfaces' missing super class; null too where it cannot be read. */
  DeclaredType superClass() {
    return superName == null ? null : hierarchy.find(superName);
  }

  /** The interfaces it declares that can be read; one another agent defined at run time has no class file. */
  List<DeclaredType> readableInterfaces() {
    List<DeclaredType> readable = new ArrayList<>(interfaces.length);
    for (String name : interfaces) {
      DeclaredType type = hierarchy.find(name);
      if (type != null) {
        readable.add(type);
      }
    }
    return readable;
  }

  Iterable<String> fieldNames() {
    return fields.keySet();
  }

  /** The field of that name it declares or inherits from a super class; null when none can be read. */
  Field field(String name) {
    for (DeclaredType type = this; type != null; type = type.superClass()) {
      Field field = type.fields.get(name);
      if (field != null) {
        return field;
      }
    }
    return null;
  }

  @Override
  public String toString() {
    return name();
  }

  private static final class Reader extends ClassVisitor {
    String name;
    int access;
    int version;
    String superName;
    String[] interfaces;
    final List<DeclaredMethod> methods = new ArrayList<>();
    final Map<String, Field> fields = new HashMap<>();

    Reader() {
      super(Opcodes.ASM9);
    }

    @Override
    public void visit(int version, int access, String name, String signature, String superName, String[] interfaces) {
      this.version = version;
      this.access = access;
      this.name = name;
      this.superName = superName;
      this.interfaces = interfaces;
    }

    @Override
    public FieldVisitor visitField(int access, String name, String descriptor, String signature, Object value) {
      fields.put(name, new Field(descriptor, (access & Opcodes.ACC_STATIC) != 0));
      return null;
    }

    @Override
    public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
      List<String> annotations = new ArrayList<>(0);
      methods.add(new DeclaredMethod(name, descriptor, access, annotations));
      return new MethodVisitor(Opcodes.ASM9) {
        @Override
        public AnnotationVisitor visitAnnotation(String annotation, boolean visible) {
          annotations.add(Type.getType(annotation).getClassName());
          return null;
        }
      };
    }
  }
}
