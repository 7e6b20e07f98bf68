package io.monitoring.agent.instrumentation.methods;

import static io.monitoring.agent.instrumentation.Matchers.isAnnotatedWith;
import static io.monitoring.agent.instrumentation.Matchers.isMethod;
import static io.monitoring.agent.instrumentation.Matchers.named;
import static io.monitoring.agent.instrumentation.Matchers.not;
import static io.monitoring.agent.instrumentation.Matchers.isAbstract;
import static io.monitoring.agent.instrumentation.Matchers.returns;

import io.monitoring.agent.bootstrap.MethodHooks;
import io.monitoring.agent.instrumentation.PrefilterTransformer;
import io.monitoring.agent.instrumentation.Weaving;
import io.monitoring.agent.instrumentation.WeavingRules;
import io.monitoring.agent.instrumentation.Advice;
import io.monitoring.agent.instrumentation.DeclaredMethod;
import io.monitoring.agent.instrumentation.Matcher;

/**
 * The OpenTelemetry annotations an application already has ({@code opentelemetry-instrumentation-annotations}):
 * a method annotated {@code @WithSpan} is an INTERNAL span (or the annotation's kind) per call, named by the
 * annotation's value or {@code SimpleClass.method}, with its {@code @SpanAttribute} arguments. Classes are found by
 * their constant pool naming the annotation, so no other class reaches the weaver.
 */
public final class WithSpanInstrumentation {
  public static final String WITH_SPAN = "io.opentelemetry.instrumentation.annotations.WithSpan";
  private static final String DESCRIPTOR = "Lio/opentelemetry/instrumentation/annotations/WithSpan;";
  /** A class whose constant pool names the annotation's descriptor declares or calls something annotated with it. */
  public static final PrefilterTransformer.Implementations FAMILY =
      new PrefilterTransformer.Implementations(new String[] {DESCRIPTOR}, DESCRIPTOR, WITH_SPAN);

  private static final String MONO = "reactor.core.publisher.Mono";
  private static final String FLUX = "reactor.core.publisher.Flux";

  private WithSpanInstrumentation() {}

  public static WeavingRules install(WeavingRules rules, Weaving weaving) {
    Matcher<DeclaredMethod> annotated = isMethod().and(not(isAbstract())).and(isAnnotatedWith(named(WITH_SPAN)));
    Matcher<DeclaredMethod> reactive = returns(named(MONO).or(named(FLUX)));
    return rules.type(weaving.declaringMethodsAnnotated(WITH_SPAN))
        .transform(weaving.advice()
            .advice(annotated.and(not(reactive)), "AnnotatedAdvice")
            .advice(annotated.and(reactive), "PublisherAdvice"));
  }

  public static final class AnnotatedAdvice {
    private AnnotatedAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static Object enter(@Advice.Origin Class<?> type, @Advice.Origin("#m#d") String method,
        @Advice.AllArguments Object[] args) {
      return MethodHooks.startAnnotated(type, method, args);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.Enter Object call, @Advice.Return(typing = Advice.Typing.DYNAMIC) Object returned,
        @Advice.Thrown Throwable error) {
      MethodHooks.endWhenComplete(call, returned, error);
    }
  }

  /** A method returning a Reactor {@code Mono} or {@code Flux}: it returns the same publisher, observed until it ends. */
  public static final class PublisherAdvice {
    private PublisherAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static Object enter(@Advice.Origin Class<?> type, @Advice.Origin("#m#d") String method,
        @Advice.AllArguments Object[] args) {
      return MethodHooks.startAnnotated(type, method, args);
    }

    @SuppressWarnings("UnusedAssignment")
    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.Enter Object call, @Advice.Thrown Throwable error,
        @Advice.Return(readOnly = false, typing = Advice.Typing.DYNAMIC) Object returned) {
      returned = MethodHooks.endWhenComplete(call, returned, error);
    }
  }
}
