package io.monitoring.agent.instrumentation;

/**
 * Weaves this small class once on the init thread, so that the first application class woven does not pay, on the
 * application's own thread, for loading and compiling the weaving machinery (with Byte Buddy: 138 ms for HttpServlet
 * on Spring Boot's main thread before, about 20 ms after).
 */
final class WarmUp {
  private WarmUp() {}

  static void run() {
    String target = WarmUp.class.getName() + "$Target"; // a name: the class itself is never loaded
    WeavingRules rules = new WeavingRules().type(Matchers.named(target))
        .transform(new AdviceSet("warm-up", WarmUp.class).advice(Matchers.named("work"), "TargetAdvice"));
    ClassLoader agent = WarmUp.class.getClassLoader();
    new AdviceTransformer(rules, false).weave(DeclaredTypes.classFile(agent, target.replace('.', '/')), DeclaredTypes.of(agent));
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
