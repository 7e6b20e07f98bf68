package io.monitoring.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.monitoring.it.support.AgentApp;
import io.monitoring.it.support.Jdks;
import io.monitoring.it.support.Poll;
import io.monitoring.it.support.PrometheusScrape;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * JSR 356 server endpoints on Tomcat 11, Jetty 12.1 ee10 and ee9 and Undertow 2.3 (jakarta.websocket) and Tomcat 9,
 * Jetty 12.1 ee8 and Undertow 2.2 (javax.websocket), on JDK 17 and 25: the
 * apps' {@code /shop/chat/{room}} answers each message with one, {@code /shop/idle} is closed by the container after
 * 500 ms of silence (jakarta-servlets' {@code io.monitoring.testapp.websocket}). The clients are the JDK's
 * {@link WebSocket} in this JVM. After each step the scrape shows exactly the open sessions per endpoint template
 * and the messages each way.
 */
class WebSocketIT {
    private static final Duration DEADLINE = Duration.ofSeconds(15);
    private static final String CHAT = "/shop/chat/{room}";
    private static final String IDLE = "/shop/idle";
    private static final int CLIENTS = 3;

    static Stream<Arguments> servers() {
        return Stream.of("tomcat11-app", "jetty12-app", "undertow23-app", "tomcat9-app", "undertow22-app",
                        "jetty12-ee9-app", "jetty12-ee8-app")
                .flatMap(app -> Stream.of(Arguments.of(app, "jdk17"), Arguments.of(app, "jdk25")));
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("servers")
    void countsOpenSessionsAndMessagesByEndpointTemplateUntilEveryClientIsGone(String testApp, String jdkName)
            throws Exception {
        Jdks.Jdk jdk = jdkName.equals("jdk25") ? Jdks.requireJdk25OrSkip() : Jdks.current();
        try (AgentApp app = AgentApp.start(testApp, jdk, null, "--port", "")) {
            HttpClient http = HttpClient.newHttpClient();

            // 3 clients, each in its own room: 3 raw paths, one template
            List<Client> clients = new ArrayList<>();
            for (int i = 1; i <= CLIENTS; i++) {
                clients.add(Client.connect(http, app, "/shop/chat/room" + i));
            }
            awaitScrape(app, s -> active(s, CHAT) == 3.0, "3 open chat sessions");

            // each sends 4 messages, 2 sync text, 1 async text, 1 binary, and gets each answered: 12 in, 12 out
            for (int i = 0; i < CLIENTS; i++) {
                Client client = clients.get(i);
                String room = "room" + (i + 1);
                client.text("hello");
                assertEquals(room + ":hello", client.next());
                client.text("again");
                assertEquals(room + ":again", client.next());
                client.text("async:later");
                assertEquals(room + ":async:later", client.next());
                client.binary("bytes");
                assertEquals("binary:bytes", client.next());
            }
            PrometheusScrape talked = awaitScrape(app,
                    s -> messages(s).equals(Map.of(CHAT + " in", 12.0, CHAT + " out", 12.0)), "12 messages each way");
            assertEquals(3.0, active(talked, CHAT), talked::raw);
            assertEquals(Map.of(CHAT, 3.0), talked.valuesBy("websocket_connections_active", "endpoint"), talked::raw);

            // two clients close normally, the third vanishes without a close frame (its TCP connection aborted)
            clients.get(0).close();
            clients.get(1).close();
            awaitScrape(app, s -> active(s, CHAT) == 1.0, "one chat session left");
            clients.get(2).ws.abort();
            PrometheusScrape gone = awaitScrape(app, s -> active(s, CHAT) == 0.0, "no chat session left after the abort");
            assertEquals(Map.of(CHAT + " in", 12.0, CHAT + " out", 12.0), messages(gone), gone::raw);

            // a session nobody writes to: the container closes it after its 500 ms idle timeout
            Client idle = Client.connect(http, app, IDLE);
            assertEquals(1001, idle.closed.get(DEADLINE.toSeconds(), TimeUnit.SECONDS), "the container's close code");
            PrometheusScrape timedOut = awaitScrape(app, s -> active(s, IDLE) == 0.0, "the idle session closed");
            assertEquals(Map.of(CHAT, 0.0, IDLE, 0.0), timedOut.valuesBy("websocket_connections_active", "endpoint"),
                    timedOut::raw);
            assertEquals(Map.of(CHAT + " in", 12.0, CHAT + " out", 12.0, IDLE + " in", 0.0, IDLE + " out", 0.0),
                    messages(timedOut), timedOut::raw);
            assertEquals(0.0, timedOut.value("monitoring_agent_errors_total"), timedOut::raw);
        }
    }

    /**
     * Spring's {@code WebSocketHandler} on Spring Boot's Tomcat (spring-boot-app's {@code EchoWebSocket}, registered
     * on {@code /ws/echo/{room}}): Spring upgrades each request with a configuration whose path is the request's own;
     * the endpoint is still the registered pattern.
     */
    @ParameterizedTest(name = "on {0}")
    @ValueSource(strings = {"jdk17", "jdk25"})
    void countsSpringWebSocketHandlerSessionsUnderTheirRegisteredPattern(String jdkName) throws Exception {
        Jdks.Jdk jdk = jdkName.equals("jdk25") ? Jdks.requireJdk25OrSkip() : Jdks.current();
        String echo = "/ws/echo/{room}";
        try (AgentApp app = AgentApp.start("spring-boot-app", jdk, null, "--server.port=", "")) {
            HttpClient http = HttpClient.newHttpClient();
            Client a = Client.connect(http, app, "/ws/echo/a");
            Client b = Client.connect(http, app, "/ws/echo/b");
            awaitScrape(app, s -> active(s, echo) == 2.0, "2 open echo sessions");
            for (int i = 1; i <= 3; i++) {
                a.text("m" + i);
                assertEquals("a:m" + i, a.next());
                b.text("m" + i);
                assertEquals("b:m" + i, b.next());
            }
            PrometheusScrape talked = awaitScrape(app,
                    s -> messages(s).equals(Map.of(echo + " in", 6.0, echo + " out", 6.0)), "6 messages each way");
            assertEquals(Map.of(echo, 2.0), talked.valuesBy("websocket_connections_active", "endpoint"), talked::raw);

            a.close();
            b.ws.abort();
            PrometheusScrape gone = awaitScrape(app, s -> active(s, echo) == 0.0, "no echo session left");
            assertEquals(Map.of(echo + " in", 6.0, echo + " out", 6.0), messages(gone), gone::raw);
            assertEquals(0.0, gone.value("monitoring_agent_errors_total"), gone::raw);
        }
    }

    @ParameterizedTest(name = "{0} without {1}")
    @CsvSource({"tomcat11-app, tomcat-websocket", "jetty12-app, jetty-websocket", "undertow23-app, undertow-websocket",
        "undertow22-app, undertow-websocket", "jetty12-ee9-app, jetty-websocket", "jetty12-ee8-app, jetty-websocket"})
    void measuresNothingWhenTheContainersWebSocketInstrumentationIsOff(String testApp, String instrumentation)
            throws Exception {
        try (AgentApp app = AgentApp.start(testApp, Jdks.current(), null, "--port",
                "instrumentation." + instrumentation + ".enabled=false")) {
            Client client = Client.connect(HttpClient.newHttpClient(), app, "/shop/chat/lobby");
            client.text("hello");
            assertEquals("lobby:hello", client.next());
            client.close();
            PrometheusScrape scrape = app.scrape();
            assertEquals(List.of(), scrape.samples("websocket_connections_active"), scrape::raw);
            assertEquals(List.of(), scrape.samples("websocket_messages_total"), scrape::raw);
        }
    }

    private static PrometheusScrape awaitScrape(AgentApp app, java.util.function.Predicate<PrometheusScrape> condition,
            String description) {
        return Poll.until(app::scrape, condition, DEADLINE, description);
    }

    /** {@code websocket_connections_active} of one endpoint; NaN when it has no series. */
    private static double active(PrometheusScrape scrape, String endpoint) {
        return scrape.samples("websocket_connections_active").stream()
                .filter(s -> endpoint.equals(s.labels().get("endpoint")))
                .mapToDouble(PrometheusScrape.Sample::value).findFirst().orElse(Double.NaN);
    }

    /** {@code websocket_messages_total} by "endpoint direction". */
    private static Map<String, Double> messages(PrometheusScrape scrape) {
        return scrape.valuesBy("websocket_messages_total", "endpoint", "direction");
    }

    /**
     * A WebSocket client that queues each whole message it receives (binary as {@code binary:<utf-8>}); also
     * LibraryContractIT's.
     */
    static final class Client implements WebSocket.Listener {
        final BlockingQueue<String> received = new LinkedBlockingQueue<>();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        private final StringBuilder text = new StringBuilder();
        private final java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        WebSocket ws;

        static Client connect(HttpClient http, AgentApp app, String path) throws Exception {
            return connect(http, app.port, path);
        }

        static Client connect(HttpClient http, int port, String path) throws Exception {
            Client client = new Client();
            client.ws = http.newWebSocketBuilder()
                    .buildAsync(URI.create("ws://127.0.0.1:" + port + path), client)
                    .get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            return client;
        }

        void text(String message) throws Exception {
            ws.sendText(message, true).get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        }

        void binary(String message) throws Exception {
            ws.sendBinary(ByteBuffer.wrap(message.getBytes(StandardCharsets.UTF_8)), true)
                    .get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        }

        String next() throws InterruptedException {
            String message = received.poll(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            assertTrue(message != null, "no answer within " + DEADLINE);
            return message;
        }

        /** Sends a normal close and waits for the server's. */
        void close() throws Exception {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            closed.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                received.add(text.toString());
                text.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            byte[] part = new byte[data.remaining()];
            data.get(part);
            bytes.writeBytes(part);
            if (last) {
                received.add("binary:" + bytes.toString(StandardCharsets.UTF_8));
                bytes.reset();
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.completeExceptionally(error);
        }
    }
}
