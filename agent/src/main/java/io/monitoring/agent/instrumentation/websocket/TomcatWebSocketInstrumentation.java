package io.monitoring.agent.instrumentation.websocket;

import static io.monitoring.agent.instrumentation.Matchers.isConstructor;
import static io.monitoring.agent.instrumentation.Matchers.named;
import static io.monitoring.agent.instrumentation.Matchers.namedOneOf;
import static io.monitoring.agent.instrumentation.Matchers.takesArgument;
import static io.monitoring.agent.instrumentation.Matchers.takesArguments;

import io.monitoring.agent.bootstrap.WebSocketHooks;
import io.monitoring.agent.instrumentation.Weaving;
import io.monitoring.agent.instrumentation.WeavingRules;
import io.monitoring.agent.instrumentation.Advice;

/**
 * Tomcat's WebSocket server (9 with javax.websocket, 10.1 and 11 with jakarta.websocket; the classes have the same
 * names): a server {@code WsSession} opens in its constructor (the last argument, the endpoint's
 * {@code ServerEndpointConfig}, names the path template) and closes in {@code fireEndpointOnClose}, which every
 * close path runs once (either side's close frame, an I/O error when the client vanished, idle timeout, an
 * {@code onOpen} that threw). A message is counted at its last frame: incoming where {@code WsFrameBase} hands it
 * to the application's handler, outgoing where the remote endpoint writes it, synchronously
 * ({@code sendMessageBlockInternal}) or not ({@code startMessage}); every {@code sendText}, {@code sendBinary},
 * {@code sendObject}, stream and writer of {@code getBasicRemote()} and {@code getAsyncRemote()} ends in one of the
 * two. Control frames (opcodes 8 and up: close, ping, pong) are not messages. A framework that upgrades a request
 * itself ({@code WsServerContainer.upgradeHttpToWebSocket}: Spring's {@code WebSocketHandler}s) hands over the
 * request, whose route names the endpoint.
 */
public final class TomcatWebSocketInstrumentation {
  private static final String SESSION = "org.apache.tomcat.websocket.WsSession";
  private static final String FRAME = "org.apache.tomcat.websocket.WsFrameBase";
  private static final String REMOTE = "org.apache.tomcat.websocket.WsRemoteEndpointImplBase";
  private static final String CONTAINER = "org.apache.tomcat.websocket.server.WsServerContainer";
  /**
   * The types woven, comma-separated: a constant, so {@link io.monitoring.agent.instrumentation.InstrumentedLibraries}
   * copies it at compile time and premain loads no installer.
   */
  public static final String TYPES = SESSION + "," + FRAME + "," + REMOTE + "," + CONTAINER;

  private TomcatWebSocketInstrumentation() {}

  public static WeavingRules install(WeavingRules rules, Weaving weaving) {
    return rules.type(weaving.types(SESSION))
        .transform(weaving.advice()
            .advice(isConstructor().and(takesArguments(12)).and(takesArgument(11,
                namedOneOf("jakarta.websocket.server.ServerEndpointConfig", "javax.websocket.server.ServerEndpointConfig"))),
                "OpenedAdvice")
            .advice(named("fireEndpointOnClose").and(takesArguments(1)), "ClosedAdvice"))
        .type(weaving.types(FRAME))
        .transform(weaving.advice()
            .advice(named("sendMessageText").and(takesArguments(boolean.class)), "TextInAdvice")
            .advice(named("sendMessageBinary").and(takesArguments(2)).and(takesArgument(1, boolean.class)),
                "BinaryInAdvice"))
        .type(weaving.types(REMOTE))
        .transform(weaving.advice()
            .advice(named("sendMessageBlockInternal").and(takesArguments(4)).and(takesArgument(0, byte.class)),
                "OutAdvice")
            .advice(named("startMessage").and(takesArguments(5)).and(takesArgument(0, byte.class)), "OutAdvice"))
        .type(weaving.types(CONTAINER))
        .transform(weaving.advice()
            .advice(named("upgradeHttpToWebSocket").and(takesArguments(4)), "UpgradingAdvice"));
  }

  public static final class UpgradingAdvice {
    private UpgradingAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void enter(@Advice.Argument(0) Object request, @Advice.Argument(2) Object endpointConfig) {
      WebSocketHooks.upgrading(request, endpointConfig);
    }
  }

  public static final class OpenedAdvice {
    private OpenedAdvice() {}

    @Advice.OnMethodExit(suppress = Throwable.class)
    public static void exit(@Advice.This Object session, @Advice.Argument(11) Object endpointConfig) {
      WebSocketHooks.opened(session, endpointConfig);
    }
  }

  public static final class ClosedAdvice {
    private ClosedAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void enter(@Advice.This Object session) {
      WebSocketHooks.closed(session);
    }
  }

  public static final class TextInAdvice {
    private TextInAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void enter(@Advice.FieldValue("wsSession") Object session, @Advice.Argument(0) boolean last) {
      if (last) {
        WebSocketHooks.message(session, WebSocketHooks.IN);
      }
    }
  }

  public static final class BinaryInAdvice {
    private BinaryInAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void enter(@Advice.FieldValue("wsSession") Object session, @Advice.Argument(1) boolean last) {
      if (last) {
        WebSocketHooks.message(session, WebSocketHooks.IN);
      }
    }
  }

  public static final class OutAdvice {
    private OutAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void enter(@Advice.FieldValue("wsSession") Object session, @Advice.Argument(0) byte opCode,
        @Advice.Argument(2) boolean last) {
      if (last && opCode < 8) {
        WebSocketHooks.message(session, WebSocketHooks.OUT);
      }
    }
  }
}
