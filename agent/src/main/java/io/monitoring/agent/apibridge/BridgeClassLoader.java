package io.monitoring.agent.apibridge;

import java.io.IOException;
import java.io.InputStream;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.commons.ClassRemapper;
import org.objectweb.asm.commons.Remapper;

/**
 * Defines the bridge ({@code io.monitoring.agent.apibridge.application}) as a child of the loader of an application's
 * OpenTelemetry API: the bridge's references to {@code application.io.opentelemetry} become the application's
 * {@code io.opentelemetry}, resolved by the parent; the agent's own classes (its relocated SDK among them) come from
 * the agent's loader; everything else from the parent. Nothing of it is defined in the application's own loader, and
 * it is only reachable from the application's API (its global and its context storage): it goes when the API goes.
 */
final class BridgeClassLoader extends ClassLoader {
  static final String BRIDGE_PACKAGE = "io.monitoring.agent.apibridge.application.";
  private static final String AGENT_PACKAGE = "io.monitoring.agent.";
  /** The bridge's compile-time name of the application's API; a string shading leaves alone. */
  private static final String COMPILED_PREFIX = "application/";
  static final String APPLICATION_API = "application/io/opentelemetry/";

  static {
    registerAsParallelCapable();
  }

  private final ClassLoader agent = BridgeClassLoader.class.getClassLoader();

  BridgeClassLoader(ClassLoader application) {
    super("monitoring-agent-opentelemetry-bridge", application);
  }

  @Override
  protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
    if (!name.startsWith(AGENT_PACKAGE)) {
      return super.loadClass(name, resolve);
    }
    if (!name.startsWith(BRIDGE_PACKAGE)) {
      return agent.loadClass(name);
    }
    synchronized (getClassLoadingLock(name)) {
      Class<?> loaded = findLoadedClass(name);
      return loaded != null ? loaded : define(name);
    }
  }

  private Class<?> define(String name) throws ClassNotFoundException {
    byte[] compiled;
    try (InputStream in = agent.getResourceAsStream(name.replace('.', '/') + ".class")) {
      if (in == null) {
        throw new ClassNotFoundException(name);
      }
      compiled = in.readAllBytes();
    } catch (IOException e) {
      throw new ClassNotFoundException(name, e);
    }
    ClassWriter out = new ClassWriter(0);
    new ClassReader(compiled).accept(new ClassRemapper(out, new Remapper() {
      @Override
      public String map(String internalName) {
        return internalName.startsWith(APPLICATION_API) ? internalName.substring(COMPILED_PREFIX.length()) : internalName;
      }
    }), 0);
    byte[] bytes = out.toByteArray();
    return defineClass(name, bytes, 0, bytes.length);
  }
}
