package io.monitoring.testapp.httpclient;

import java.net.URI;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.apache.hc.client5.http.async.methods.SimpleHttpRequest;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.async.methods.SimpleRequestProducer;
import org.apache.hc.client5.http.async.methods.SimpleResponseConsumer;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.Message;
import org.apache.hc.core5.http.nio.AsyncRequestProducer;
import org.apache.hc.core5.http.nio.entity.AsyncEntityProducers;
import org.apache.hc.core5.http.nio.entity.StringAsyncEntityConsumer;
import org.apache.hc.core5.http.nio.support.AsyncRequestBuilder;
import org.apache.hc.core5.http.nio.support.BasicResponseConsumer;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.Timeout;

/**
 * Apache HttpClient 5 async, one shared pooling {@link CloseableHttpAsyncClient} (default retry strategy),
 * started once, three ways an application hands it a request:
 * <ul>
 *   <li>{@code apache5-async-callback}: {@code execute(SimpleRequestProducer, SimpleResponseConsumer, callback)};
 *       the servlet thread waits (at most 30 s) for the callback, which runs on the client's I/O thread;</li>
 *   <li>{@code apache5-async-future}: {@code execute(SimpleHttpRequest, null)}, then {@code get()} on the
 *       returned future;</li>
 *   <li>{@code apache5-async-producer}: core producers and consumers, {@code AsyncRequestBuilder} and
 *       {@code BasicResponseConsumer(StringAsyncEntityConsumer)}, through the five-argument
 *       {@code execute(producer, consumer, pushHandlerFactory, context, null)}, then {@code get()}. The request is
 *       not {@code Configurable}, so the response timeout travels in the {@code HttpClientContext}.</li>
 * </ul>
 * The response timeout is set per request, as for the classic {@code apache5}; its expiry fails the call with
 * an exception, and so does a refused connection.
 */
final class Apache5AsyncCall implements HttpCall {

    enum Style { CALLBACK, FUTURE, PRODUCER }

    private final CloseableHttpAsyncClient client;
    private final Style style;

    private Apache5AsyncCall(CloseableHttpAsyncClient client, Style style) {
        this.client = client;
        this.style = style;
    }

    /** The shared client, started: {@code execute} on a client that was not started fails every call. */
    static CloseableHttpAsyncClient newStartedClient() {
        CloseableHttpAsyncClient client = HttpAsyncClients.custom()
                .setConnectionManager(PoolingAsyncClientConnectionManagerBuilder.create()
                        .setDefaultConnectionConfig(Apache5Call.connectionConfig())
                        .setMaxConnPerRoute(Apache5Call.MAX_PER_ROUTE).setMaxConnTotal(Apache5Call.MAX_TOTAL).build())
                .build();
        client.start();
        return client;
    }

    static Apache5AsyncCall of(CloseableHttpAsyncClient client, Style style) {
        return new Apache5AsyncCall(client, style);
    }

    @Override
    public int call(String method, URI url, int timeoutMs) throws Exception {
        RequestConfig config = RequestConfig.custom().setResponseTimeout(Timeout.ofMilliseconds(timeoutMs)).build();
        return switch (style) {
            case CALLBACK -> withCallback(simpleRequest(method, url, config));
            case FUTURE -> Futures.get(client.execute(simpleRequest(method, url, config), null)).getCode();
            case PRODUCER -> throughProducer(method, url, config);
        };
    }

    private static SimpleHttpRequest simpleRequest(String method, URI url, RequestConfig config) {
        SimpleHttpRequest request = SimpleHttpRequest.create(method, url);
        if (HttpCall.isPost(method)) {
            request.setBody(POST_BODY, ContentType.APPLICATION_JSON);
        }
        request.setConfig(config);
        return request;
    }

    private int withCallback(SimpleHttpRequest request) throws Exception {
        CompletableFuture<Integer> status = new CompletableFuture<>();
        client.execute(SimpleRequestProducer.create(request), SimpleResponseConsumer.create(),
                new FutureCallback<SimpleHttpResponse>() {
                    @Override
                    public void completed(SimpleHttpResponse response) {
                        status.complete(response.getCode());
                    }

                    @Override
                    public void failed(Exception e) {
                        status.completeExceptionally(e);
                    }

                    @Override
                    public void cancelled() {
                        status.completeExceptionally(new CancellationException("cancelled"));
                    }
                });
        return Futures.get(status, 30, TimeUnit.SECONDS);
    }

    private int throughProducer(String method, URI url, RequestConfig config) throws Exception {
        AsyncRequestBuilder builder = AsyncRequestBuilder.create(method).setUri(url);
        if (HttpCall.isPost(method)) {
            builder.setEntity(AsyncEntityProducers.create(POST_BODY, ContentType.APPLICATION_JSON));
        }
        AsyncRequestProducer producer = builder.build();
        HttpClientContext context = HttpClientContext.create();
        context.setRequestConfig(config);
        Future<Message<HttpResponse, String>> response = client.execute(producer,
                new BasicResponseConsumer<>(new StringAsyncEntityConsumer()), null, context, null);
        return Futures.get(response).getHead().getCode();
    }

    /** Closes the shared client; each of the three calls may do so, the second close does nothing. */
    @Override
    public void close() {
        client.close(CloseMode.GRACEFUL);
    }
}
