package io.monitoring.testapp.spring;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import jakarta.annotation.PreDestroy;

/**
 * Demo mode ({@code --demo.traffic=true}): once the app is ready, a daemon thread sends a small
 * steady stream of requests at the app itself every second so that metrics appear without curl. The
 * requests reach the database too: JdbcTemplate reads, JPA reads and inserts, and one failing query.
 */
@Component
@Order(Ordered.LOWEST_PRECEDENCE)
public class DemoTrafficGenerator implements ApplicationListener<ApplicationReadyEvent> {

    private final boolean enabled;
    private volatile Thread thread;

    public DemoTrafficGenerator(@Value("${demo.traffic:false}") boolean enabled) {
        this.enabled = enabled;
    }

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        if (!enabled || thread != null) {
            return;
        }
        int port = ReadyAnnouncer.localPort(event.getApplicationContext().getEnvironment());
        String base = "http://127.0.0.1:" + port;
        System.out.println("demo traffic: driving requests at " + base);
        System.out.flush();
        Thread t = new Thread(() -> run(base), "demo-traffic");
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    @PreDestroy
    void stop() {
        Thread t = thread;
        if (t != null) {
            t.interrupt();
        }
    }

    private static void run(String base) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        while (!Thread.currentThread().isInterrupted()) {
            for (int id = 1; id <= 5; id++) {
                send(client, get(base + "/orders/" + id));
            }
            send(client, get(base + "/owners/7/pets/9"));
            send(client, get(base + "/owners/8/pets/10"));
            send(client, get(base + "/prices/A"));
            send(client, get(base + "/prices/B"));
            send(client, request(base + "/orders").POST(HttpRequest.BodyPublishers.noBody()).build());
            send(client, get(base + "/boom"));
            send(client, get(base + "/db/fail"));
            send(client, get(base + "/nope/42"));
            try {
                Thread.sleep(1000); // the steady one-round-per-second pace is the point here
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static HttpRequest.Builder request(String url) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5));
    }

    private static HttpRequest get(String url) {
        return request(url).GET().build();
    }

    private static void send(HttpClient client, HttpRequest request) {
        try {
            client.send(request, HttpResponse.BodyHandlers.discarding());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // the demo keeps going whatever a single request does (e.g. during shutdown)
        }
    }
}
