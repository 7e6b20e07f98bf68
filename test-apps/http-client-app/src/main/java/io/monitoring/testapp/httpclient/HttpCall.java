package io.monitoring.testapp.httpclient;

import java.net.URI;

/**
 * One way of making an HTTP call. An implementation makes exactly one call through its client,
 * reads the whole response body (error bodies too) and releases everything, so that pooled
 * connections go back to their pool.
 */
interface HttpCall extends AutoCloseable {

    /** Body of every POST, sent with {@code Content-Type: application/json}. */
    String POST_BODY = "{\"n\":1}";

    String JSON = "application/json";

    /** Connect timeout of every client. */
    int CONNECT_TIMEOUT_MS = 2000;

    /**
     * @param method    {@code GET} or {@code POST}
     * @param url       absolute URL
     * @param timeoutMs read (response) timeout
     * @return the response status code
     * @throws Exception whatever the client threw (unwrapped from {@code ExecutionException})
     */
    int call(String method, URI url, int timeoutMs) throws Exception;

    static boolean isPost(String method) {
        return "POST".equals(method);
    }

    /** Releases the client's resources at shutdown. */
    @Override
    default void close() throws Exception {
    }
}
