package io.monitoring.testapp.logging;

import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.apache.catalina.Engine;
import org.apache.catalina.startup.Tomcat;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.ThreadContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import io.monitoring.testapp.launcher.EmbeddedTomcat;
import io.monitoring.testapp.launcher.LaunchProtocol;

/**
 * An embedded Tomcat 9 app that logs through Logback (SLF4J) and Log4j 2 side by side, each with a pattern that
 * prints {@code [trace_id=…] [span_id=…] [trace_flags=…] [user=…]} (see {@code logback.xml}, {@code log4j2.xml}).
 * At start-up, outside any request, it logs {@code startup} through each; then it serves:
 * <ul>
 *   <li>{@code GET /log?req=N}: puts {@code user=u<N>} into the MDC and the ThreadContext, logs {@code req=N}
 *       through Logback, Logback's async appender (logger {@code async}) and Log4j 2, removes {@code user};
 *   <li>{@code GET /log/own?req=N}: the same with the application's own {@code trace_id=app-<N>} in the MDC and the
 *       ThreadContext, removed afterwards;
 *   <li>{@code GET /context}: what the application itself sees inside a request, as text: its MDC and its
 *       ThreadContext, each as a sorted map (after putting {@code user=u}; removed afterwards).
 * </ul>
 *
 * <p>Usage: {@code java -jar logging-app.jar --port N [--virtual-threads]} (the latter on JDK 21+: each request on
 * a virtual thread, which {@code /log} then says in its answer). Prints {@code READY port=N} once serving.
 */
public final class LoggingApp {
    private static final Logger LOGBACK = LoggerFactory.getLogger(LoggingApp.class);
    private static final Logger LOGBACK_ASYNC = LoggerFactory.getLogger("async");
    private static final org.apache.logging.log4j.Logger LOG4J2 = LogManager.getLogger(LoggingApp.class);
    private static volatile boolean onVirtualThreads;

    private LoggingApp() {
    }

    public static void main(String[] args) throws Exception {
        LOGBACK.info("startup");
        LOG4J2.info("startup");
        EmbeddedTomcat<Servlet> tomcat =
                EmbeddedTomcat.create("logging-app", LaunchProtocol.port(args), "", Tomcat::addServlet);
        if (Arrays.asList(args).contains("--virtual-threads")) {
            // JDK 21+ (the app is compiled for 17): Tomcat serves every request on a new virtual thread
            Executor virtual = (Executor) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
            Engine engine = (Engine) tomcat.context().getParent().getParent();
            engine.getService().findConnectors()[0].getProtocolHandler().setExecutor(virtual);
            onVirtualThreads = true;
        }
        tomcat.addServlet("log", new LogServlet(false), "/log");
        tomcat.addServlet("own", new LogServlet(true), "/log/own");
        tomcat.addServlet("context", new ContextServlet(), "/context");
        tomcat.serveUntilStopped();
    }

    static final class LogServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;
        private final boolean ownTraceId;

        LogServlet(boolean ownTraceId) {
            this.ownTraceId = ownTraceId;
        }

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            String req = request.getParameter("req");
            MDC.put("user", "u" + req);
            ThreadContext.put("user", "u" + req);
            if (ownTraceId) {
                MDC.put("trace_id", "app-" + req);
                ThreadContext.put("trace_id", "app-" + req);
            }
            try {
                LOGBACK.info("req={}", req);
                LOGBACK_ASYNC.info("req={}", req);
                LOG4J2.info("req={}", req);
            } finally {
                MDC.remove("user");
                MDC.remove("trace_id");
                ThreadContext.remove("user");
                ThreadContext.remove("trace_id");
            }
            response.setContentType("text/plain");
            response.getWriter().print("logged " + req + (onVirtualThreads ? " on a virtual thread: " + isVirtual() : ""));
        }
    }

    private static boolean isVirtual() {
        try {
            return (Boolean) Thread.class.getMethod("isVirtual").invoke(Thread.currentThread());
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }

    static final class ContextServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            MDC.put("user", "u");
            ThreadContext.put("user", "u");
            String seen;
            try {
                Map<String, String> mdc = MDC.getCopyOfContextMap();
                seen = "mdc=" + new TreeMap<>(mdc == null ? Map.of() : mdc) + " mdc.trace_id=" + MDC.get("trace_id")
                        + " threadContext=" + new TreeMap<>(ThreadContext.getContext())
                        + " threadContext.trace_id=" + ThreadContext.get("trace_id");
            } finally {
                MDC.remove("user");
                ThreadContext.remove("user");
            }
            response.setContentType("text/plain");
            response.getWriter().print(seen);
        }
    }
}
