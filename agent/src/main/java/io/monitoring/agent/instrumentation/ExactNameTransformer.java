package io.monitoring.agent.instrumentation;

import io.monitoring.agent.AgentLog;
import io.monitoring.agent.bootstrap.AgentErrors;
import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The transformer registered in premain: a hash-set lookup of the class's name against the exact type
 * names the instrumentations target, and nothing else, so premain loads no Byte Buddy class at all.
 * Byte Buddy's transformer is built on the agent's init thread; a target class that loads before it is
 * ready waits for it (at most {@link #MAX_WAIT_SECONDS}), so no request escapes measurement.
 */
public final class ExactNameTransformer implements ClassFileTransformer {
  private static final long MAX_WAIT_SECONDS = 30;

  private final Set<String> internalNames = new HashSet<>();
  private final CountDownLatch ready = new CountDownLatch(1);
  private volatile ClassFileTransformer delegate;

  public ExactNameTransformer(Iterable<String> typeNames) {
    for (String name : typeNames) {
      internalNames.add(name.replace('.', '/'));
    }
  }

  public boolean targets(String className) {
    return internalNames.contains(className.replace('.', '/'));
  }

  /** Hands over to the real transformer; null means instrumentation could not be set up. */
  public void ready(ClassFileTransformer transformer) {
    delegate = transformer;
    ready.countDown();
  }

  @Override
  public byte[] transform(Module module, ClassLoader loader, String className, Class<?> classBeingRedefined,
      ProtectionDomain protectionDomain, byte[] classfileBuffer) {
    if (className == null || !internalNames.contains(className)) {
      return null;
    }
    try {
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
        AgentLog.debug("wove " + className + " in " + (System.nanoTime() - start) / 1_000_000 + " ms on " + Thread.currentThread().getName());
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

  static Set<String> union(String[]... names) {
    Set<String> all = new HashSet<>();
    for (String[] n : names) {
      java.util.Collections.addAll(all, n);
    }
    return all;
  }
}
