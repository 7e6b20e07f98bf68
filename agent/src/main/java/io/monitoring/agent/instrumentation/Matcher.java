package io.monitoring.agent.instrumentation;

/** Whether a type or method is one an instrumentation weaves; built with {@link Matchers}. */
public interface Matcher<T> {
  boolean matches(T target);

  default <U extends T> Matcher<U> and(Matcher<? super U> other) {
    return Matchers.both(this, other);
  }

  default <U extends T> Matcher<U> or(Matcher<? super U> other) {
    return Matchers.either(this, other);
  }
}
