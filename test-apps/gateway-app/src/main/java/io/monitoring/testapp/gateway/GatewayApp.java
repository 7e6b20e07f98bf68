package io.monitoring.testapp.gateway;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;

/**
 * Spring Cloud Gateway with one route, {@code orders}: {@code /api/orders/**} to {@code --backend.url}, the
 * {@code /api} prefix stripped (application.properties). Prints {@code READY port=N} once serving.
 */
@SpringBootApplication
public class GatewayApp {

    public static void main(String[] args) {
        SpringApplication.run(GatewayApp.class, args);
    }

    @Bean
    ApplicationListener<ApplicationReadyEvent> readyAnnouncer() {
        return event -> {
            System.out.println("READY port=" + event.getApplicationContext().getEnvironment().getProperty("local.server.port"));
            System.out.flush();
        };
    }
}
