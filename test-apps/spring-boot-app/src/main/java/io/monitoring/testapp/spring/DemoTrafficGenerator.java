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
 * requests reach the database too: JdbcTemplate reads, JPA reads and inserts, one failing query, an N+1 page and its
 * fix, and every tenth round a statement slower than the agent's 500 ms threshold.
 *
 * <p>With {@code --demo.backend-url=http://host:port} (default empty: off) each round also calls another
 * service, the cache test app ({@code test-apps/cache-app}), with the same JDK HttpClient:
 * {@code GET {backend-url}/cache/caffeine/workload?round=N} and
 * {@code GET {backend-url}/cache/redis/workload?client=jedis&round=N}, N = 1, 2, 3, ... The monitoring stack's
 * demo ({@code stack/docker-compose.yml}) uses it so that the frontend has outgoing HTTP calls to a backend.
 */
@Component
@Order(Ordered.LOWEST_PRECEDENCE)
public class DemoTrafficGenerator implements ApplicationListener<ApplicationReadyEvent> {

    /** {@code round} of the cache app's workloads: 1..999999999 (it rejects larger values). */
    private static final int MAX_ROUND = 999_999_999;

    private final boolean enabled;
    /** The backend's base URL without a trailing slash; empty when there is no backend to call. */
    private final String backendUrl;
    private volatile Thread thread;

    public DemoTrafficGenerator(@Value("${demo.traffic:false}") boolean enabled,
            @Value("${demo.backend-url:}") String backendUrl) {
        this.enabled = enabled;
        String url = backendUrl == null ? "" : backendUrl.trim();
        while (url.endsWith("/")) {
            url = url.substring(0, url.length() - 1);
        }
        this.backendUrl = url;
    }

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        if (!enabled || thread != null) {
            return;
        }
        int port = ReadyAnnouncer.localPort(event.getApplicationContext().getEnvironment());
        String base = "http://127.0.0.1:" + port;
        System.out.println("demo traffic: driving requests at " + base);
        String backend = backendUrl;
        if (!backend.isEmpty()) {
            System.out.println("demo traffic: calling the backend at " + backend);
        }
        System.out.flush();
        Thread t = new Thread(() -> run(base, backend), "demo-traffic");
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

    private static void run(String base, String backend) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        int round = 0;
        while (!Thread.currentThread().isInterrupted()) {
            round = round % MAX_ROUND + 1;
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
            send(client, get(base + "/owners"));
            send(client, get(base + "/owners/with-pets"));
            if (round % 10 == 0) {
                send(client, get(base + "/db/slow?ms=600")); // a slow statement every 10 s
            }
            send(client, get(base + "/nope/42"));
            if (!backend.isEmpty()) {
                send(client, get(backend + "/cache/caffeine/workload?round=" + round));
                send(client, get(backend + "/cache/redis/workload?client=jedis&round=" + round));
            }
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
