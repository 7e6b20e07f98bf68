package io.monitoring.bench.webflux;

import io.monitoring.bench.KeptAliveConnection;
import io.monitoring.bench.MicrobenchmarkSettings;
import java.io.IOException;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.server.reactive.ReactorHttpHandlerAdapter;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.config.EnableWebFlux;
import org.springframework.web.server.adapter.WebHttpHandlerBuilder;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * One request to a Spring WebFlux annotated controller on Reactor Netty ({@code GET /shop/orders/{id}}, answering
 * "order 7"), over a kept-alive loopback connection written by hand, so the difference between forks is the
 * server side: the Reactor Netty and WebFlux advice, the request's series, its SERVER span.
 */
@State(Scope.Benchmark)
public class WebFluxBenchmark extends MicrobenchmarkSettings {
  private AnnotationConfigApplicationContext context;
  private DisposableServer server;
  private KeptAliveConnection connection;

  @RestController
  public static class OrdersController {
    @GetMapping("/shop/orders/{id}")
    public Mono<String> order(@PathVariable("id") String id) {
      return Mono.just("order " + id);
    }
  }

  @Configuration
  @EnableWebFlux
  public static class WebConfig {
    @Bean
    public OrdersController ordersController() {
      return new OrdersController();
    }
  }

  @Setup(Level.Trial)
  public void start() throws Exception {
    context = new AnnotationConfigApplicationContext(WebConfig.class);
    ReactorHttpHandlerAdapter adapter = new ReactorHttpHandlerAdapter(WebHttpHandlerBuilder.applicationContext(context).build());
    server = HttpServer.create().host("127.0.0.1").port(0).handle(adapter).bindNow();
    connection = new KeptAliveConnection(server.port(), "/shop/orders/7");
    if (get() != 200) {
      throw new IllegalStateException("WebFlux did not answer 200");
    }
  }

  @TearDown(Level.Trial)
  public void stop() throws IOException {
    connection.close();
    server.disposeNow();
    context.close();
  }

  /** One request, the whole response read; returns the status. */
  @Benchmark
  public int get() throws IOException {
    return connection.get();
  }
}
