package io.monitoring.testapp.legacy;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.HttpGet;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;
import org.apache.http.util.EntityUtils;
import redis.clients.jedis.Jedis;

/**
 * Runs a fixed set of calls through old versions of instrumented libraries, prints one line per result,
 * then {@code DONE} and stays alive until killed (so its metrics can be scraped): an OkHttp 3 GET (sync and
 * enqueued) and an Apache HttpClient 4.3 GET against a JDK HTTP server in this process, Caffeine 2 cache
 * operations (a miss, a put, two hits), and, when Redis listens on 127.0.0.1:6379, a Jedis 3 SET and GET.
 */
public final class LegacyLibsApp {
    private LegacyLibsApp() {
    }

    public static void main(String[] args) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        byte[] ok = "ok".getBytes(StandardCharsets.US_ASCII);
        server.createContext("/", exchange -> {
            exchange.sendResponseHeaders(200, ok.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(ok);
            }
        });
        server.start();
        String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/item";

        OkHttpClient okHttp = new OkHttpClient();
        try (Response response = okHttp.newCall(new Request.Builder().url(url).build()).execute()) {
            System.out.println("okhttp3.execute=" + response.code() + " " + response.body().string());
        }
        CompletableFuture<String> enqueued = new CompletableFuture<>();
        okHttp.newCall(new Request.Builder().url(url).build()).enqueue(new Callback() {
            @Override
            public void onFailure(Call call, IOException e) {
                enqueued.complete("failed " + e);
            }

            @Override
            public void onResponse(Call call, Response response) throws IOException {
                try (Response r = response) {
                    enqueued.complete(r.code() + " " + r.body().string());
                }
            }
        });
        System.out.println("okhttp3.enqueue=" + enqueued.get(30, TimeUnit.SECONDS));

        try (CloseableHttpClient apache = HttpClients.createDefault();
             CloseableHttpResponse response = apache.execute(new HttpGet(url))) {
            System.out.println("httpclient43=" + response.getStatusLine().getStatusCode() + " " + EntityUtils.toString(response.getEntity()));
        }

        Cache<String, String> cache = Caffeine.newBuilder().maximumSize(100).build();
        System.out.println("caffeine2.getIfPresent=" + cache.getIfPresent("a"));
        cache.put("a", "A");
        System.out.println("caffeine2.getIfPresent=" + cache.getIfPresent("a"));
        System.out.println("caffeine2.get=" + cache.get("a", k -> "loaded"));

        if (redisListening()) {
            try (Jedis jedis = new Jedis("127.0.0.1", 6379)) {
                System.out.println("jedis3.set=" + jedis.set("mon:legacy", "v"));
                System.out.println("jedis3.get=" + jedis.get("mon:legacy"));
            }
        } else {
            System.out.println("jedis3=skipped (no Redis on 127.0.0.1:6379)");
        }
        okHttp.dispatcher().executorService().shutdown();
        System.out.println("DONE");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }

    private static boolean redisListening() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", 6379), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
