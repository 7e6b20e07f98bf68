package io.monitoring.bench.httpclient;

import com.sun.net.httpserver.HttpServer;
import io.monitoring.bench.MicrobenchmarkSettings;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A loopback GET through the JDK HttpClient and through OkHttp against an in-process JDK HTTP server
 * (not instrumented, so the difference between forks is the client side: timing, the CLIENT span, the
 * trace headers). Keep-alive connections, HTTP/1.1, a 2-byte body read whole.
 */
@State(Scope.Benchmark)
// without TCP_NODELAY the response's headers and body wait out the client's delayed ACK: 40 ms a call. A flag, not
// System.setProperty in the set-up: the JDK reads it once, when the first HttpServer is made, and with the agent that
// is the agent's /metrics server, started before the set-up runs
@Fork(value = 1, jvmArgsPrepend = "-Dsun.net.httpserver.nodelay=true")
public class HttpClientBenchmark extends MicrobenchmarkSettings {
  private HttpServer server;
  private ExecutorService serverThreads;
  private HttpClient jdk;
  private HttpRequest jdkRequest;
  private OkHttpClient okHttp;
  private Request okHttpRequest;

  @Setup(Level.Trial)
  public void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
    byte[] body = "ok".getBytes(StandardCharsets.US_ASCII);
    server.createContext("/item", exchange -> {
      exchange.getRequestBody().readAllBytes();
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    serverThreads = Executors.newFixedThreadPool(2);
    server.setExecutor(serverThreads);
    server.start();
    String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/item";
    jdk = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    jdkRequest = HttpRequest.newBuilder(URI.create(url)).build();
    okHttp = new OkHttpClient();
    okHttpRequest = new Request.Builder().url(url).build();
  }

  @TearDown(Level.Trial)
  public void stop() {
    server.stop(0);
    serverThreads.shutdownNow();
    okHttp.dispatcher().executorService().shutdownNow();
    okHttp.connectionPool().evictAll();
  }

  @Benchmark
  public String javaHttpClientGet() throws IOException, InterruptedException {
    return jdk.send(jdkRequest, HttpResponse.BodyHandlers.ofString()).body();
  }

  @Benchmark
  public String okHttpGet() throws IOException {
    try (Response response = okHttp.newCall(okHttpRequest).execute()) {
      return response.body().string();
    }
  }
}
