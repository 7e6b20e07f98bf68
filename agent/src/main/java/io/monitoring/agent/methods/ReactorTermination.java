package io.monitoring.agent.methods;

import io.monitoring.agent.util.PublicMethods;
import java.lang.reflect.Method;
import java.util.function.Consumer;

/**
 * A Reactor {@code Mono} or {@code Flux} an annotated method returned: the same publisher with the agent told of its
 * end ({@code doOnError}, then {@code doFinally}: completed, failed or cancelled). The publisher is the application's
 * Reactor, reached through its public methods, found once per returned class.
 */
final class ReactorTermination {
  private static final String MONO = "reactor.core.publisher.Mono";
  private static final String FLUX = "reactor.core.publisher.Flux";

  private static final ClassValue<ReactorTermination> BY_TYPE = new ClassValue<ReactorTermination>() {
    @Override
    protected ReactorTermination computeValue(Class<?> type) {
      for (Class<?> c = type; c != null; c = c.getSuperclass()) {
        if (c.getName().equals(MONO) || c.getName().equals(FLUX)) {
          Method doOnError = PublicMethods.find(c, "doOnError", Consumer.class);
          Method doFinally = PublicMethods.find(c, "doFinally", Consumer.class);
          return doOnError == null || doFinally == null ? null : new ReactorTermination(doOnError, doFinally);
        }
      }
      return null;
    }
  };

  private final Method doOnError;
  private final Method doFinally;

  private ReactorTermination(Method doOnError, Method doFinally) {
    this.doOnError = doOnError;
    this.doFinally = doFinally;
  }

  /** The reader of {@code returned}'s class, or null when it is no Reactor publisher. */
  static ReactorTermination of(Object returned) {
    return returned == null ? null : BY_TYPE.get(returned.getClass());
  }

  /** {@code publisher}, calling {@code failed} with its error, then {@code ended} at its end, whichever it is. */
  Object whenTerminated(Object publisher, Consumer<Throwable> failed, Consumer<Object> ended) throws ReflectiveOperationException {
    return doFinally.invoke(doOnError.invoke(publisher, failed), ended);
  }
}
