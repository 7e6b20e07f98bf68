package io.monitoring.agent.instrumentation;

import io.monitoring.agent.AgentLog;
import io.monitoring.agent.bootstrap.AgentErrors;
import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.MethodNode;

/**
 * Weaves the installed advice into the classes {@link PrefilterTransformer} hands over: describe the class from its
 * bytes, apply every rule whose types match, return the new bytes. The class keeps its shape (no member added, which
 * retransformation would refuse): only the bodies of matched methods change; every other method's bytes are copied
 * as they are, and the constant pool is extended, not rebuilt. Byte Buddy did this before (with its advice, type
 * pool and the decoration of a described type): ~770 loaded classes for what ASM does with ~100.
 */
final class AdviceTransformer implements ClassFileTransformer {
  /** The agent's, the JDK's and generated classes are never targets; their names spare the matchers. */
  private static final String[] IGNORED = {"io/monitoring/agent/", "java/", "jdk/internal/reflect/", "sun/reflect/",
      "com/sun/proxy/", "jdk/proxy"};
  /** A class loaded while a class is woven on the same thread is left alone (reading a super type can load one). */
  private static final ThreadLocal<Boolean> WEAVING = new ThreadLocal<>();

  private final RulesOnDemand rules;
  private final boolean retransforming;

  /** {@code retransforming}: whether classes already loaded are woven when retransformed (after attach, or when another agent loaded targets first). */
  AdviceTransformer(RulesOnDemand rules, boolean retransforming) {
    this.rules = rules;
    this.retransforming = retransforming;
  }

  /** The same rules for every class: the warm-up's and the tests'. */
  AdviceTransformer(WeavingRules rules, boolean retransforming) {
    this(new RulesOnDemand(rules), retransforming);
  }

  @Override
  public byte[] transform(Module module, ClassLoader loader, String internalName, Class<?> classBeingRedefined,
      ProtectionDomain protectionDomain, byte[] classfile) {
    if (internalName == null || (classBeingRedefined != null && !retransforming) || ignored(internalName)
        || WEAVING.get() != null) {
      return null;
    }
    WEAVING.set(Boolean.TRUE);
    try {
      byte[] bytes = weave(classfile, DeclaredTypes.of(loader));
      if (bytes != null) {
        AgentLog.debug("instrumented " + internalName.replace('/', '.'));
      }
      return bytes;
    } catch (Throwable failure) {
      AgentErrors.record(failure, "transformer");
      AgentLog.debug("could not instrument " + internalName.replace('/', '.') + ": " + failure);
      return null;
    } finally {
      WEAVING.remove();
    }
  }

  /** The class woven, or null when no rule's advice applies to any of its methods. */
  byte[] weave(byte[] classfile, DeclaredTypes hierarchy) {
    DeclaredType type = DeclaredType.read(classfile, hierarchy);
    List<AdviceSet> matched = new ArrayList<>(2);
    for (WeavingRules.Rule rule : rules.of(type.name())) {
      if (rule.types.matches(type)) {
        matched.add(rule.advice);
      }
    }
    if (matched.isEmpty()) {
      return null;
    }
    ClassReader reader = new ClassReader(classfile);
    ClassWriter writer = new ClassWriter(reader, 0);
    Weaver weaver = new Weaver(writer, type, matched);
    reader.accept(weaver, ClassReader.EXPAND_FRAMES);
    return weaver.woven ? writer.toByteArray() : null;
  }

  /** Hands each method some advice applies to to {@link AdviceInliner} and every other through untouched. */
  private static final class Weaver extends ClassVisitor {
    private final DeclaredType type;
    private final List<AdviceSet> advice;
    boolean woven;

    Weaver(ClassVisitor writer, DeclaredType type, List<AdviceSet> advice) {
      super(Opcodes.ASM9, writer);
      this.type = type;
      this.advice = advice;
    }

    @Override
    public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
      DeclaredMethod declared = declared(name, descriptor);
      List<AdviceSet.Entry> applying = new ArrayList<>(0);
      List<AdviceSet> of = new ArrayList<>(0);
      if (declared != null && declared.hasCode()) {
        for (AdviceSet set : advice) {
          for (AdviceSet.Entry entry : set.entries()) {
            if (entry.methods.matches(declared)) {
              applying.add(entry);
              of.add(set);
            }
          }
        }
      }
      if (applying.isEmpty()) {
        return super.visitMethod(access, name, descriptor, signature, exceptions);
      }
      woven = true;
      ClassVisitor next = cv;
      return new MethodNode(Opcodes.ASM9, access, name, descriptor, signature, exceptions) {
        @Override
        public void visitEnd() {
          // the first installed ends up outermost, as with Byte Buddy: it is woven last, around the others
          for (int i = applying.size() - 1; i >= 0; i--) {
            AdviceInliner.weave(type, this, applying.get(i).enter(), applying.get(i).exit(), of.get(i).instrumentation);
          }
          accept(next);
        }
      };
    }

    private DeclaredMethod declared(String name, String descriptor) {
      for (DeclaredMethod method : type.methods) {
        if (method.name.equals(name) && method.descriptor.equals(descriptor)) {
          return method;
        }
      }
      return null;
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
      ProtectionDomain protectionDomain, byte[] classfile) {
    return transform(null, loader, className, classBeingRedefined, protectionDomain, classfile);
  }
}
