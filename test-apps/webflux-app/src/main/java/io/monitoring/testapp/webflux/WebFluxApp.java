package io.monitoring.testapp.webflux;

import static org.springframework.web.reactive.function.server.RequestPredicates.GET;
import static org.springframework.web.reactive.function.server.RouterFunctions.route;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Spring Boot WebFlux on Reactor Netty. Annotated routes are in {@link ShopController}; one functional route,
 * {@code GET /fn/items/{itemId}}, answers 200 {@code item <itemId>}. Prints {@code READY port=N} once serving.
 */
@SpringBootApplication
public class WebFluxApp {

    public static void main(String[] args) {
        SpringApplication.run(WebFluxApp.class, args);
    }

    @Bean
    RouterFunction<ServerResponse> functionalRoutes() {
        return route(GET("/fn/items/{itemId}"), request -> ServerResponse.ok()
                .bodyValue("item " + request.pathVariable("itemId")));
    }

    @Bean
    ApplicationListener<ApplicationReadyEvent> readyAnnouncer() {
        return event -> {
            System.out.println("READY port=" + event.getApplicationContext().getEnvironment().getProperty("local.server.port"));
            System.out.flush();
        };
    }
}
