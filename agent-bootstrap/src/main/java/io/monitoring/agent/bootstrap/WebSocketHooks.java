package io.monitoring.agent.bootstrap;

/**
 * What advice woven into WebSocket servers calls: a framework upgraded an HTTP request with an endpoint
 * configuration of its own (Spring: the configuration's path is the request's; the request's route names the
 * endpoint), a server session opened on an endpoint (its configuration names the path template), the session closed (by either side, on an error, on idle timeout: once), one whole
 * data message was delivered to the application ({@link #IN}) or sent by it ({@link #OUT}). The agent binds a
 * session's series once, when it opens; a message is one identity lookup and one increment.
 */
public final class WebSocketHooks {
  public static final int IN = 0;
  public static final int OUT = 1;

  public interface Handler {
    void upgrading(Object request, Object endpointConfig);

    void opened(Object session, Object endpointConfig);

    void closed(Object session);

    /** {@code direction}: {@link #IN} or {@link #OUT}. */
    void message(Object session, int direction);
  }

  private static volatile Handler handler;

  private WebSocketHooks() {}

  public static void install(Handler newHandler) {
    handler = newHandler;
  }

  public static void upgrading(Object request, Object endpointConfig) {
    handler.upgrading(request, endpointConfig);
  }

  public static void opened(Object session, Object endpointConfig) {
    handler.opened(session, endpointConfig);
  }

  public static void closed(Object session) {
    handler.closed(session);
  }

  public static void message(Object session, int direction) {
    handler.message(session, direction);
  }
}
