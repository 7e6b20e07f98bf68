package io.monitoring.agent.instrumentation.methods;

import static io.monitoring.agent.instrumentation.Matchers.isAbstract;
import static io.monitoring.agent.instrumentation.Matchers.isBridge;
import static io.monitoring.agent.instrumentation.Matchers.isMethod;
import static io.monitoring.agent.instrumentation.Matchers.isNative;
import static io.monitoring.agent.instrumentation.Matchers.isSynthetic;
import static io.monitoring.agent.instrumentation.Matchers.namedOneOf;
import static io.monitoring.agent.instrumentation.Matchers.not;

import io.monitoring.agent.bootstrap.MethodHooks;
import io.monitoring.agent.instrumentation.Weaving;
import java.util.Map;
import java.util.Set;
import io.monitoring.agent.instrumentation.WeavingRules;
import io.monitoring.agent.instrumentation.Advice;
import io.monitoring.agent.instrumentation.DeclaredMethod;
import io.monitoring.agent.instrumentation.Matcher;

/**
 * The application's methods named in {@code monitoring.methods} ({@code com.shop.OrderService#place}, or
 * {@code com.shop.Billing#*} for every method the class declares that has code of its own: no constructor,
 * bridge, synthetic (lambda bodies) or abstract method). Classes are matched by exact name, so a class that
 * never loads costs nothing and no hierarchy is walked; overloads share their name's series.
 */
public final class ConfiguredMethodsInstrumentation {
  private ConfiguredMethodsInstrumentation() {}

  /** {@code methods}: class name to method names, {@code *} for all. */
  public static WeavingRules install(WeavingRules rules, Weaving weaving, Map<String, Set<String>> methods) {
    Matcher<DeclaredMethod> code =
        isMethod().and(not(isAbstract())).and(not(isNative())).and(not(isBridge())).and(not(isSynthetic()));
    for (Map.Entry<String, Set<String>> type : methods.entrySet()) {
      Matcher<DeclaredMethod> which = type.getValue().contains("*") ? code
          : code.and(namedOneOf(type.getValue().toArray(new String[0])));
      rules = rules.type(weaving.types(type.getKey())).transform(weaving.advice().advice(which, "TimedAdvice"));
    }
    return rules;
  }

  public static final class TimedAdvice {
    private TimedAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static Object enter(@Advice.Origin("#t") String type, @Advice.Origin("#m") String method) {
      return MethodHooks.start(type, method);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.Enter Object call, @Advice.Thrown Throwable error) {
      MethodHooks.end(call, error);
    }
  }
}
