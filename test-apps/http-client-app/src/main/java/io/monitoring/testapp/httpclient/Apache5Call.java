package io.monitoring.testapp.httpclient;

import java.net.URI;

import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.util.Timeout;

/**
 * {@code apache5}: Apache HttpClient 5 classic, one shared pooling {@link CloseableHttpClient}
 * (default retry strategy), {@code execute(request, responseHandler)}.
 */
final class Apache5Call implements HttpCall {

    /** Pool sizes and connect timeout of every Apache HttpClient 5 client of the app, classic and async. */
    static final int MAX_PER_ROUTE = 20;
    static final int MAX_TOTAL = 50;

    private final CloseableHttpClient client = HttpClients.custom()
            .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                    .setDefaultConnectionConfig(connectionConfig())
                    .setMaxConnPerRoute(MAX_PER_ROUTE).setMaxConnTotal(MAX_TOTAL).build())
            .build();

    static ConnectionConfig connectionConfig() {
        return ConnectionConfig.custom().setConnectTimeout(Timeout.ofMilliseconds(CONNECT_TIMEOUT_MS)).build();
    }

    /** The shared client, also used by {@code rest-template}. */
    CloseableHttpClient client() {
        return client;
    }

    @Override
    public int call(String method, URI url, int timeoutMs) throws Exception {
        HttpUriRequestBase request;
        if (HttpCall.isPost(method)) {
            request = new HttpPost(url);
            request.setEntity(new StringEntity(POST_BODY, ContentType.APPLICATION_JSON));
        } else {
            request = new HttpGet(url);
        }
        request.setConfig(RequestConfig.custom().setResponseTimeout(Timeout.ofMilliseconds(timeoutMs)).build());
        return client.execute(request, response -> {
            EntityUtils.consume(response.getEntity());
            return response.getCode();
        });
    }

    @Override
    public void close() throws Exception {
        client.close();
    }
}
