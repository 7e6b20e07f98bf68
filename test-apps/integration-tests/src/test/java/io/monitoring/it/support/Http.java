package io.monitoring.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Plain HTTP/1.1 requests for the tests (java.net.http): 10 s timeouts, redirects never followed, body read as UTF-8.
 */
public final class Http {

    static final Duration TIMEOUT = Duration.ofSeconds(10);

    // HTTP/1.1 on purpose: the default (HTTP/2) would send an h2c upgrade that the servers under test may act on.
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    /** A response; {@code headers} keys are lower-case (as java.net.http gives them). */
    public record Response(int status, String body, Map<String, List<String>> headers) {

        /** The first value of a header (case-insensitive name). */
        public Optional<String> header(String name) {
            return headers.entrySet().stream()
                    .filter(entry -> entry.getKey().equalsIgnoreCase(name) && !entry.getValue().isEmpty())
                    .map(entry -> entry.getValue().get(0))
                    .findFirst();
        }
    }

    private Http() {
    }

    public static Response get(String url) {
        return request("GET", url, Map.of(), null);
    }

    public static Response get(String url, Map<String, String> headers) {
        return request("GET", url, headers, null);
    }

    /**
     * A request without a body. Any method token works, including non-standard ones such as {@code PURGE} or
     * {@code FOO} (java.net.http refuses only {@code CONNECT} and non-token strings).
     */
    public static Response request(String method, String url) {
        return request(method, url, Map.of(), null);
    }

    /**
     * A request with headers and an optional UTF-8 body ({@code null}: none). Restricted headers (Host, Connection,
     * Content-Length, Expect, Upgrade) cannot be set.
     *
     * @throws UncheckedIOException when the request fails (connection refused, timeout, ...)
     */
    public static Response request(String method, String url, Map<String, String> headers, String body) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url))
                .timeout(TIMEOUT)
                .method(method, body == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        headers.forEach(builder::header);
        try {
            HttpResponse<String> response =
                    CLIENT.send(builder.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Response(response.statusCode(), response.body(), response.headers().map());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + url + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted during " + method + " " + url, e);
        }
    }
}
