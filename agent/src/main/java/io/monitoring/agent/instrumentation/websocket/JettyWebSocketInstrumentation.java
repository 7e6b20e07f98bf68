package io.monitoring.agent.instrumentation.websocket;

import static io.monitoring.agent.instrumentation.Matchers.named;
import static io.monitoring.agent.instrumentation.Matchers.takesArgument;
import static io.monitoring.agent.instrumentation.Matchers.takesArguments;

import io.monitoring.agent.bootstrap.WebSocketHooks;
import io.monitoring.agent.instrumentation.Weaving;
import io.monitoring.agent.instrumentation.WeavingRules;
import io.monitoring.agent.instrumentation.Advice;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.OutgoingEntry;

/**
 * Jetty 12.1's JSR 356 server (ee10 and ee9: jakarta.websocket; ee8: javax.websocket). A session is Jetty's core
 * session: it opens where the environment's frame handler is told so ({@code onOpen}, before the application's
 * {@code @OnOpen}; the handler's endpoint configuration names the template) and closes in the handler's
 * {@code onClosed}, which the core session calls once however the connection ends. An incoming message is counted at its last frame where the handler accepts it for
 * the application ({@code acceptMessage}); an outgoing one at its last frame where the core session is given it
 * ({@code sendFrame}), which every remote endpoint send, sync or async, stream or writer, goes through. Control frames
 * (opcodes 8 and up) are not messages; client sessions have no path template and are not counted.
 */
public final class JettyWebSocketInstrumentation {
  /** The JSR 356 frame handler of each environment: the same fields and methods, javax (ee8) or jakarta (ee9, ee10). */
  private static final String HANDLER_TYPES = "org.eclipse.jetty.ee10.websocket.jakarta.common.JakartaWebSocketFrameHandler,"
      + "org.eclipse.jetty.ee9.websocket.jakarta.common.JakartaWebSocketFrameHandler,"
      + "org.eclipse.jetty.ee8.websocket.javax.common.JavaxWebSocketFrameHandler";
  private static final String CORE_SESSION = "org.eclipse.jetty.websocket.core.WebSocketCoreSession";
  /**
   * The types woven, comma-separated: a constant, so {@link io.monitoring.agent.instrumentation.InstrumentedLibraries}
   * copies it at compile time and premain loads no installer.
   */
  public static final String TYPES = HANDLER_TYPES + "," + CORE_SESSION;

  private JettyWebSocketInstrumentation() {}

  public static WeavingRules install(WeavingRules rules, Weaving weaving) {
    return rules.type(weaving.types(HANDLER_TYPES))
        .transform(weaving.advice()
            .advice(named("onOpen").and(takesArguments(2)), "OpenedAdvice")
            .advice(named("onClosed").and(takesArguments(2)), "ClosedAdvice")
            .advice(named("acceptMessage").and(takesArguments(2)), "InAdvice"))
        .type(weaving.types(CORE_SESSION))
        .transform(weaving.advice()
            .advice(named("sendFrame").and(takesArguments(1)).and(takesArgument(0, named("org.eclipse.jetty.websocket.core.OutgoingEntry"))),
                "OutAdvice"));
  }

  public static final class OpenedAdvice {
    private OpenedAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void enter(@Advice.Argument(0) Object coreSession, @Advice.FieldValue("endpointConfig") Object endpointConfig) {
      WebSocketHooks.opened(coreSession, endpointConfig);
    }
  }

  public static final class ClosedAdvice {
    private ClosedAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void enter(@Advice.FieldValue("coreSession") Object coreSession) {
      WebSocketHooks.closed(coreSession);
    }
  }

  public static final class InAdvice {
    private InAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void enter(@Advice.FieldValue("coreSession") Object coreSession, @Advice.Argument(0) Frame frame) {
      if (frame.isFin()) {
        WebSocketHooks.message(coreSession, WebSocketHooks.IN);
      }
    }
  }

  public static final class OutAdvice {
    private OutAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void enter(@Advice.This Object coreSession, @Advice.Argument(0) OutgoingEntry entry) {
      if (entry.getFrame().isFin() && entry.getFrame().getOpCode() < 8) {
        WebSocketHooks.message(coreSession, WebSocketHooks.OUT);
      }
    }
  }
}
