package io.monitoring.testapp.vertx;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;

/**
 * A Vert.x HTTP server on {@code --port N} (0: any free port) answering every request 200 {@code vertx}; prints
 * {@code READY port=N} once it listens.
 */
public final class VertxApp {
    private VertxApp() {
    }

    public static void main(String[] args) throws Exception {
        int port = args.length == 2 && args[0].equals("--port") ? Integer.parseInt(args[1]) : 0;
        Vertx vertx = Vertx.vertx();
        HttpServer server = vertx.createHttpServer()
                .requestHandler(request -> request.response().putHeader("Content-Type", "text/plain").end("vertx"))
                .listen(port, "127.0.0.1")
                .await();
        System.out.println("READY port=" + server.actualPort());
        System.out.flush();
    }
}
