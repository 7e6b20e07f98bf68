package io.monitoring.agent.cache;

import java.util.Iterator;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The application class that built a cache, by simple name ({@code ProductCatalog}): the stable name of
 * a Caffeine cache the application did not name. Read once per cache, at build time.
 */
final class BuildSite implements Function<Stream<StackWalker.StackFrame>, String> {
  private static final StackWalker WALKER = StackWalker.getInstance();
  /** The walk itself: one class, where a stream pipeline of method references loaded four. */
  private static final BuildSite FIRST_APPLICATION_FRAME = new BuildSite();

  private BuildSite() {}

  static String applicationClass() {
    String caller = WALKER.walk(FIRST_APPLICATION_FRAME);
    return caller == null ? "unnamed" : caller.substring(caller.lastIndexOf('.') + 1);
  }

  @Override
  public String apply(Stream<StackWalker.StackFrame> frames) {
    for (Iterator<StackWalker.StackFrame> i = frames.iterator(); i.hasNext(); ) {
      String className = i.next().getClassName();
      if (isApplication(className)) {
        return className;
      }
    }
    return null;
  }

  private static boolean isApplication(String className) {
    return !(className.startsWith("io.monitoring.agent.") || className.startsWith("com.github.benmanes.caffeine.")
        || className.startsWith("com.google.common.cache.")
        || className.startsWith("java.") || className.startsWith("jdk.") || className.startsWith("sun."));
  }
}
