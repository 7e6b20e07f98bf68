package io.monitoring.agent.instrumentation.woven;

import io.monitoring.agent.instrumentation.Advice;

/** Advice written as the agent's is: bound parameters, handed to something else. */
public final class TestAdvice {
  private TestAdvice() {}

  public static final class Timing {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static long enter(@Advice.Argument(0) int count, @Advice.Origin("#t.#m#d") String origin) {
      Targets.SEEN.add("enter " + origin + " " + count);
      return 1000L + count;
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.Enter long start, @Advice.Return long returned, @Advice.Thrown Throwable error,
        @Advice.This Object self, @Advice.Argument(3) String label) {
      Targets.SEEN.add("exit " + start + " " + returned + " " + error + " " + (self != null) + " " + label);
    }
  }

  public static final class Failing {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static Object enter(@Advice.Argument(0) String message) {
      Targets.SEEN.add("enter " + message);
      return message.length();
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.Enter Object length, @Advice.Thrown Throwable error, @Advice.Return Object returned) {
      Targets.SEEN.add("exit " + length + " " + error.getClass().getSimpleName() + " " + returned);
    }
  }

  /** Throws from both sides: the method must run and return as if no advice were there. */
  public static final class Broken {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static Object enter(@Advice.Argument(0) String value) {
      throw new IllegalStateException("enter broke");
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.Enter Object entered) {
      Targets.SEEN.add("exit sees default " + entered);
      throw new IllegalStateException("exit broke");
    }
  }

  public static final class ReplaceArgument {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void enter(@Advice.Argument(value = 0, readOnly = false) String value) {
      value = value + " (replaced)";
    }
  }

  public static final class ReplaceReturn {
    @Advice.OnMethodExit(suppress = Throwable.class)
    public static void exit(@Advice.Return(readOnly = false, typing = Advice.Typing.DYNAMIC) Object returned) {
      returned = returned instanceof Integer ? (Object) ((Integer) returned + 1) : returned + "!";
    }
  }

  public static final class Field {
    @Advice.OnMethodExit(suppress = Throwable.class)
    public static void exit(@Advice.FieldValue(value = "connection", readOnly = false) String connection) {
      Targets.SEEN.add("field " + connection);
      connection = "replaced-connection";
    }
  }

  public static final class Constructed {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static String enter(@Advice.Argument(0) String name, @Advice.Argument(1) long start) {
      return name + "@" + start;
    }

    @Advice.OnMethodExit(suppress = Throwable.class)
    public static void exit(@Advice.This Object self, @Advice.Enter String entered) {
      Targets.SEEN.add("constructed " + entered + " " + self.getClass().getName().replaceAll(".*[$]", ""));
    }
  }

  public static final class Everything {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static Object[] enter(@Advice.AllArguments Object[] arguments, @Advice.Origin Class<?> type) {
      Targets.SEEN.add("all " + java.util.Arrays.toString(arguments) + " " + type.getName().replaceAll(".*[$]", ""));
      return arguments;
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.Enter Object[] arguments, @Advice.Return(typing = Advice.Typing.DYNAMIC) Object returned) {
      Targets.SEEN.add("returned " + returned + " for " + arguments.length);
    }
  }

  public static final class Outer {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void enter() {
      Targets.SEEN.add("outer enter");
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit() {
      Targets.SEEN.add("outer exit");
    }
  }
}
