package io.monitoring.testapp.httpclient;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;

/** {@code url-connection}: {@link HttpURLConnection} from {@code new URL(url).openConnection()}. */
final class UrlConnectionCall implements HttpCall {

    @Override
    public int call(String method, URI url, int timeoutMs) throws Exception {
        HttpURLConnection connection = (HttpURLConnection) new URL(url.toString()).openConnection();
        connection.setConnectTimeout(CONNECT_TIMEOUT_MS);
        connection.setReadTimeout(timeoutMs);
        connection.setRequestMethod(method);
        if (HttpCall.isPost(method)) {
            byte[] body = POST_BODY.getBytes(StandardCharsets.UTF_8);
            connection.setDoOutput(true);
            connection.setFixedLengthStreamingMode(body.length);
            connection.setRequestProperty("Content-Type", JSON);
            try (OutputStream out = connection.getOutputStream()) {
                out.write(body);
            }
        }
        int status = connection.getResponseCode();
        // reading to the end and closing (not disconnect()) keeps the connection for reuse
        InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
        if (in != null) {
            try (in) {
                in.transferTo(OutputStream.nullOutputStream());
            }
        }
        return status;
    }
}
