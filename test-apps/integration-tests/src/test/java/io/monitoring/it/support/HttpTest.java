package io.monitoring.it.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpTest {

    private HttpServer server;
    private String base;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        server.createContext("/echo", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String header = Optional.ofNullable(exchange.getRequestHeaders().getFirst("X-Test")).orElse("-");
            String upgrade = Optional.ofNullable(exchange.getRequestHeaders().getFirst("Upgrade")).orElse("-");
            exchange.getResponseHeaders().add("X-Reply", "yes");
            send(exchange, 200, exchange.getRequestMethod() + " " + header + " " + upgrade + " " + body);
        });
        server.createContext("/redirect", exchange -> {
            exchange.getResponseHeaders().add("Location", "/echo");
            send(exchange, 302, "moved");
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void getsWithAndWithoutHeaders() {
        Http.Response plain = Http.get(base + "/echo");
        Http.Response withHeader = Http.get(base + "/echo", Map.of("X-Test", "42"));

        assertEquals(200, plain.status());
        assertEquals("GET - - ", plain.body()); // HTTP/1.1: no h2c upgrade
        assertEquals(Optional.of("yes"), plain.header("x-reply"));
        assertEquals(Optional.of("yes"), plain.header("X-Reply"));
        assertEquals("GET 42 - ", withHeader.body());
    }

    @Test
    void sendsAnyMethod() {
        assertEquals("PURGE - - ", Http.request("PURGE", base + "/echo").body());
        assertEquals("DELETE - - ", Http.request("DELETE", base + "/echo").body());
        assertEquals("POST - - {\"a\":1}",
                Http.request("POST", base + "/echo", Map.of("Content-Type", "application/json"), "{\"a\":1}").body());
    }

    @Test
    void neverFollowsRedirects() {
        Http.Response response = Http.get(base + "/redirect");

        assertEquals(302, response.status());
        assertEquals(Optional.of("/echo"), response.header("Location"));
    }

    @Test
    void failsUncheckedWhenNothingListens() {
        int port = ChildJvm.freePort();

        assertThrows(UncheckedIOException.class, () -> Http.get("http://127.0.0.1:" + port + "/"));
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
