package io.monitoring.agent.instrumentation;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.objectweb.asm.Opcodes;

/** The matchers instrumentations declare their types and methods with, read from class files ({@link DeclaredType}). */
public final class Matchers {
  private Matchers() {}

  public static <T extends Named> Matcher<T> named(String name) {
    return new Matcher<T>() {
      @Override
      public boolean matches(T target) {
        return target.name().equals(name);
      }
    };
  }

  public static <T extends Named> Matcher<T> namedOneOf(String... names) {
    Set<String> set = new HashSet<>(Arrays.asList(names));
    return new Matcher<T>() {
      @Override
      public boolean matches(T target) {
        return set.contains(target.name());
      }
    };
  }

  public static <T> Matcher<T> not(Matcher<T> matcher) {
    return new Matcher<T>() {
      @Override
      public boolean matches(T target) {
        return !matcher.matches(target);
      }
    };
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
    return new Matcher<DeclaredMethod>() {
      @Override
      public boolean matches(DeclaredMethod method) {
        return method.is(flag);
      }
    };
  }

  public static Matcher<DeclaredMethod> isConstructor() {
    return new Matcher<DeclaredMethod>() {
      @Override
      public boolean matches(DeclaredMethod method) {
        return method.isConstructor();
      }
    };
  }

  public static Matcher<DeclaredMethod> isTypeInitializer() {
    return new Matcher<DeclaredMethod>() {
      @Override
      public boolean matches(DeclaredMethod method) {
        return method.isTypeInitializer();
      }
    };
  }

  /** Neither a constructor nor the type initialiser. */
  public static Matcher<DeclaredMethod> isMethod() {
    return new Matcher<DeclaredMethod>() {
      @Override
      public boolean matches(DeclaredMethod method) {
        return !method.isConstructor() && !method.isTypeInitializer();
      }
    };
  }

  public static Matcher<DeclaredMethod> takesArguments(int count) {
    return new Matcher<DeclaredMethod>() {
      @Override
      public boolean matches(DeclaredMethod method) {
        return method.argumentCount() == count;
      }
    };
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
    return new Matcher<DeclaredMethod>() {
      @Override
      public boolean matches(DeclaredMethod method) {
        return method.argumentCount() > index && type.matches(Named.of(method.argumentType(index)));
      }
    };
  }

  public static Matcher<DeclaredMethod> returns(Matcher<? super Named> type) {
    return new Matcher<DeclaredMethod>() {
      @Override
      public boolean matches(DeclaredMethod method) {
        return type.matches(Named.of(method.returnType()));
      }
    };
  }

  public static Matcher<DeclaredMethod> isAnnotatedWith(Matcher<? super Named> annotationType) {
    return new Matcher<DeclaredMethod>() {
      @Override
      public boolean matches(DeclaredMethod method) {
        for (String annotation : method.annotations()) {
          if (annotationType.matches(Named.of(annotation))) {
            return true;
          }
        }
        return false;
      }
    };
  }

  /** A type declaring (not inheriting) a field of that name. */
  public static Matcher<DeclaredType> declaresField(Matcher<? super Named> name) {
    return new Matcher<DeclaredType>() {
      @Override
      public boolean matches(DeclaredType type) {
        for (String field : type.fieldNames()) {
          if (name.matches(Named.of(field))) {
            return true;
          }
        }
        return false;
      }
    };
  }

  public static Matcher<DeclaredType> declaresMethod(Matcher<? super DeclaredMethod> method) {
    return new Matcher<DeclaredType>() {
      @Override
      public boolean matches(DeclaredType type) {
        for (DeclaredMethod declared : type.methods) {
          if (method.matches(declared)) {
            return true;
          }
        }
        return false;
      }
    };
  }

  /** The type itself or any super class or interface that can be read matches. */
  public static Matcher<DeclaredType> hasSuperType(Matcher<? super Named> superType) {
    return new Matcher<DeclaredType>() {
      @Override
      public boolean matches(DeclaredType type) {
        return ImplementsInterface.anyInHierarchy(type, superType, new HashSet<>());
      }
    };
  }
}
