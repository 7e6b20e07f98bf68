package io.monitoring.bench.tracing;

import io.monitoring.bench.BenchmarkTomcat;
import io.monitoring.bench.KeptAliveConnection;
import io.monitoring.bench.MicrobenchmarkSettings;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.apache.catalina.LifecycleException;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A span the application makes through its OpenTelemetry API against one the agent makes itself: one request to an
 * embedded Tomcat 11 servlet (its SERVER span current) makes {@value #SPANS} child spans, either through the API
 * ({@code tracer.spanBuilder("work").startSpan().end()}, {@link #requestWithApiSpans}) or by calling a {@code @WithSpan}
 * method ({@link #requestWithAnnotatedSpans}), beside the same request making none ({@link #requestWithoutSpans}).
 * The cost of one span is the difference to the request without spans, divided by {@value #SPANS}. Without the agent
 * the API is a no-op and the annotation nothing.
 */
@State(Scope.Benchmark)
public class ApplicationSpanBenchmark extends MicrobenchmarkSettings {
  static final int SPANS = 100;

  private BenchmarkTomcat tomcat;
  private KeptAliveConnection api;
  private KeptAliveConnection annotated;
  private KeptAliveConnection none;

  /** {@code ?spans=api|annotated|none}: makes {@value #SPANS} spans that way, then answers 204. */
  public static final class SpanServlet extends HttpServlet {
    private volatile Tracer tracer;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) {
      String spans = req.getParameter("spans");
      if ("api".equals(spans)) {
        Tracer t = tracer;
        if (t == null) {
          tracer = t = GlobalOpenTelemetry.getTracer("bench");
        }
        for (int i = 0; i < SPANS; i++) {
          t.spanBuilder("work").startSpan().end();
        }
      } else if ("annotated".equals(spans)) {
        for (int i = 0; i < SPANS; i++) {
          work();
        }
      }
      resp.setStatus(204);
    }

    @WithSpan
    static void work() {
    }
  }

  @Setup(Level.Trial)
  public void start() throws IOException, LifecycleException {
    tomcat = new BenchmarkTomcat("", new SpanServlet(), "/spans");
    api = tomcat.connect("/spans?spans=api");
    annotated = tomcat.connect("/spans?spans=annotated");
    none = tomcat.connect("/spans?spans=none");
    if (requestWithApiSpans() != 204 || requestWithAnnotatedSpans() != 204 || requestWithoutSpans() != 204) {
      throw new IllegalStateException("the servlet did not answer 204");
    }
  }

  @TearDown(Level.Trial)
  public void stop() throws IOException, LifecycleException {
    api.close();
    annotated.close();
    none.close();
    tomcat.close();
  }

  @Benchmark
  public int requestWithApiSpans() throws IOException {
    return api.get();
  }

  @Benchmark
  public int requestWithAnnotatedSpans() throws IOException {
    return annotated.get();
  }

  @Benchmark
  public int requestWithoutSpans() throws IOException {
    return none.get();
  }
}
