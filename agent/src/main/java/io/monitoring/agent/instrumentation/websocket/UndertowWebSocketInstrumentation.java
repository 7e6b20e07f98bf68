package io.monitoring.agent.instrumentation.websocket;

import static io.monitoring.agent.instrumentation.Matchers.isConstructor;
import static io.monitoring.agent.instrumentation.Matchers.named;
import static io.monitoring.agent.instrumentation.Matchers.namedOneOf;
import static io.monitoring.agent.instrumentation.Matchers.takesArgument;
import static io.monitoring.agent.instrumentation.Matchers.takesArguments;

import io.monitoring.agent.bootstrap.WebSocketHooks;
import io.monitoring.agent.instrumentation.Weaving;
import io.undertow.websockets.core.WebSocketFrameType;
import io.undertow.websockets.jsr.UndertowSession;
import io.monitoring.agent.instrumentation.WeavingRules;
import io.monitoring.agent.instrumentation.Advice;

/**
 * Undertow's JSR 356 server (2.2: javax.websocket, 2.3: jakarta.websocket; the same classes and methods, the
 * advice names no API type). A session is its connection, the core
 * {@code WebSocketChannel}: it opens when {@code UndertowSession} is made for it (before the application's
 * {@code onOpen}; the endpoint configuration names the template) and closes in the session's {@code close0}, which
 * its one close runs (either side's close frame, the connection torn down, idle timeout). An incoming message is
 * counted where the frame handler hands its last part to the application's handler, an outgoing one where a frame of
 * type text or binary is started on the channel: every send of the basic and async remote endpoints starts one per
 * message (a message sent in parts is counted at its first part).
 */
public final class UndertowWebSocketInstrumentation {
  private static final String SESSION = "io.undertow.websockets.jsr.UndertowSession";
  private static final String FRAME_HANDLER = "io.undertow.websockets.jsr.FrameHandler";
  private static final String CHANNEL = "io.undertow.websockets.core.WebSocketChannel";
  /**
   * The types woven, comma-separated: a constant, so {@link io.monitoring.agent.instrumentation.InstrumentedLibraries}
   * copies it at compile time and premain loads no installer.
   */
  public static final String TYPES = SESSION + "," + FRAME_HANDLER + "," + CHANNEL;

  private UndertowWebSocketInstrumentation() {}

  public static WeavingRules install(WeavingRules rules, Weaving weaving) {
    return rules.type(weaving.types(SESSION))
        .transform(weaving.advice()
            .advice(isConstructor().and(takesArgument(7, namedOneOf("jakarta.websocket.EndpointConfig", "javax.websocket.EndpointConfig"))),
                "OpenedAdvice")
            .advice(named("close0").and(takesArguments(0)), "ClosedAdvice"))
        .type(weaving.types(FRAME_HANDLER))
        .transform(weaving.advice()
            .advice(namedOneOf("invokeTextHandler", "invokeBinaryHandler").and(takesArguments(3)).and(takesArgument(2, boolean.class)),
                "InAdvice"))
        .type(weaving.types(CHANNEL))
        .transform(weaving.advice()
            .advice(named("send").and(takesArguments(1)).and(takesArgument(0, named("io.undertow.websockets.core.WebSocketFrameType"))),
                "OutAdvice"));
  }

  public static final class OpenedAdvice {
    private OpenedAdvice() {}

    @Advice.OnMethodExit(suppress = Throwable.class)
    public static void exit(@Advice.Argument(0) Object channel, @Advice.Argument(7) Object endpointConfig) {
      WebSocketHooks.opened(channel, endpointConfig);
    }
  }

  public static final class ClosedAdvice {
    private ClosedAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void enter(@Advice.FieldValue("webSocketChannel") Object channel) {
      WebSocketHooks.closed(channel);
    }
  }

  public static final class InAdvice {
    private InAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void enter(@Advice.FieldValue("session") UndertowSession session, @Advice.Argument(2) boolean last) {
      if (last) {
        WebSocketHooks.message(session.getWebSocketChannel(), WebSocketHooks.IN);
      }
    }
  }

  public static final class OutAdvice {
    private OutAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void enter(@Advice.This Object channel, @Advice.Argument(0) WebSocketFrameType type) {
      if (type == WebSocketFrameType.TEXT || type == WebSocketFrameType.BINARY) {
        WebSocketHooks.message(channel, WebSocketHooks.OUT);
      }
    }
  }
}
