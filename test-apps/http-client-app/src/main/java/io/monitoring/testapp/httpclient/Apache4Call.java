package io.monitoring.testapp.httpclient;

import java.net.URI;

import org.apache.http.client.config.RequestConfig;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.HttpGet;
import org.apache.http.client.methods.HttpPost;
import org.apache.http.client.methods.HttpRequestBase;
import org.apache.http.entity.ContentType;
import org.apache.http.entity.StringEntity;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;
import org.apache.http.util.EntityUtils;

/**
 * {@code apache4}: Apache HttpClient 4.5, one shared {@link CloseableHttpClient} from
 * {@code HttpClients.custom()} (pooling, default retry handler), {@code execute(request)}.
 */
final class Apache4Call implements HttpCall {

    private final CloseableHttpClient client = HttpClients.custom()
            .setMaxConnPerRoute(20)
            .setMaxConnTotal(50)
            .build();

    @Override
    public int call(String method, URI url, int timeoutMs) throws Exception {
        HttpRequestBase request;
        if (HttpCall.isPost(method)) {
            HttpPost post = new HttpPost(url);
            post.setEntity(new StringEntity(POST_BODY, ContentType.APPLICATION_JSON));
            request = post;
        } else {
            request = new HttpGet(url);
        }
        request.setConfig(RequestConfig.custom()
                .setConnectTimeout(CONNECT_TIMEOUT_MS)
                .setSocketTimeout(timeoutMs)
                .build());
        try (CloseableHttpResponse response = client.execute(request)) {
            EntityUtils.consume(response.getEntity());
            return response.getStatusLine().getStatusCode();
        }
    }

    @Override
    public void close() throws Exception {
        client.close();
    }
}
