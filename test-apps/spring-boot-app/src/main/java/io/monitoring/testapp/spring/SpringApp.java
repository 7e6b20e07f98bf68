package io.monitoring.testapp.spring;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.cache.annotation.EnableCaching;

/**
 * Spring Boot test application (spring-boot-starter-web on its embedded Tomcat). Its endpoints use an
 * in-memory H2 database ({@code jdbc:h2:mem:petshop}, HikariCP pool {@code petshop}) through JdbcTemplate
 * and Spring Data JPA / Hibernate; {@code schema.sql} and {@code data.sql} create and seed it at start-up.
 * {@code GET /prices/{sku}} goes through Spring's cache abstraction ({@link PriceService}, cache {@code prices}
 * on Caffeine).
 *
 * <p>Usage: {@code java -jar spring-boot-app.jar --server.port=N [--demo.traffic=true]}.
 * Prints {@code READY port=N} once serving.
 */
@SpringBootApplication
@EnableCaching
public class SpringApp {

    public static void main(String[] args) {
        SpringApplication.run(SpringApp.class, args);
    }
}
