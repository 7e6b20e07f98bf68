package io.monitoring.agent.httpserver;

import io.monitoring.agent.bootstrap.AgentErrors;
import io.monitoring.agent.util.PublicMethods;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * A server's request object as the agent reads it outside woven code, through the public methods of the
 * servlet API (javax or jakarta, found once per request class): the attributes a recorded SERVER span carries,
 * and, for an async request, the container's completion. Advice passes everything metrics need as values;
 * this runs only for recorded spans and async requests.
 */
final class ServerRequest {
  private static final ClassValue<ServerRequest> BY_TYPE = new ClassValue<ServerRequest>() {
    @Override
    protected ServerRequest computeValue(Class<?> type) {
      ServerRequest reader = new ServerRequest(type);
      return reader.getScheme == null ? null : reader;
    }
  };

  /** What the agent is told of an async request's end. */
  interface AsyncListener {
    void completed(int status);

    void failed(Throwable error);
  }

  private static final Object[] NO_ARGUMENTS = new Object[0];
  private static final Object[] USER_AGENT = {"User-Agent"};
  private static final Object[] BAGGAGE = {"baggage"};

  private final Method getScheme;
  private final Method getServerName;
  private final Method getServerPort;
  private final Method getProtocol;
  private final Method getHeader;
  private final Method getRemoteAddr;

  private ServerRequest(Class<?> type) {
    this.getScheme = PublicMethods.find(type, "getScheme");
    this.getServerName = PublicMethods.find(type, "getServerName");
    this.getServerPort = PublicMethods.find(type, "getServerPort");
    this.getProtocol = PublicMethods.find(type, "getProtocol");
    this.getHeader = PublicMethods.find(type, "getHeader", String.class);
    this.getRemoteAddr = PublicMethods.find(type, "getRemoteAddr");
  }

  /** The reader of requests of {@code request}'s class (found once per class), or null when it is not a servlet request. */
  static ServerRequest of(Object request) {
    return request == null ? null : BY_TYPE.get(request.getClass());
  }

  String scheme(Object request) {
    return (String) call(getScheme, request, NO_ARGUMENTS);
  }

  String serverAddress(Object request) {
    return (String) call(getServerName, request, NO_ARGUMENTS);
  }

  int serverPort(Object request) {
    Object port = call(getServerPort, request, NO_ARGUMENTS);
    return port instanceof Integer ? (Integer) port : -1;
  }

  String protocol(Object request) {
    return (String) call(getProtocol, request, NO_ARGUMENTS);
  }

  // Method.invoke only reads its arguments: one array per header name, not one per request
  String userAgent(Object request) {
    return (String) call(getHeader, request, USER_AGENT);
  }

  String baggage(Object request) {
    return (String) call(getHeader, request, BAGGAGE);
  }

  String clientAddress(Object request) {
    return (String) call(getRemoteAddr, request, NO_ARGUMENTS);
  }

  private static Object call(Method m, Object request, Object[] arguments) {
    try {
      return m == null ? null : m.invoke(request, arguments);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }

  /**
   * Registers {@code listener} with the container's {@code AsyncContext} as a proxy of its {@code AsyncListener}
   * type. When the request completed before the listener could be added, it is told so now.
   */
  static void onAsyncComplete(Object asyncContext, AsyncListener listener) throws Exception {
    Method addListener = addListener(asyncContext.getClass());
    Class<?> listenerType = addListener.getParameterTypes()[0];
    ContainerListener handler = new ContainerListener(listener);
    Object proxy = Proxy.newProxyInstance(listenerType.getClassLoader(), new Class<?>[] {listenerType}, handler);
    handler.self = proxy;
    try {
      addListener.invoke(asyncContext, proxy);
    } catch (ReflectiveOperationException | RuntimeException completedMeanwhile) {
      int status;
      try {
        status = status(asyncContext);
      } catch (Exception recycled) {
        status = 200;
      }
      listener.completed(status);
    }
  }

  /** Whether {@code completion} is a servlet container's AsyncContext (it takes listeners), once per class. */
  static boolean isAsyncContext(Object completion) {
    return completion != null && IS_ASYNC_CONTEXT.get(completion.getClass());
  }

  /** Whether {@code request} is a servlet request (it has an AsyncContext to complete through), once per class. */
  static boolean isServletRequest(Object request) {
    return request != null && IS_SERVLET_REQUEST.get(request.getClass());
  }

  private static final ClassValue<Boolean> IS_SERVLET_REQUEST = new ClassValue<Boolean>() {
    @Override
    protected Boolean computeValue(Class<?> type) {
      return PublicMethods.find(type, "getAsyncContext") != null;
    }
  };

  private static final ClassValue<Boolean> IS_ASYNC_CONTEXT = new ClassValue<Boolean>() {
    @Override
    protected Boolean computeValue(Class<?> type) {
      try {
        addListener(type);
        return PublicMethods.find(type, "complete") != null;
      } catch (Exception notOne) {
        return false;
      }
    }
  };

  private static Method addListener(Class<?> type) throws NoSuchMethodException {
    for (Method m : type.getMethods()) {
      if (m.getName().equals("addListener") && m.getParameterCount() == 1) {
        return PublicMethods.declaredPublicly(m);
      }
    }
    throw new NoSuchMethodException(type.getName() + ".addListener");
  }

  /** The status of the response an AsyncContext or AsyncEvent holds; 200 when it has none. */
  private static int status(Object holder) throws Exception {
    Method getResponse = PublicMethods.find(holder.getClass(), "getResponse");
    if (getResponse == null) {
      getResponse = PublicMethods.find(holder.getClass(), "getSuppliedResponse");
    }
    Object response = getResponse == null ? null : getResponse.invoke(holder);
    Method getStatus = response == null ? null : PublicMethods.find(response.getClass(), "getStatus");
    return getStatus == null ? 200 : (Integer) getStatus.invoke(response);
  }

  /** The container's AsyncListener: complete, error, timeout, and a new async cycle that drops its listeners. */
  private static final class ContainerListener implements InvocationHandler {
    private final AsyncListener listener;
    Object self;

    ContainerListener(AsyncListener listener) {
      this.listener = listener;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) {
      String name = method.getName();
      try {
        switch (name) {
          case "onComplete":
            listener.completed(status(args[0]));
            return null;
          case "onError":
            Method getThrowable = PublicMethods.find(args[0].getClass(), "getThrowable");
            listener.failed(getThrowable == null ? null : (Throwable) getThrowable.invoke(args[0]));
            return null;
          case "onStartAsync":
            // a new async cycle drops the listeners of the previous one: register again
            Method getAsyncContext = PublicMethods.find(args[0].getClass(), "getAsyncContext");
            Object context = getAsyncContext.invoke(args[0]);
            addListener(context.getClass()).invoke(context, self);
            return null;
          case "equals":
            return proxy == args[0];
          case "hashCode":
            return System.identityHashCode(proxy);
          case "toString":
            return "monitoring-agent async listener";
          default:
            return null;
        }
      } catch (Throwable t) {
        AgentErrors.record(t, "servlet");
        return "equals".equals(name) ? Boolean.FALSE : "hashCode".equals(name) ? 0 : null;
      }
    }
  }
}
