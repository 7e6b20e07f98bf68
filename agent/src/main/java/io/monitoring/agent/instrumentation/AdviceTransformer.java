package io.monitoring.agent.instrumentation;

import io.monitoring.agent.AgentLog;
import io.monitoring.agent.bootstrap.AgentErrors;
import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.util.List;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.dynamic.TypeResolutionStrategy;
import net.bytebuddy.dynamic.scaffold.MethodGraph;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.implementation.Implementation;
import net.bytebuddy.pool.TypePool;

/**
 * Weaves the installed advice into the classes {@link PrefilterTransformer} hands over: describe the class from its
 * bytes, apply every rule whose types match, return the new bytes. Byte Buddy's {@code AgentBuilder} did the same
 * through a general machinery (listeners, strategies, circularity lock, method registry) that loaded ~200 more
 * classes than this needs. The class is decorated, not redefined: advice only rewrites the bodies of declared
 * methods, so no method graph or registry is built and the class keeps its shape (no member added, which
 * retransformation would refuse anyway).
 */
final class AdviceTransformer implements ClassFileTransformer {
  /** The agent's, the JDK's and generated classes are never targets; their names spare the matchers. */
  private static final String[] IGNORED = {"io/monitoring/agent/", "java/", "jdk/internal/reflect/", "sun/reflect/",
      "com/sun/proxy/", "jdk/proxy"};
  /** A class loaded while a class is woven on the same thread is left alone, as AgentBuilder's circularity lock did. */
  private static final ThreadLocal<Boolean> WEAVING = new ThreadLocal<>();

  private final ByteBuddy byteBuddy = new ByteBuddy().with(TypeValidation.DISABLED)
      .with(Implementation.Context.Disabled.Factory.INSTANCE)
      // advice changes declared methods only; the full method graph would read every super type (a third of the
      // weaving time on the Spring Boot app's main thread), and another agent may have added one that has no class
      // file (see ImplementsInterface)
      .with(MethodGraph.Compiler.ForDeclaredMethods.INSTANCE);
  private final List<WeavingRules.Rule> rules;
  private final TypeDescriptionCache types;
  private final boolean retransforming;

  /** {@code retransforming}: whether classes already loaded are woven when retransformed (after attach, or when another agent loaded targets first). */
  AdviceTransformer(WeavingRules rules, TypeDescriptionCache types, boolean retransforming) {
    this.rules = rules.rules();
    this.types = types;
    this.retransforming = retransforming;
  }

  @Override
  public byte[] transform(Module module, ClassLoader loader, String internalName, Class<?> classBeingRedefined,
      ProtectionDomain protectionDomain, byte[] classfile) {
    if (internalName == null || (classBeingRedefined != null && !retransforming) || ignored(internalName)
        || WEAVING.get() != null) {
      return null;
    }
    String name = internalName.replace('/', '.');
    WEAVING.set(Boolean.TRUE);
    try {
      ClassFileLocator classes = new ClassFileLocator.Compound(ClassFileLocator.Simple.of(name, classfile),
          ClassFileLocator.ForClassLoader.WeaklyReferenced.of(loader));
      TypePool pool = types.pool(classes, loader, name);
      TypeDescription type = pool.describe(name).resolve();
      DynamicType.Builder<?> woven = null;
      for (WeavingRules.Rule rule : rules) {
        if (rule.types.matches(type)) {
          woven = (woven == null ? byteBuddy.decorate(type, classes) : woven).visit(rule.advice.wrapper(loader));
        }
      }
      if (woven == null) {
        return null;
      }
      byte[] bytes = woven.make(TypeResolutionStrategy.Disabled.INSTANCE, pool).getBytes();
      AgentLog.debug("instrumented " + name);
      return bytes;
    } catch (Throwable failure) {
      AgentErrors.record(failure, "transformer");
      AgentLog.debug("could not instrument " + name + ": " + failure);
      return null;
    } finally {
      WEAVING.remove();
    }
  }

  private static boolean ignored(String internalName) {
    for (String prefix : IGNORED) {
      if (internalName.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public byte[] transform(ClassLoader loader, String className, Class<?> classBeingRedefined,
      ProtectionDomain protectionDomain, byte[] classfileBuffer) {
    return transform(null, loader, className, classBeingRedefined, protectionDomain, classfileBuffer);
  }
}
