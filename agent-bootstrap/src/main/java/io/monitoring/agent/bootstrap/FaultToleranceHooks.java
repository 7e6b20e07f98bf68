package io.monitoring.agent.bootstrap;

/**
 * What advice woven into circuit breakers and rate limiters calls: a breaker was created, a breaker recorded a
 * call's outcome, a rate limiter refused a permit. The agent reads names and states from the objects themselves
 * (the breaker's state when {@code /metrics} is scraped); no listener the application could see is registered.
 */
public final class FaultToleranceHooks {
  public static final int SUCCESS = 0;
  public static final int FAILURE = 1;
  public static final int NOT_PERMITTED = 2;

  public interface Handler {
    void breakerCreated(Object breaker);

    /** {@code outcome}: {@link #SUCCESS}, {@link #FAILURE} or {@link #NOT_PERMITTED}. */
    void callRecorded(Object breaker, int outcome);

    void permitRefused(Object limiter);
  }

  private static volatile Handler handler;

  private FaultToleranceHooks() {}

  public static void install(Handler newHandler) {
    handler = newHandler;
  }

  public static void breakerCreated(Object breaker) {
    handler.breakerCreated(breaker);
  }

  public static void callRecorded(Object breaker, int outcome) {
    handler.callRecorded(breaker, outcome);
  }

  public static void permitRefused(Object limiter) {
    handler.permitRefused(limiter);
  }
}
