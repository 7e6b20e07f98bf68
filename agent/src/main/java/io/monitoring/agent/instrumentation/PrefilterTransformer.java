package io.monitoring.agent.instrumentation;

import io.monitoring.agent.AgentLog;
import io.monitoring.agent.bootstrap.AgentErrors;
import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The transformer registered in premain. It decides cheaply which classes the weaver gets to see: a
 * hash-set lookup of the class's name against the exact type names the instrumentations target, and,
 * for interfaces any library may implement (JDBC), a scan of the constant pool of classes loaded by
 * application class loaders. premain loads no weaving class at all. The weaving transformer is
 * built on the agent's init thread; a target class that loads before it is ready waits for it (at
 * most {@link #MAX_WAIT_SECONDS}), so no request escapes measurement.
 */
public final class PrefilterTransformer implements ClassFileTransformer {
  private static final long MAX_WAIT_SECONDS = 30;

  /** Classes of a family no list of names can cover, recognised by their constant pool and, once loaded, by type. */
  public static final class Implementations {
    final ConstantPoolFilter constantPool;
    final String[] interfaceNames;

    /** Names, not classes: premain must not load java.sql (a jlinked runtime may not even have it). */
    public Implementations(String[] memberNames, String marker, String... interfaceNames) {
      this.constantPool = new ConstantPoolFilter(memberNames, marker);
      this.interfaceNames = interfaceNames;
    }
  }

  private final Set<String> internalNames = new HashSet<>();
  private final Implementations[] implementations;
  private final ClassLoader platform = ClassLoader.getPlatformClassLoader();
  private final ClassLoader agent = PrefilterTransformer.class.getClassLoader();
  private final CountDownLatch ready = new CountDownLatch(1);
  private volatile ClassFileTransformer delegate;

  public PrefilterTransformer(Iterable<String> typeNames, List<Implementations> implementations) {
    for (String name : typeNames) {
      internalNames.add(name.replace('.', '/'));
    }
    this.implementations = implementations.toArray(new Implementations[0]);
  }

  /** For retransformation after attach: whether an already loaded class is one the instrumentations target. */
  public boolean targets(Class<?> type) {
    if (internalNames.contains(type.getName().replace('.', '/'))) {
      return true;
    }
    if (type.isInterface() || !isApplicationLoader(type.getClassLoader())) {
      return false;
    }
    for (Implementations family : implementations) {
      for (String api : family.interfaceNames) {
        if (implementsInterface(type, api)) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean implementsInterface(Class<?> type, String interfaceName) {
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      for (Class<?> i : c.getInterfaces()) {
        if (i.getName().equals(interfaceName) || implementsInterface(i, interfaceName)) {
          return true;
        }
      }
    }
    return false;
  }

  /** Hands over to the real transformer; null means instrumentation could not be set up. */
  public void ready(ClassFileTransformer transformer) {
    delegate = transformer;
    ready.countDown();
  }

  private boolean isCandidate(ClassLoader loader, String className, byte[] classfile) {
    if (internalNames.contains(className)) {
      return true;
    }
    if (implementations.length == 0 || !isApplicationLoader(loader)) {
      return false;
    }
    for (Implementations family : implementations) {
      if (family.constantPool.matches(classfile)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Drivers, pools and ORMs are never loaded by the boot or platform loader, so the JDK's own classes are
   * skipped unread; nor by the agent's loader, whose classes the init thread loads while this transformer
   * still waits for it.
   */
  private boolean isApplicationLoader(ClassLoader loader) {
    return loader != null && loader != platform && loader != agent;
  }

  @Override
  public byte[] transform(Module module, ClassLoader loader, String className, Class<?> classBeingRedefined,
      ProtectionDomain protectionDomain, byte[] classfileBuffer) {
    try {
      if (className == null || !isCandidate(loader, className, classfileBuffer)) {
        return null;
      }
      if (delegate == null && !ready.await(MAX_WAIT_SECONDS, TimeUnit.SECONDS)) {
        AgentLog.warn("instrumentation was not ready after " + MAX_WAIT_SECONDS + " s; " + className.replace('/', '.')
            + " runs unmeasured");
        return null;
      }
      ClassFileTransformer t = delegate;
      if (t == null) {
        return null;
      }
      long start = System.nanoTime();
      byte[] woven = t.transform(module, loader, className, classBeingRedefined, protectionDomain, classfileBuffer);
      if (AgentLog.isDebug()) {
        AgentLog.debug((woven == null ? "looked at " : "wove ") + className + " in "
            + (System.nanoTime() - start) / 1_000_000 + " ms on " + Thread.currentThread().getName());
      }
      return woven;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    } catch (Throwable t) {
      AgentErrors.record(t, "transformer");
      return null;
    }
  }

  @Override
  public byte[] transform(ClassLoader loader, String className, Class<?> classBeingRedefined,
      ProtectionDomain protectionDomain, byte[] classfileBuffer) {
    return transform(null, loader, className, classBeingRedefined, protectionDomain, classfileBuffer);
  }
}
