package io.monitoring.testapp.httpclient;

import java.net.URI;
import java.time.Duration;

import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.web.client.HttpStatusCodeException;
import org.springframework.web.client.RestClient;

/**
 * {@code rest-client}: Spring {@link RestClient} on the JDK {@code HttpURLConnection}
 * ({@link SimpleClientHttpRequestFactory}), {@code retrieve().toEntity(String.class)}; a 4xx/5xx
 * answer ({@link HttpStatusCodeException}) counts as a status, not as an error.
 */
final class RestClientCall implements HttpCall {

    @Override
    public int call(String method, URI url, int timeoutMs) throws Exception {
        // a factory per call only to carry the per-call read timeout
        SimpleClientHttpRequestFactory factory = new SimpleClientHttpRequestFactory();
        factory.setConnectTimeout(Duration.ofMillis(CONNECT_TIMEOUT_MS));
        factory.setReadTimeout(Duration.ofMillis(timeoutMs));
        RestClient restClient = RestClient.builder().requestFactory(factory).build();

        RestClient.RequestBodySpec spec = restClient.method(HttpMethod.valueOf(method)).uri(url);
        if (HttpCall.isPost(method)) {
            spec.contentType(MediaType.APPLICATION_JSON).body(POST_BODY);
        }
        try {
            return spec.retrieve().toEntity(String.class).getStatusCode().value();
        } catch (HttpStatusCodeException e) {
            return e.getStatusCode().value();
        }
    }
}
