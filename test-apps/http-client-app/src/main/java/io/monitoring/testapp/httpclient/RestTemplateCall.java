package io.monitoring.testapp.httpclient;

import java.net.URI;
import java.time.Duration;

import org.apache.hc.client5.http.classic.HttpClient;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.client.HttpComponentsClientHttpRequestFactory;
import org.springframework.web.client.HttpStatusCodeException;
import org.springframework.web.client.RestTemplate;

/**
 * {@code rest-template}: Spring {@link RestTemplate} on {@link HttpComponentsClientHttpRequestFactory}
 * over the shared Apache HttpClient 5 of {@code apache5}; a 4xx/5xx answer
 * ({@link HttpStatusCodeException}) counts as a status, not as an error.
 */
final class RestTemplateCall implements HttpCall {

    private final HttpClient apache5;

    RestTemplateCall(HttpClient apache5) {
        this.apache5 = apache5;
    }

    @Override
    public int call(String method, URI url, int timeoutMs) throws Exception {
        // a factory per call only to carry the per-call read timeout; the Apache client is shared
        // (and not closed: the factory is never destroyed)
        HttpComponentsClientHttpRequestFactory factory = new HttpComponentsClientHttpRequestFactory(apache5);
        factory.setReadTimeout(Duration.ofMillis(timeoutMs));
        RestTemplate restTemplate = new RestTemplate(factory);

        HttpEntity<String> entity;
        if (HttpCall.isPost(method)) {
            HttpHeaders headers = new HttpHeaders();
            headers.setContentType(MediaType.APPLICATION_JSON);
            entity = new HttpEntity<>(POST_BODY, headers);
        } else {
            entity = null;
        }
        try {
            return restTemplate.exchange(url, HttpMethod.valueOf(method), entity, String.class)
                    .getStatusCode().value();
        } catch (HttpStatusCodeException e) {
            return e.getStatusCode().value();
        }
    }
}
