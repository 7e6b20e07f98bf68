package io.monitoring.testapp.httpclient;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * {@code java-http-client} ({@link HttpClient#send}) and {@code java-http-client-async}
 * ({@link HttpClient#sendAsync} then {@code get()}), on one shared client.
 */
final class JavaHttpClientCall implements HttpCall {

    private final HttpClient client;
    private final boolean async;

    private JavaHttpClientCall(HttpClient client, boolean async) {
        this.client = client;
        this.async = async;
    }

    static HttpClient newClient() {
        return HttpClient.newBuilder().connectTimeout(Duration.ofMillis(CONNECT_TIMEOUT_MS)).build();
    }

    static JavaHttpClientCall sync(HttpClient client) {
        return new JavaHttpClientCall(client, false);
    }

    static JavaHttpClientCall async(HttpClient client) {
        return new JavaHttpClientCall(client, true);
    }

    @Override
    public int call(String method, URI url, int timeoutMs) throws Exception {
        HttpRequest.Builder builder = HttpRequest.newBuilder(url).timeout(Duration.ofMillis(timeoutMs));
        if (HttpCall.isPost(method)) {
            builder.header("Content-Type", JSON).POST(HttpRequest.BodyPublishers.ofString(POST_BODY));
        } else {
            builder.GET();
        }
        HttpRequest request = builder.build();
        HttpResponse<String> response = async
                ? Futures.get(client.sendAsync(request, HttpResponse.BodyHandlers.ofString()))
                : client.send(request, HttpResponse.BodyHandlers.ofString());
        return response.statusCode();
    }
}
