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

    private final CloseableHttpClient client = HttpClients.custom()
            .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                    .setDefaultConnectionConfig(ConnectionConfig.custom()
                            .setConnectTimeout(Timeout.ofMilliseconds(CONNECT_TIMEOUT_MS))
                            .build())
                    .setMaxConnPerRoute(20)
                    .setMaxConnTotal(50)
                    .build())
            .build();

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
