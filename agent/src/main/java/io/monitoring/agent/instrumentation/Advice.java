package io.monitoring.agent.instrumentation;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The annotations an advice class is written with. An advice method's body is copied into the library's method
 * ({@link AdviceInliner}): enter advice before its first instruction, exit advice wherever it returns or, with
 * {@code onThrowable}, throws. Its parameters name what of the library's method it reads (and, where not read-only,
 * writes); its enter advice's return value is the exit advice's {@link Enter}. The same vocabulary as Byte Buddy's
 * {@code Advice}, which the agent used before it wove with ASM directly: only the parts the agent's advice uses.
 * Read from the advice's class file, never at run time.
 */
public final class Advice {
  private Advice() {}

  /** Runs before the method's own code; in a constructor, before its call to the super constructor (no {@link This}). */
  @Retention(RetentionPolicy.CLASS)
  @Target(ElementType.METHOD)
  public @interface OnMethodEnter {
    /** Throwables caught around the advice, counted by the agent, never seen by the application. */
    Class<? extends Throwable> suppress() default NoExceptionHandler.class;
  }

  /** Runs when the method returns and, with {@code onThrowable}, when it throws (which it still does afterwards). */
  @Retention(RetentionPolicy.CLASS)
  @Target(ElementType.METHOD)
  public @interface OnMethodExit {
    Class<? extends Throwable> onThrowable() default NoExceptionHandler.class;

    Class<? extends Throwable> suppress() default NoExceptionHandler.class;
  }

  /** No handler: the default of {@code suppress} and {@code onThrowable}. */
  public static final class NoExceptionHandler extends Throwable {
    private NoExceptionHandler() {}
  }

  /** The instance the method runs on. */
  @Retention(RetentionPolicy.CLASS)
  @Target(ElementType.PARAMETER)
  public @interface This {}

  /** The method's argument at {@code value}; {@code readOnly = false}: what the advice assigns replaces it. */
  @Retention(RetentionPolicy.CLASS)
  @Target(ElementType.PARAMETER)
  public @interface Argument {
    int value();

    boolean readOnly() default true;
  }

  /** Every argument, boxed, in a new array. */
  @Retention(RetentionPolicy.CLASS)
  @Target(ElementType.PARAMETER)
  public @interface AllArguments {}

  /** What the enter advice returned. */
  @Retention(RetentionPolicy.CLASS)
  @Target(ElementType.PARAMETER)
  public @interface Enter {}

  /** What the method throws, or null when it returns. */
  @Retention(RetentionPolicy.CLASS)
  @Target(ElementType.PARAMETER)
  public @interface Thrown {}

  /**
   * What the method returns (its default value when it throws); {@code readOnly = false}: what the advice assigns is
   * returned instead. {@code DYNAMIC}: the parameter's type need not be the return type's (a cast is inserted).
   */
  @Retention(RetentionPolicy.CLASS)
  @Target(ElementType.PARAMETER)
  public @interface Return {
    boolean readOnly() default true;

    Typing typing() default Typing.STATIC;
  }

  /** A field the instance declares; {@code readOnly = false}: what the advice assigns is stored in it. */
  @Retention(RetentionPolicy.CLASS)
  @Target(ElementType.PARAMETER)
  public @interface FieldValue {
    String value();

    boolean readOnly() default true;
  }

  /**
   * The method as a constant: {@code "#m"} its name, {@code "#d"} its descriptor, {@code "#t"} its declaring type's
   * name, combined as written; on a {@code Class} parameter, the declaring class.
   */
  @Retention(RetentionPolicy.CLASS)
  @Target(ElementType.PARAMETER)
  public @interface Origin {
    String value() default "";
  }

  /** Whether a value's type is checked where the advice is written (static) or cast where it is woven (dynamic). */
  public enum Typing {
    STATIC, DYNAMIC
  }
}
