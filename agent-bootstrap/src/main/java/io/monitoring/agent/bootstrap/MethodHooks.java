package io.monitoring.agent.bootstrap;

/**
 * What advice woven into the application's own methods calls: a method named in {@code monitoring.methods}, or one
 * annotated {@code @WithSpan}, started; it ended (returned or threw), or ends when the stage it returned completes.
 * The agent times it and makes it a span around what it calls.
 */
public final class MethodHooks {
  public interface Handler {
    /** Returns what {@link #end} is given: the call being timed, or null when it is not. */
    Object start(String type, String method);

    void end(Object call, Throwable error);

    /** {@code method}: name and descriptor, {@code place(J)Ljava/lang/String;}; {@code args}: its arguments. */
    Object startAnnotated(Class<?> type, String method, Object[] args);

    /**
     * {@code returned}: what the method returned; a {@code CompletionStage} ends the call when it completes. Returns
     * what the method returns: {@code returned}, or the same Reactor publisher observed until it terminates.
     */
    Object endWhenComplete(Object call, Object returned, Throwable error);
  }

  private static volatile Handler handler;

  private MethodHooks() {}

  public static void install(Handler newHandler) {
    handler = newHandler;
  }

  public static Object start(String type, String method) {
    return handler.start(type, method);
  }

  public static void end(Object call, Throwable error) {
    handler.end(call, error);
  }

  public static Object startAnnotated(Class<?> type, String method, Object[] args) {
    return handler.startAnnotated(type, method, args);
  }

  public static Object endWhenComplete(Object call, Object returned, Throwable error) {
    return handler.endWhenComplete(call, returned, error);
  }
}
