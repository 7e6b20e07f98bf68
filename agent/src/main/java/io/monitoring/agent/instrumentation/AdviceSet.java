package io.monitoring.agent.instrumentation;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Which advice an instrumentation weaves into which methods of a type it matched. An advice class is read from the
 * agent's jar as a class file, never loaded (it references library types the agent's loader cannot see), once, on
 * its first use, and its code is copied into every method it is woven into ({@link AdviceInliner}). Failures inside
 * advice are counted under the instrumentation's name, never thrown to the application.
 *
 * <p>Advice classes are named by strings, not class literals: a literal loads the class, and the ~110 advice classes
 * of the instrumentations installed at start-up were 110 of the agent's loaded classes for nothing. A name without
 * {@code $} is a class nested in the installer ({@code "Start"}); one with it, a nested class of the installer's
 * package ({@code "HikariPoolInstrumentation$ConstructorAdvice"}); {@code InstrumentedLibrariesTest} reads every
 * one named.
 */
public final class AdviceSet {
  final String instrumentation;
  private final String installer;
  private final List<Entry> entries;

  /** Advice for the methods one matcher picks: enter and exit code, read on first use. */
  static final class Entry {
    final Matcher<? super DeclaredMethod> methods;
    private final String enterClass;
    private final String exitClass;
    private volatile AdviceMethod[] code;

    Entry(Matcher<? super DeclaredMethod> methods, String enterClass, String exitClass) {
      this.methods = methods;
      this.enterClass = enterClass;
      this.exitClass = exitClass;
    }

    AdviceMethod enter() {
      return code()[0];
    }

    AdviceMethod exit() {
      return code()[1];
    }

    private AdviceMethod[] code() {
      AdviceMethod[] read = code;
      if (read == null) {
        AdviceMethod enter = AdviceMethod.read(enterClass, true);
        AdviceMethod exit = AdviceMethod.read(exitClass, false);
        if (enter == null && exit == null) {
          throw new IllegalStateException(enterClass + " has no advice");
        }
        code = read = new AdviceMethod[] {enter, exit};
      }
      return read;
    }
  }

  /** {@code installer}: the class whose {@code install} names the advice, which names are resolved against. */
  AdviceSet(String instrumentation, Class<?> installer) {
    this(instrumentation, installer.getName(), Collections.emptyList());
  }

  private AdviceSet(String instrumentation, String installer, List<Entry> entries) {
    this.instrumentation = instrumentation;
    this.installer = installer;
    this.entries = entries;
  }

  /** {@code adviceClass}'s enter and exit advice on the methods matched. */
  public AdviceSet advice(Matcher<? super DeclaredMethod> methods, String adviceClass) {
    return with(new Entry(methods, resolve(adviceClass), resolve(adviceClass)));
  }

  /** Enter advice from one class and exit advice from another on the methods matched. */
  public AdviceSet advice(Matcher<? super DeclaredMethod> methods, String enterClass, String exitClass) {
    return with(new Entry(methods, resolve(enterClass), resolve(exitClass)));
  }

  private String resolve(String adviceClass) {
    return adviceClass.indexOf('$') < 0 ? installer + "$" + adviceClass
        : installer.substring(0, installer.lastIndexOf('.') + 1) + adviceClass;
  }

  private AdviceSet with(Entry entry) {
    List<Entry> more = new ArrayList<>(entries);
    more.add(entry);
    return new AdviceSet(instrumentation, installer, Collections.unmodifiableList(more));
  }

  List<Entry> entries() {
    return entries;
  }
}
