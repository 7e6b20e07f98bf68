package io.monitoring.agent.cache;

import java.util.Optional;

/**
 * The application class that built a cache, by simple name ({@code ProductCatalog}): the stable name of
 * a Caffeine cache the application did not name. Read once per cache, at build time.
 */
final class BuildSite {
  private static final StackWalker WALKER = StackWalker.getInstance();

  private BuildSite() {}

  static String applicationClass() {
    Optional<String> caller = WALKER.walk(frames -> frames.map(StackWalker.StackFrame::getClassName)
        .filter(BuildSite::isApplication).findFirst());
    return caller.map(BuildSite::simpleName).orElse("unnamed");
  }

  private static boolean isApplication(String className) {
    return !(className.startsWith("io.monitoring.agent.") || className.startsWith("com.github.benmanes.caffeine.")
        || className.startsWith("com.google.common.cache.")
        || className.startsWith("java.") || className.startsWith("jdk.") || className.startsWith("sun."));
  }

  private static String simpleName(String className) {
    return className.substring(className.lastIndexOf('.') + 1);
  }
}
