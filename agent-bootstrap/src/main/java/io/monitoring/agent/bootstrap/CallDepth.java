package io.monitoring.agent.bootstrap;

/**
 * Per-thread nesting depth per kind of call, so that of nested calls of one kind (a filter chain
 * calling a servlet, a pool's statement proxy calling the driver's) only the outermost is measured.
 * Every advice that calls {@link #enter} calls {@link #exit} exactly once, whatever happens.
 */
public final class CallDepth {
  public static final int HTTP_SERVER = 0;
  public static final int DB = 1;
  public static final int HTTP_CLIENT = 2;
  public static final int CACHE = 3;
  private static final int KINDS = 8;

  // an anonymous subclass rather than withInitial(lambda): no invokedynamic in bootstrap classes
  private static final ThreadLocal<int[]> DEPTHS =
      new ThreadLocal<int[]>() {
        @Override
        protected int[] initialValue() {
          return new int[KINDS];
        }
      };

  private CallDepth() {}

  /** Increments the depth and returns the depth before: 0 means this call is the outermost. */
  public static int enter(int kind) {
    return DEPTHS.get()[kind]++;
  }

  public static void exit(int kind) {
    int[] depths = DEPTHS.get();
    if (depths[kind] > 0) {
      depths[kind]--;
    }
  }
}
