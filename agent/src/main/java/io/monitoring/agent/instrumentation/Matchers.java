package io.monitoring.agent.instrumentation;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.objectweb.asm.Opcodes;

/** The matchers instrumentations declare their types and methods with, read from class files ({@link DeclaredType}). */
public final class Matchers {
  private Matchers() {}

  public static <T extends Named> Matcher<T> named(String name) {
    return new Condition<>(Condition.NAMED, name, 0, null, null, null);
  }

  public static <T extends Named> Matcher<T> namedOneOf(String... names) {
    return new Condition<>(Condition.NAMED_ONE_OF, null, 0, new HashSet<>(Arrays.asList(names)), null, null);
  }

  public static <T> Matcher<T> not(Matcher<T> matcher) {
    return new Condition<>(Condition.NOT, null, 0, null, matcher, null);
  }

  static <T> Matcher<T> both(Matcher<? super T> first, Matcher<? super T> second) {
    return new Condition<>(Condition.BOTH, null, 0, null, first, second);
  }

  static <T> Matcher<T> either(Matcher<? super T> first, Matcher<? super T> second) {
    return new Condition<>(Condition.EITHER, null, 0, null, first, second);
  }

  public static Matcher<DeclaredMethod> isPublic() {
    return flag(Opcodes.ACC_PUBLIC);
  }

  public static Matcher<DeclaredMethod> isStatic() {
    return flag(Opcodes.ACC_STATIC);
  }

  public static Matcher<DeclaredMethod> isAbstract() {
    return flag(Opcodes.ACC_ABSTRACT);
  }

  public static Matcher<DeclaredMethod> isSynthetic() {
    return flag(Opcodes.ACC_SYNTHETIC);
  }

  public static Matcher<DeclaredMethod> isNative() {
    return flag(Opcodes.ACC_NATIVE);
  }

  public static Matcher<DeclaredMethod> isBridge() {
    return flag(Opcodes.ACC_BRIDGE);
  }

  private static Matcher<DeclaredMethod> flag(int flag) {
    return new Condition<>(Condition.FLAG, null, flag, null, null, null);
  }

  public static Matcher<DeclaredMethod> isConstructor() {
    return new Condition<>(Condition.CONSTRUCTOR, null, 0, null, null, null);
  }

  public static Matcher<DeclaredMethod> isTypeInitializer() {
    return new Condition<>(Condition.TYPE_INITIALIZER, null, 0, null, null, null);
  }

  /** Neither a constructor nor the type initialiser. */
  public static Matcher<DeclaredMethod> isMethod() {
    return new Condition<>(Condition.METHOD, null, 0, null, null, null);
  }

  public static Matcher<DeclaredMethod> takesArguments(int count) {
    return new Condition<>(Condition.ARGUMENT_COUNT, null, count, null, null, null);
  }

  /** Exactly these argument types. */
  public static Matcher<DeclaredMethod> takesArguments(Class<?>... types) {
    Matcher<DeclaredMethod> matcher = takesArguments(types.length);
    for (int i = 0; i < types.length; i++) {
      matcher = matcher.and(takesArgument(i, types[i]));
    }
    return matcher;
  }

  public static Matcher<DeclaredMethod> takesArgument(int index, Class<?> type) {
    return takesArgument(index, named(type.getTypeName()));
  }

  public static Matcher<DeclaredMethod> takesArgument(int index, Matcher<? super Named> type) {
    return new Condition<>(Condition.ARGUMENT, null, index, null, type, null);
  }

  public static Matcher<DeclaredMethod> returns(Matcher<? super Named> type) {
    return new Condition<>(Condition.RETURNS, null, 0, null, type, null);
  }

  public static Matcher<DeclaredMethod> isAnnotatedWith(Matcher<? super Named> annotationType) {
    return new Condition<>(Condition.ANNOTATED, null, 0, null, annotationType, null);
  }

  /** A type declaring (not inheriting) a field of that name. */
  public static Matcher<DeclaredType> declaresField(Matcher<? super Named> name) {
    return new Condition<>(Condition.DECLARES_FIELD, null, 0, null, name, null);
  }

  public static Matcher<DeclaredType> declaresMethod(Matcher<? super DeclaredMethod> method) {
    return new Condition<>(Condition.DECLARES_METHOD, null, 0, null, method, null);
  }

  /** The type itself or any super class or interface that can be read matches. */
  public static Matcher<DeclaredType> hasSuperType(Matcher<? super Named> superType) {
    return new Condition<>(Condition.SUPER_TYPE, null, 0, null, superType, null);
  }

  /**
   * Every matcher above, told apart by {@code kind}: one class where an anonymous class each loaded 16 into every
   * application at start-up (their instances are built once, in premain; the switch costs nothing measurable).
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private static final class Condition<T> implements Matcher<T> {
    static final int NAMED = 0, NAMED_ONE_OF = 1, NOT = 2, BOTH = 3, EITHER = 4, FLAG = 5, CONSTRUCTOR = 6,
        TYPE_INITIALIZER = 7, METHOD = 8, ARGUMENT_COUNT = 9, ARGUMENT = 10, RETURNS = 11, ANNOTATED = 12,
        DECLARES_FIELD = 13, DECLARES_METHOD = 14, SUPER_TYPE = 15;

    private final int kind;
    private final String name;
    private final int number;
    private final Set<String> names;
    private final Matcher first;
    private final Matcher second;

    Condition(int kind, String name, int number, Set<String> names, Matcher<?> first, Matcher<?> second) {
      this.kind = kind;
      this.name = name;
      this.number = number;
      this.names = names;
      this.first = first;
      this.second = second;
    }

    @Override
    public boolean matches(T target) {
      switch (kind) {
        case NAMED: return ((Named) target).name().equals(name);
        case NAMED_ONE_OF: return names.contains(((Named) target).name());
        case NOT: return !first.matches(target);
        case BOTH: return first.matches(target) && second.matches(target);
        case EITHER: return first.matches(target) || second.matches(target);
        case FLAG: return ((DeclaredMethod) target).is(number);
        case CONSTRUCTOR: return ((DeclaredMethod) target).isConstructor();
        case TYPE_INITIALIZER: return ((DeclaredMethod) target).isTypeInitializer();
        case METHOD: return !((DeclaredMethod) target).isConstructor() && !((DeclaredMethod) target).isTypeInitializer();
        case ARGUMENT_COUNT: return ((DeclaredMethod) target).argumentCount() == number;
        case ARGUMENT:
          DeclaredMethod method = (DeclaredMethod) target;
          return method.argumentCount() > number && first.matches(Named.of(method.argumentType(number)));
        case RETURNS: return first.matches(Named.of(((DeclaredMethod) target).returnType()));
        case ANNOTATED: return anyNamed(((DeclaredMethod) target).annotations());
        case DECLARES_FIELD: return anyNamed(((DeclaredType) target).fieldNames());
        case DECLARES_METHOD:
          for (DeclaredMethod declared : ((DeclaredType) target).methods) {
            if (first.matches(declared)) {
              return true;
            }
          }
          return false;
        case SUPER_TYPE: return ImplementsInterface.anyInHierarchy((DeclaredType) target, first, new HashSet<>());
        default: throw new IllegalStateException("matcher kind " + kind);
      }
    }

    private boolean anyNamed(Iterable<String> candidates) {
      for (String candidate : candidates) {
        if (first.matches(Named.of(candidate))) {
          return true;
        }
      }
      return false;
    }
  }
}
