package io.monitoring.agent.instrumentation.methods;

import static net.bytebuddy.matcher.ElementMatchers.isAnnotatedWith;
import static net.bytebuddy.matcher.ElementMatchers.isMethod;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.returns;

import io.monitoring.agent.bootstrap.MethodHooks;
import io.monitoring.agent.instrumentation.PrefilterTransformer;
import io.monitoring.agent.instrumentation.Weaving;
import io.monitoring.agent.instrumentation.WeavingRules;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * The OpenTelemetry annotations an application already has ({@code opentelemetry-instrumentation-annotations}):
 * a method annotated {@code @WithSpan} is an INTERNAL span (or the annotation's kind) per call, named by the
 * annotation's value or {@code SimpleClass.method}, with its {@code @SpanAttribute} arguments. Classes are found by
 * their constant pool naming the annotation, so no other class reaches Byte Buddy.
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
    ElementMatcher.Junction<MethodDescription> annotated = isMethod().and(not(isAbstract())).and(isAnnotatedWith(named(WITH_SPAN)));
    ElementMatcher.Junction<MethodDescription> reactive = returns(named(MONO).or(named(FLUX)));
    return rules.type(weaving.declaringMethodsAnnotated(WITH_SPAN))
        .transform(weaving.advice()
            .advice(annotated.and(not(reactive)), AnnotatedAdvice.class.getName())
            .advice(annotated.and(reactive), PublisherAdvice.class.getName()));
  }

  public static final class AnnotatedAdvice {
    private AnnotatedAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static Object enter(@Advice.Origin Class<?> type, @Advice.Origin("#m#d") String method,
        @Advice.AllArguments Object[] args) {
      return MethodHooks.startAnnotated(type, method, args);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.Enter Object call, @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object returned,
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
        @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object returned) {
      returned = MethodHooks.endWhenComplete(call, returned, error);
    }
  }
}
