package io.monitoring.agent.instrumentation;

import java.io.IOException;
import java.io.InputStream;
import java.lang.ref.SoftReference;
import java.lang.ref.WeakReference;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Opcodes;

/**
 * The super types of the classes a loader loads, each read once from its class file and shared by every
 * transformation, instead of re-read for each woven class: on the Spring Boot test app the ~20 woven and ~50 rejected
 * classes share most of their super types ({@code ImplementsInterface} walks them). Never pins a loader: the map is
 * weakly keyed and holds no class loaded by it; each loader's types are softly referenced, so memory pressure clears
 * them. The class being transformed is never served from here, so another agent's changes to it are seen.
 */
final class DeclaredTypes {
  /** Remembers that a class file could not be read (a concurrent map holds no null). */
  private static final DeclaredType UNREADABLE = DeclaredType.read(unreadable(), null);
  private static final Map<ClassLoader, SoftReference<DeclaredTypes>> BY_LOADER = Collections.synchronizedMap(new WeakHashMap<>());
  private static volatile SoftReference<DeclaredTypes> bootstrap = new SoftReference<>(null);

  private final WeakReference<ClassLoader> loader;
  private final boolean isBootstrap;
  private final Map<String, DeclaredType> types = new ConcurrentHashMap<>();

  private DeclaredTypes(ClassLoader loader) {
    this.loader = new WeakReference<>(loader);
    this.isBootstrap = loader == null;
  }

  /** The types as {@code loader} sees them (null: the boot loader). */
  static DeclaredTypes of(ClassLoader loader) {
    if (loader == null) {
      DeclaredTypes types = bootstrap.get();
      if (types == null) {
        bootstrap = new SoftReference<>(types = new DeclaredTypes(null));
      }
      return types;
    }
    SoftReference<DeclaredTypes> ref = BY_LOADER.get(loader);
    DeclaredTypes types = ref == null ? null : ref.get();
    if (types == null) {
      BY_LOADER.put(loader, new SoftReference<>(types = new DeclaredTypes(loader)));
    }
    return types;
  }

  /** The type of that internal name, or null when its class file cannot be read (another agent's run-time type). */
  DeclaredType find(String internalName) {
    DeclaredType type = types.get(internalName);
    if (type == null) {
      ClassLoader from = loader.get();
      byte[] classfile = from == null && !isBootstrap ? null : classFile(from, internalName);
      try {
        type = classfile == null ? UNREADABLE : DeclaredType.read(classfile, this);
      } catch (RuntimeException malformed) {
        type = UNREADABLE;
      }
      types.put(internalName, type);
    }
    return type == UNREADABLE ? null : type;
  }

  private static byte[] unreadable() {
    ClassWriter writer = new ClassWriter(0);
    writer.visit(Opcodes.V1_8, Opcodes.ACC_PUBLIC, "unreadable", null, "java/lang/Object", null);
    writer.visitEnd();
    return writer.toByteArray();
  }

  /**
   * The class file of that internal name as {@code loader} (null: the boot loader) finds it, or null. Class files are
   * resources even in named modules ({@code ClassLoader.getResource} never hides them).
   */
  static byte[] classFile(ClassLoader loader, String internalName) {
    String resource = internalName + ".class";
    // the platform loader asks the boot loader first, and never the application's class path
    try (InputStream in = (loader == null ? ClassLoader.getPlatformClassLoader() : loader).getResourceAsStream(resource)) {
      return in == null ? null : in.readAllBytes();
    } catch (IOException | RuntimeException unreadable) {
      return null;
    }
  }
}
