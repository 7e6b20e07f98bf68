package io.monitoring.agent.instrumentation;

import static io.monitoring.agent.instrumentation.Matchers.isConstructor;
import static io.monitoring.agent.instrumentation.Matchers.named;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.monitoring.agent.bootstrap.AgentErrors;
import io.monitoring.agent.instrumentation.woven.TestAdvice;
import io.monitoring.agent.instrumentation.woven.Targets;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Advice copied into a method with ASM: the woven class is defined in its own loader (so the JVM verifies it) and
 * called. The method must return and throw exactly what it did without advice; the advice must see what it binds.
 */
class AdviceInlinerTest {
  private static final String SERVICE = Targets.Service.class.getName();
  private final List<String> errors = new ArrayList<>();

  @BeforeEach
  void recordErrors() {
    Targets.SEEN.clear();
    AgentErrors.install((instrumentation, error) -> errors.add(instrumentation + ": " + error.getMessage()));
  }

  @AfterEach
  void forgetErrors() {
    AgentErrors.install(null);
  }

  @Test
  void enterValueReturnValueArgumentsAndThisReachTheExitAroundLoopsAndHandlers() throws Exception {
    Object service = construct(weave(named("compute"), TestAdvice.Timing.class), "s", 1L);

    assertEquals(34L, call(service, "compute", 3, 4L, 1.5d, "abc"));
    assertEquals(List.of("enter " + SERVICE + ".compute(IJDLjava/lang/String;)J 3", "exit 1003 34 null true abc"), Targets.SEEN);
    Targets.SEEN.clear();
    assertEquals(-1L, call(service, "compute", 2, -5L, 1d, null), "the early return");
    assertEquals("exit 1002 -1 null true null", Targets.SEEN.get(1));
    assertEquals(2L, call(service, "calls"), "the method's own state");
  }

  @Test
  void aThrownExceptionIsSeenByTheExitAndStillThrownUnchanged() throws Exception {
    Object service = construct(weave(named("fail"), TestAdvice.Failing.class), "s", 1L);

    InvocationTargetException thrown = assertThrows(InvocationTargetException.class, () -> call(service, "fail", "boom"));
    assertEquals(IllegalArgumentException.class, thrown.getCause().getClass());
    assertEquals("boom", thrown.getCause().getMessage());
    assertEquals(List.of("enter boom", "exit 4 IllegalArgumentException null"), Targets.SEEN);
  }

  @Test
  void adviceThatThrowsIsCountedAndTheMethodRunsAsIfUnwoven() throws Exception {
    Object service = construct(weave(named("echo"), TestAdvice.Broken.class), "s", 1L);

    assertEquals("hello", call(service, "echo", "hello"));
    assertEquals(List.of("exit sees default null"), Targets.SEEN);
    assertEquals(List.of("test: enter broke", "test: exit broke"), errors);
  }

  @Test
  void writableArgumentsReturnValuesAndFieldsAreWrittenBack() throws Exception {
    Class<?> woven = weave(named("echo"), TestAdvice.ReplaceArgument.class, named("number").or(named("echo")),
        TestAdvice.ReplaceReturn.class, named("field"), TestAdvice.Field.class);
    Object service = construct(woven, "s", 1L);

    assertEquals("hi (replaced)!", call(service, "echo", "hi"));
    assertEquals(42, call(service, "number"), "a primitive return unboxed from the advice's Object");
    assertEquals("base-connection", call(service, "field"), "the value returned was read before the exit");
    assertEquals("replaced-connection", call(service, "field"), "an inherited field, written by the exit");
    assertEquals(List.of("field base-connection", "field replaced-connection"), Targets.SEEN);
  }

  @Test
  void constructorsStaticMethodsAndVoidMethods() throws Exception {
    Class<?> woven = weave(isConstructor(), TestAdvice.Constructed.class, named("shout").or(named("nothing")),
        TestAdvice.Everything.class);
    Object service = construct(woven, "svc", 7L);

    assertEquals("SVC", woven.getMethod("shout", String.class).invoke(null, "svc"));
    assertEquals(null, call(service, "nothing"));
    assertEquals(List.of(), errors);
    assertEquals(List.of("constructed svc@7 Service", "all [svc] Service", "returned SVC for 1", "all [] Service",
        "returned null for 0"), Targets.SEEN);
  }

  @Test
  void twoAdviceOnOneMethodNestTheFirstInstalledOutermost() throws Exception {
    Object service = construct(weave(named("compute"), TestAdvice.Outer.class, named("compute"), TestAdvice.Timing.class), "s", 1L);

    assertEquals(4L, call(service, "compute", 0, 4L, 1d, "x"));
    assertEquals(List.of("outer enter", "enter " + SERVICE + ".compute(IJDLjava/lang/String;)J 0",
        "exit 1000 4 null true x", "outer exit"), Targets.SEEN);
  }

  @Test
  void anEmptyMethodKeepsAnExceptionRangeTheJvmAccepts() throws Exception {
    Object service = construct(weave(named("empty"), TestAdvice.Outer.class), "s", 1L);

    assertEquals(null, call(service, "empty"));
    assertEquals(List.of("outer enter", "outer exit"), Targets.SEEN);
  }

  /** {@code Service} woven with each (method matcher, advice class) pair, in its own loader. */
  private static Class<?> weave(Object... methodsAndAdvice) throws Exception {
    AdviceSet advice = new AdviceSet("test", TestAdvice.class);
    for (int i = 0; i < methodsAndAdvice.length; i += 2) {
      @SuppressWarnings("unchecked")
      Matcher<? super DeclaredMethod> methods = (Matcher<? super DeclaredMethod>) methodsAndAdvice[i];
      advice = advice.advice(methods, ((Class<?>) methodsAndAdvice[i + 1]).getSimpleName());
    }
    WeavingRules rules = new WeavingRules().type(named(SERVICE)).transform(advice);
    byte[] woven = new AdviceTransformer(rules, false).weave(classFile(Targets.Service.class),
        DeclaredTypes.of(AdviceInlinerTest.class.getClassLoader()));
    return new ClassLoader(AdviceInlinerTest.class.getClassLoader()) {
      @Override
      protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        return name.equals(SERVICE) ? defineClass(name, woven, 0, woven.length) : super.loadClass(name, resolve);
      }
    }.loadClass(SERVICE);
  }

  private static Object construct(Class<?> type, String name, long start) throws Exception {
    Constructor<?> constructor = type.getConstructor(String.class, long.class);
    return constructor.newInstance(name, start);
  }

  private static Object call(Object target, String name, Object... arguments) throws Exception {
    for (Method method : target.getClass().getMethods()) {
      if (method.getName().equals(name) && method.getParameterCount() == arguments.length) {
        return method.invoke(target, arguments);
      }
    }
    throw new NoSuchMethodException(name);
  }

  private static byte[] classFile(Class<?> type) throws IOException {
    try (InputStream in = type.getResourceAsStream(type.getName().substring(type.getName().lastIndexOf('.') + 1) + ".class")) {
      return in.readAllBytes();
    }
  }
}
