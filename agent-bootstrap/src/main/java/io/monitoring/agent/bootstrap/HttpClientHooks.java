package io.monitoring.agent.bootstrap;

/**
 * What advice woven into HTTP clients calls: a call starts, ends with a status (0: no response) or an
 * exception, or ends when its completion fires. The advice hands over the library's request object, which
 * the agent gives the trace headers (through its public {@code setHeader}, or as a copy for an immutable
 * request), with the method and URL read off it; a JDK request type the agent reads itself. Only the outermost call on a thread is
 * measured ({@link CallDepth#HTTP_CLIENT}); the agent's export threads hold that depth for good, so the agent
 * never measures or propagates into its own traffic.
 */
public final class HttpClientHooks {
  public interface Handler {
    /**
     * {@code method}, {@code url}: null for a {@code java.net.http.HttpRequest} or {@code java.net.HttpURLConnection},
     * which the agent reads. {@code handedOverBy}: the call object an earlier {@link #handOver} was given (its
     * trace context is the parent), or a call already started for that object, of which {@code request} is then
     * another request (it gets that call's trace headers; no new call starts), or null. {@code endedThrough}: the library object advice will pass to
     * {@link #end} instead of what this returns (an async exchange's callback), or null.
     */
    OutgoingCall start(Object request, String method, String url, Object handedOverBy, Object endedThrough);

    /** The call is passed to another thread that will start it: the current trace context goes with it. */
    void handOver(Object call);

    /** {@code call}: what start returned, or the library object it was started for. Ending twice is harmless. */
    void end(Object call, int status, Throwable error);

    /**
     * A part of the call's response arrived ({@code status}: the response head's, or -1 for a later part); with the
     * head the call ends. Returns what the advice closes once the library has delivered that part: the caller's
     * trace context, current meanwhile, so that what the application does next belongs to its request; or null.
     */
    AutoCloseable received(Object call, int status);

    /** Ends the call when {@code completion} (a {@code CompletionStage}) completes, or now when it is the Throwable thrown instead. */
    void endWhenComplete(Object call, Object completion);
  }

  private static volatile Handler handler;

  private HttpClientHooks() {}

  public static void install(Handler newHandler) {
    handler = newHandler;
  }

  public static OutgoingCall start(Object request, String method, String url, Object handedOverBy,
      Object endedThrough) {
    return handler.start(request, method, url, handedOverBy, endedThrough);
  }

  public static void handOver(Object call) {
    handler.handOver(call);
  }

  public static void end(Object call, int status, Throwable error) {
    handler.end(call, status, error);
  }

  public static AutoCloseable received(Object call, int status) {
    return handler.received(call, status);
  }

  public static void endWhenComplete(Object call, Object completion) {
    handler.endWhenComplete(call, completion);
  }
}
