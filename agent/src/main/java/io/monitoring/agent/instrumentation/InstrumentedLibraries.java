package io.monitoring.agent.instrumentation;

import static io.monitoring.agent.instrumentation.InstrumentedLibrary.library;

import io.monitoring.agent.bootstrap.CallDepth;
import io.monitoring.agent.instrumentation.jdbc.AgroalPoolInstrumentation;
import io.monitoring.agent.instrumentation.httpclient.ApacheHttpClient4Instrumentation;
import io.monitoring.agent.instrumentation.httpclient.ApacheHttpClient5AsyncInstrumentation;
import io.monitoring.agent.instrumentation.httpclient.ApacheHttpClient5Instrumentation;
import io.monitoring.agent.instrumentation.jdbc.C3p0PoolInstrumentation;
import io.monitoring.agent.instrumentation.cache.CaffeineInstrumentation;
import io.monitoring.agent.instrumentation.jdbc.CommonsDbcp2Instrumentation;
import io.monitoring.agent.instrumentation.cache.GuavaCacheInstrumentation;
import io.monitoring.agent.instrumentation.jdbc.HikariPoolInstrumentation;
import io.monitoring.agent.instrumentation.httpclient.HttpUrlConnectionInstrumentation;
import io.monitoring.agent.instrumentation.cache.JCacheInstrumentation;
import io.monitoring.agent.instrumentation.httpclient.JavaHttpClientInstrumentation;
import io.monitoring.agent.instrumentation.jdbc.JdbcTypes;
import io.monitoring.agent.instrumentation.cache.JedisBatchInstrumentation;
import io.monitoring.agent.instrumentation.cache.JedisInstrumentation;
import io.monitoring.agent.instrumentation.jaxrs.JerseyInstrumentation;
import io.monitoring.agent.instrumentation.websocket.JettyWebSocketInstrumentation;
import io.monitoring.agent.instrumentation.cache.LettuceClusterInstrumentation;
import io.monitoring.agent.instrumentation.cache.LettuceInstrumentation;
import io.monitoring.agent.instrumentation.cache.LettuceReactiveInstrumentation;
import io.monitoring.agent.instrumentation.logs.Log4j2Instrumentation;
import io.monitoring.agent.instrumentation.logs.LogbackInstrumentation;
import io.monitoring.agent.instrumentation.httpclient.OkHttpInstrumentation;
import io.monitoring.agent.instrumentation.tracing.OpenTelemetryApiInstrumentation;
import io.monitoring.agent.instrumentation.jdbc.OracleUcpInstrumentation;
import io.monitoring.agent.instrumentation.reactive.ReactorNettyClientInstrumentation;
import io.monitoring.agent.instrumentation.reactive.ReactorNettyServerInstrumentation;
import io.monitoring.agent.instrumentation.reactive.ReactorSchedulersInstrumentation;
import io.monitoring.agent.instrumentation.cache.RedissonInstrumentation;
import io.monitoring.agent.instrumentation.faulttolerance.Resilience4jInstrumentation;
import io.monitoring.agent.instrumentation.jaxrs.ResteasyInstrumentation;
import io.monitoring.agent.instrumentation.servlet.ServletEntryPoints;
import io.monitoring.agent.instrumentation.cache.SpringCacheInstrumentation;
import io.monitoring.agent.instrumentation.reactive.SpringWebFluxInstrumentation;
import io.monitoring.agent.instrumentation.servlet.SpringWebMvcInstrumentation;
import io.monitoring.agent.instrumentation.jdbc.TomcatJdbcPoolInstrumentation;
import io.monitoring.agent.instrumentation.websocket.TomcatWebSocketInstrumentation;
import io.monitoring.agent.instrumentation.websocket.UndertowWebSocketInstrumentation;
import io.monitoring.agent.instrumentation.reactive.UnmeasuredServersInstrumentation;
import io.monitoring.agent.instrumentation.methods.WithSpanInstrumentation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Every instrumentation the agent has, in one list: premain's prefilter, the transformer, the configuration
 * keys, the README's table and the error labels all come from here. Adding a library is one entry here plus
 * its instrumentation class (README, "Adding an instrumentation").
 */
public final class InstrumentedLibraries {
  /** The library of the application's own methods named in {@code monitoring.methods}: its types are configured. */
  public static final String CONFIGURED_METHODS = "methods";
  /** The application's OpenTelemetry API: off with traces off, when there is no SDK to bridge it to. */
  public static final String OPENTELEMETRY_API = "opentelemetry-api";

  public static final List<InstrumentedLibrary> ALL = Collections.unmodifiableList(Arrays.asList(
      library("servlet", "javax.servlet 3.1/4 and jakarta.servlet 5/6: the filter chains of Tomcat, Jetty 9.4 to 12 and Undertow 2, any container's HttpServlet")
          .types(ServletEntryPoints.TYPES)
          .installedBy("servlet.JavaxServletInstrumentation", "servlet.JakartaServletInstrumentation")
          .nesting(CallDepth.HTTP_SERVER),
      library("spring-webmvc", "Spring MVC's route templates as the servlet requests' route (read by `servlet`), a 405's too")
          .types(SpringWebMvcInstrumentation.TYPES)
          .installedBy("servlet.SpringWebMvcInstrumentation"),
      library("jersey", "Jersey 2 and 3 routing (`RoutingStage`): the matched resource method's full `@Path` template as the servlet request's route")
          .types(JerseyInstrumentation.TYPES)
          .installedBy("jaxrs.JerseyInstrumentation"),
      library("resteasy", "RESTEasy routing (its resource registries): the matched resource method's full `@Path` template as the servlet request's route")
          .types(ResteasyInstrumentation.TYPES)
          .installedBy("jaxrs.ResteasyInstrumentation"),
      library("reactor-netty", "Reactor Netty's HTTP server (Spring WebFlux, Spring Cloud Gateway, plain Reactor Netty)")
          .types(ReactorNettyServerInstrumentation.TYPES)
          .installedBy("reactive.ReactorNettyServerInstrumentation"),
      library("reactor", "Reactor's schedulers carry the trace context to the tasks they run (subscribeOn, publishOn)")
          .types(ReactorSchedulersInstrumentation.TYPES)
          .installedBy("reactive.ReactorSchedulersInstrumentation"),
      library("spring-webflux", "Spring WebFlux's route templates, annotated and functional, as the Reactor Netty requests' route")
          .types(SpringWebFluxInstrumentation.TYPES)
          .installedBy("reactive.SpringWebFluxInstrumentation"),
      library("unmeasured-servers", "Vert.x's HTTP server (Quarkus): not measured; said once on stderr when it starts")
          .types(UnmeasuredServersInstrumentation.TYPES)
          .installedBy("reactive.UnmeasuredServersInstrumentation"),
      library("jdbc", "every JDBC driver's Statement, PreparedStatement, CallableStatement and Connection")
          .family(JdbcTypes.IMPLEMENTATIONS)
          .installedBy("jdbc.JdbcConnectionInstrumentation", "jdbc.JdbcStatementInstrumentation")
          .nesting(CallDepth.DB),
      library("hikaricp", "HikariCP pools, read at scrape time")
          .types(HikariPoolInstrumentation.TYPES)
          .installedBy("jdbc.HikariPoolInstrumentation"),
      library("tomcat-jdbc", "Tomcat JDBC's connection pool, read at scrape time; each borrower's wait timed")
          .types(TomcatJdbcPoolInstrumentation.TYPES)
          .installedBy("jdbc.TomcatJdbcPoolInstrumentation"),
      library("commons-dbcp2", "Apache Commons DBCP 2's BasicDataSource pool, read at scrape time; each borrower's wait timed")
          .types(CommonsDbcp2Instrumentation.TYPES)
          .installedBy("jdbc.CommonsDbcp2Instrumentation"),
      library("c3p0", "c3p0's pools (ComboPooledDataSource), read at scrape time; each borrower's wait timed")
          .types(C3p0PoolInstrumentation.TYPES)
          .installedBy("jdbc.C3p0PoolInstrumentation"),
      library("agroal", "Agroal's connection pool (Quarkus's), read at scrape time; each borrower's wait timed")
          .types(AgroalPoolInstrumentation.TYPES)
          .installedBy("jdbc.AgroalPoolInstrumentation"),
      library("oracle-ucp", "Oracle UCP's pools (PoolDataSourceImpl, over any JDBC driver), read at scrape time; each borrower's wait timed")
          .types(OracleUcpInstrumentation.TYPES)
          .installedBy("jdbc.OracleUcpInstrumentation"),
      library("http-url-connection", "java.net.HttpURLConnection (HTTP and HTTPS)")
          .types(HttpUrlConnectionInstrumentation.TYPES)
          .installedBy("httpclient.HttpUrlConnectionInstrumentation")
          .readsHooksFrom("java.base")
          .nesting(CallDepth.HTTP_CLIENT),
      library("java-http-client", "java.net.http.HttpClient, send and sendAsync")
          .types(JavaHttpClientInstrumentation.TYPES)
          .installedBy("httpclient.JavaHttpClientInstrumentation")
          .readsHooksFrom("java.net.http")
          .nesting(CallDepth.HTTP_CLIENT),
      library("apache-httpclient", "Apache HttpClient 4.5 and 5 (classic)")
          .types(ApacheHttpClient5Instrumentation.TYPES, ApacheHttpClient4Instrumentation.TYPES)
          .installedBy("httpclient.ApacheHttpClient5Instrumentation", "httpclient.ApacheHttpClient4Instrumentation")
          .nesting(CallDepth.HTTP_CLIENT),
      library("apache-httpclient-async", "Apache HttpClient 5 async (CloseableHttpAsyncClient), callback or future")
          .types(ApacheHttpClient5AsyncInstrumentation.TYPES)
          .installedBy("httpclient.ApacheHttpClient5AsyncInstrumentation")
          .nesting(CallDepth.HTTP_CLIENT),
      library("reactor-netty-client", "Reactor Netty's HTTP client (Spring WebClient), one call per attempt")
          .types(ReactorNettyClientInstrumentation.TYPES)
          .installedBy("reactive.ReactorNettyClientInstrumentation"),
      library("okhttp", "OkHttp 4, execute and enqueue")
          .types(OkHttpInstrumentation.TYPES)
          .installedBy("httpclient.OkHttpInstrumentation")
          .nesting(CallDepth.HTTP_CLIENT),
      library("caffeine", "Caffeine 3 Cache, LoadingCache, AsyncCache")
          .types(CaffeineInstrumentation.TYPES)
          .installedBy("cache.CaffeineInstrumentation")
          .nesting(CallDepth.CACHE),
      library("guava-cache", "Guava's Cache and LoadingCache (CacheBuilder)")
          .types(GuavaCacheInstrumentation.TYPES)
          .installedBy("cache.GuavaCacheInstrumentation")
          .nesting(CallDepth.CACHE),
      library("jcache", "JCache (JSR 107) on Ehcache 3 and Caffeine")
          .types(JCacheInstrumentation.TYPES)
          .installedBy("cache.JCacheInstrumentation")
          .nesting(CallDepth.CACHE),
      library("spring-cache", "Spring's cache abstraction (@Cacheable) over Caffeine, JCache or a ConcurrentMap")
          .types(SpringCacheInstrumentation.TYPES)
          .installedBy("cache.SpringCacheInstrumentation")
          .nesting(CallDepth.CACHE),
      library("jedis", "Jedis 4/5 (Jedis, JedisPooled, UnifiedJedis), their pipelines and transactions")
          .types(JedisInstrumentation.TYPES, JedisBatchInstrumentation.TYPES)
          .installedBy("cache.JedisInstrumentation", "cache.JedisBatchInstrumentation")
          .nesting(CallDepth.CACHE),
      library("lettuce", "Lettuce 6 and 7, sync, async and reactive; cluster connections by the node that served each command")
          .types(LettuceInstrumentation.TYPES, LettuceReactiveInstrumentation.TYPES, LettuceClusterInstrumentation.TYPES)
          .installedBy("cache.LettuceInstrumentation", "cache.LettuceReactiveInstrumentation", "cache.LettuceClusterInstrumentation")
          .nesting(CallDepth.CACHE),
      library("redisson", "Redisson 3, sync, async and reactive: every command of its command executor")
          .types(RedissonInstrumentation.TYPES)
          .installedBy("cache.RedissonInstrumentation")
          .nesting(CallDepth.CACHE),
      library("resilience4j", "Resilience4j 1.7 and 2.x circuit breakers (state read at scrape time, calls by outcome) and rate limiters (rejections)")
          .types(Resilience4jInstrumentation.TYPES)
          .installedBy("faulttolerance.Resilience4jInstrumentation"),
      library("with-span", "`@WithSpan` and `@SpanAttribute` of `opentelemetry-instrumentation-annotations` on the application's methods: a span per call (its kind, named by its value or `Class.method`), ending when a returned `CompletionStage`, `Mono` or `Flux` completes")
          .family(WithSpanInstrumentation.FAMILY)
          .installedBy("methods.WithSpanInstrumentation"),
      library(OPENTELEMETRY_API, "the application's OpenTelemetry API (1.0 to 1.68, tested on both): `GlobalOpenTelemetry` answers with the agent's SDK, the application's spans are children of the request's, `Span.current()` in a request is its SERVER span, baggage crosses instrumented HTTP calls; an application running its own SDK keeps it")
          .types(OpenTelemetryApiInstrumentation.TYPES)
          .installedBy("tracing.OpenTelemetryApiInstrumentation"),
      library(CONFIGURED_METHODS, "the application's own methods named in `monitoring.methods` (`com.shop.OrderService#place`, `com.shop.Billing#*`): `method_duration_seconds` and an INTERNAL span per call"),
      library("tomcat-websocket", "Tomcat's WebSocket server (JSR 356: javax.websocket on Tomcat 9, jakarta.websocket on 10.1 and 11): sessions opened and closed, whole messages in and out")
          .types(TomcatWebSocketInstrumentation.TYPES)
          .installedBy("websocket.TomcatWebSocketInstrumentation"),
      library("jetty-websocket", "Jetty 12.1's WebSocket server (JSR 356: jakarta.websocket in ee10 and ee9, javax.websocket in ee8): sessions opened and closed, whole messages in and out")
          .types(JettyWebSocketInstrumentation.TYPES)
          .installedBy("websocket.JettyWebSocketInstrumentation"),
      library("undertow-websocket", "Undertow's WebSocket server (JSR 356: javax.websocket on 2.2, jakarta.websocket on 2.3): sessions opened and closed, whole messages in and out")
          .types(UndertowWebSocketInstrumentation.TYPES)
          .installedBy("websocket.UndertowWebSocketInstrumentation"),
      library("logback", "Logback's logging events (tested on 1.2 and 1.5): `trace_id`, `span_id`, `trace_flags` of the current span in their MDC property map")
          .types(LogbackInstrumentation.TYPES)
          .installedBy("logs.LogbackInstrumentation"),
      library("log4j2", "Log4j 2 log events (2.7 to 2.26): the same three ids in their context data (Log4j's built-in `ThreadContext` injectors)")
          .types(Log4j2Instrumentation.TYPES)
          .installedBy("logs.Log4j2Instrumentation")));

  /** The instrumentations that put trace ids into log events: all off with {@code monitoring.logs.mdc.enabled=false}. */
  public static final List<String> TRACE_IDS_IN_LOGS = List.of("logback", "log4j2");

  private InstrumentedLibraries() {}

  /** The names of every instrumentation: the {@code monitoring.instrumentation.<name>.enabled} keys. */
  public static List<String> names() {
    List<String> names = new ArrayList<>();
    for (InstrumentedLibrary library : ALL) {
      names.add(library.name);
    }
    return names;
  }

  /**
   * The README's table of instrumentations ({@code InstrumentedLibrariesTest} keeps the two equal): name, what
   * it weaves, and the kind of call of which only the outermost is measured.
   */
  public static String markdownTable() {
    StringBuilder table = new StringBuilder("| instrumentation | what it weaves | outermost call measured |\n|---|---|---|\n");
    for (InstrumentedLibrary library : ALL) {
      table.append("| `").append(library.name).append("` | ").append(library.summary).append(" | ")
          .append(nestingKind(library.nesting)).append(" |\n");
    }
    return table.toString();
  }

  private static String nestingKind(int callDepthKind) {
    switch (callDepthKind) {
      case CallDepth.HTTP_SERVER:
        return "HTTP server request";
      case CallDepth.HTTP_CLIENT:
        return "HTTP client call";
      case CallDepth.DB:
        return "JDBC execution";
      case CallDepth.CACHE:
        return "cache operation";
      default:
        return "(not nested)";
    }
  }
}
