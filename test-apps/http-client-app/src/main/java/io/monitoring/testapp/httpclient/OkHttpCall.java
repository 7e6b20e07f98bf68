package io.monitoring.testapp.httpclient;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * {@code okhttp} ({@code newCall(request).execute()}) and {@code okhttp-async} ({@code enqueue},
 * waiting at most 30 s), on one shared OkHttp 4 client; the read timeout is set per call with
 * {@code newBuilder()}, which shares the pool and dispatcher.
 */
final class OkHttpCall implements HttpCall {

    private static final MediaType JSON_TYPE = MediaType.get(JSON);

    private final OkHttpClient client;
    private final boolean async;

    private OkHttpCall(OkHttpClient client, boolean async) {
        this.client = client;
        this.async = async;
    }

    static OkHttpClient newClient() {
        return new OkHttpClient.Builder().connectTimeout(Duration.ofMillis(CONNECT_TIMEOUT_MS)).build();
    }

    static OkHttpCall sync(OkHttpClient client) {
        return new OkHttpCall(client, false);
    }

    static OkHttpCall async(OkHttpClient client) {
        return new OkHttpCall(client, true);
    }

    @Override
    public int call(String method, URI url, int timeoutMs) throws Exception {
        OkHttpClient perCall = client.newBuilder().readTimeout(Duration.ofMillis(timeoutMs)).build();
        Request.Builder builder = new Request.Builder().url(url.toString());
        if (HttpCall.isPost(method)) {
            builder.post(RequestBody.create(POST_BODY, JSON_TYPE));
        } else {
            builder.get();
        }
        Call call = perCall.newCall(builder.build());
        if (!async) {
            try (Response response = call.execute()) {
                return consume(response);
            }
        }
        CompletableFuture<Integer> result = new CompletableFuture<>();
        call.enqueue(new Callback() {
            @Override
            public void onFailure(Call c, IOException e) {
                result.completeExceptionally(e);
            }

            @Override
            public void onResponse(Call c, Response response) {
                try (response) {
                    result.complete(consume(response));
                } catch (IOException | RuntimeException e) {
                    result.completeExceptionally(e);
                }
            }
        });
        return Futures.get(result, 30, TimeUnit.SECONDS);
    }

    private static int consume(Response response) throws IOException {
        ResponseBody body = response.body();
        if (body != null) {
            body.bytes();
        }
        return response.code();
    }

    @Override
    public void close() {
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
    }
}
