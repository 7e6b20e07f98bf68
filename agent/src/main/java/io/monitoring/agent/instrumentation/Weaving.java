package io.monitoring.agent.instrumentation;


/**
 * What an instrumentation's {@code install} is given: its advice, with failures counted under its name, and
 * matchers for the types it declared. A type it weaves without declaring it would never pass premain's
 * prefilter and so silently never be woven: asking for one fails the agent's build of its transformer (and
 * {@code InstrumentedLibrariesTest}) instead.
 */
public final class Weaving {
  private final InstrumentedLibrary library;
  private final AdviceSet advice;

  Weaving(InstrumentedLibrary library, AdviceSet advice) {
    this.library = library;
    this.advice = advice;
  }

  /**
   * Exactly these types, each of which the library declares; given as {@link InstrumentedLibrary#types} takes them,
   * an installer's comma-separated {@code TYPES} or single names.
   */
  public Matcher<DeclaredType> types(String... commaSeparated) {
    String[] names = InstrumentedLibrary.split(commaSeparated);
    for (String name : names) {
      if (!library.declares(name)) {
        throw new IllegalStateException(library.name + " weaves " + name + " without declaring it");
      }
    }
    return Matchers.namedOneOf(names);
  }

  /** Every class implementing {@code interfaceName}, which the library declares as its family. */
  public Matcher<DeclaredType> implementing(String interfaceName) {
    if (!library.declaresFamily(interfaceName)) {
      throw new IllegalStateException(library.name + " weaves implementations of " + interfaceName + " without declaring them");
    }
    return new ImplementsInterface(interfaceName);
  }

  /** Every class that declares a method annotated {@code annotationName}, which the library declares as its family. */
  public Matcher<DeclaredType> declaringMethodsAnnotated(String annotationName) {
    if (!library.declaresFamily(annotationName)) {
      throw new IllegalStateException(library.name + " weaves methods annotated " + annotationName + " without declaring them");
    }
    return Matchers.declaresMethod(Matchers.isAnnotatedWith(Matchers.named(annotationName)));
  }

  public AdviceSet advice() {
    return advice;
  }
}
