package io.monitoring.agent.instrumentation;

/** Whether a type or method is one an instrumentation weaves; built with {@link Matchers}. */
public interface Matcher<T> {
  boolean matches(T target);

  default <U extends T> Matcher<U> and(Matcher<? super U> other) {
    Matcher<T> self = this;
    return new Matcher<U>() {
      @Override
      public boolean matches(U target) {
        return self.matches(target) && other.matches(target);
      }
    };
  }

  default <U extends T> Matcher<U> or(Matcher<? super U> other) {
    Matcher<T> self = this;
    return new Matcher<U>() {
      @Override
      public boolean matches(U target) {
        return self.matches(target) || other.matches(target);
      }
    };
  }
}
