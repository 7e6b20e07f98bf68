package io.monitoring.agent.instrumentation;

/** What a matcher can name: a type (its Java name, {@code java.lang.String}, {@code int[]}), a method or a field. */
public interface Named {
  String name();

  /** A bare name: a field's, an argument type's, an annotation's. */
  static Named of(String name) {
    return new Name(name);
  }

  /** {@link #of}'s. */
  final class Name implements Named {
    private final String name;

    Name(String name) {
      this.name = name;
    }

    @Override
    public String name() {
      return name;
    }
  }
}
