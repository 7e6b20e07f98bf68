package io.monitoring.agent.launcher;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URL;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.security.cert.Certificate;
import java.util.Collections;
import java.util.Enumeration;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Loads the agent and its relocated dependencies from the jar's {@code inst/} folder, where
 * classes are stored as {@code .classdata}: no application class loader (nor a classpath scanner)
 * can find them. Its parent is the platform loader, so it sees the JDK and the bootstrap hooks
 * but nothing of the application.
 */
final class AgentClassLoader extends ClassLoader {
  private static final String PREFIX = "inst/";
  /** The agent's classes and its relocated dependencies: in this jar only, never in a parent. */
  private static final String OWN_PACKAGES = "io.monitoring.agent.";
  /** Except the hooks, which only the boot loader may hold. */
  private static final String BOOT_LOADER_PACKAGE = "io.monitoring.agent.bootstrap.";

  static {
    registerAsParallelCapable();
  }

  private final JarFile jar;
  private final String jarUrl;
  private final ProtectionDomain protectionDomain;

  AgentClassLoader(File agentJar, JarFile jar) throws MalformedURLException {
    super("monitoring-agent", ClassLoader.getPlatformClassLoader());
    this.jar = jar;
    URL location = agentJar.toURI().toURL();
    this.jarUrl = "jar:" + location + "!/";
    this.protectionDomain = new ProtectionDomain(new CodeSource(location, (Certificate[]) null), null, this, null);
  }

  /**
   * The agent's own classes are looked up here first: asking the platform and boot loaders, which never have them,
   * cost a {@code ClassNotFoundException} per class (~700 classes in a Spring Boot application, ~17 in premain).
   */
  @Override
  protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
    if (!name.startsWith(OWN_PACKAGES) || name.startsWith(BOOT_LOADER_PACKAGE)) {
      return super.loadClass(name, resolve);
    }
    synchronized (getClassLoadingLock(name)) {
      Class<?> loaded = findLoadedClass(name);
      if (loaded == null) {
        loaded = findClass(name);
      }
      if (resolve) {
        resolveClass(loaded);
      }
      return loaded;
    }
  }

  @Override
  protected Class<?> findClass(String name) throws ClassNotFoundException {
    JarEntry entry = jar.getJarEntry(PREFIX + name.replace('.', '/') + ".classdata");
    if (entry == null) {
      throw new ClassNotFoundException(name);
    }
    byte[] bytes;
    try (InputStream in = jar.getInputStream(entry)) {
      long size = entry.getSize();
      // the entry's size is known: one array of it, not readAllBytes' buffers and their final copy
      bytes = size >= 0 && size <= Integer.MAX_VALUE ? in.readNBytes((int) size) : in.readAllBytes();
    } catch (IOException e) {
      throw new ClassNotFoundException(name, e);
    }
    definePackageOf(name);
    return defineClass(name, bytes, 0, bytes.length, protectionDomain);
  }

  private void definePackageOf(String className) {
    int dot = className.lastIndexOf('.');
    if (dot > 0) {
      String pkg = className.substring(0, dot);
      if (getDefinedPackage(pkg) == null) {
        try {
          definePackage(pkg, null, null, null, null, null, null, null);
        } catch (IllegalArgumentException raced) {
          // defined by another thread meanwhile
        }
      }
    }
  }

  @Override
  protected URL findResource(String name) {
    String path = PREFIX + (name.endsWith(".class") ? name.substring(0, name.length() - 6) + ".classdata" : name);
    if (jar.getJarEntry(path) == null) {
      return null;
    }
    try {
      return new URL(jarUrl + path);
    } catch (MalformedURLException e) {
      return null;
    }
  }

  @Override
  protected Enumeration<URL> findResources(String name) {
    URL url = findResource(name);
    return url == null ? Collections.emptyEnumeration() : Collections.enumeration(Collections.singletonList(url));
  }
}
