package io.monitoring.testapp.httpclient;

import java.net.http.HttpClient;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.Servlet;

import org.apache.catalina.startup.Tomcat;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;

import okhttp3.OkHttpClient;

import io.monitoring.testapp.launcher.EmbeddedTomcat;
import io.monitoring.testapp.launcher.LaunchProtocol;
import io.monitoring.testapp.servlets.HealthServlet;

/**
 * Embedded Tomcat 11 test application that is both an HTTP backend and a frontend making outgoing
 * HTTP calls through several client libraries (tests start two instances, one calling the other).
 * Context path {@code /svc}; servlets are registered programmatically.
 *
 * <p>Usage: {@code java -jar http-client-app.jar --port N} (0 = any free port; bound to 127.0.0.1).
 * Prints {@code READY port=N} once serving.
 *
 * <h2>Backend endpoints (text/plain)</h2>
 * <ul>
 *   <li>{@code GET /svc/items/{id}}: 200 {@code item <id>}, response header
 *       {@code X-Received-Traceparent: <traceparent request header or "none">}.</li>
 *   <li>{@code POST /svc/items}: 201 {@code created <request body bytes read>}.</li>
 *   <li>{@code GET /svc/unavailable}: 503 {@code unavailable}.</li>
 *   <li>{@code GET /svc/slow?ms=N}: sleeps N ms (at most 10000), then 200 {@code slow}.</li>
 *   <li>{@code GET /svc/health}: 200 {@code ok}.</li>
 * </ul>
 *
 * <h2>Frontend endpoint</h2>
 * {@code GET /svc/call/{client}?url=<absolute URL>&method=GET|POST&timeoutMs=N} (method default
 * GET, timeoutMs = read/response timeout, default 5000) makes exactly one HTTP call to {@code url}
 * through {@code client} and no other HTTP call, reads the whole response body (error bodies too)
 * and releases the response so pooled connections return to their pool. A POST sends
 * {@code {"n":1}} as {@code application/json}; the connect timeout is always 2 s. Answers 200 with
 * {@code status=<code>}, or, when the client threw, 200 with two lines
 * {@code error=<fully qualified exception class>} and {@code message=<exception message>}. 404 for
 * an unknown client, 400 for a missing url or a bad parameter.
 *
 * <h2>Clients</h2>
 * <table>
 *   <caption>Values of {client}</caption>
 *   <tr><th>client</th><th>call</th></tr>
 *   <tr><td>{@code url-connection}</td><td>{@code java.net.HttpURLConnection} from
 *       {@code new URL(url).openConnection()}; the error stream is read for status &ge; 400</td></tr>
 *   <tr><td>{@code java-http-client}</td><td>{@code java.net.http.HttpClient.send} on one shared
 *       client (default version, i.e. HTTP/2 with h2c upgrade offer), {@code BodyHandlers.ofString()}</td></tr>
 *   <tr><td>{@code java-http-client-async}</td><td>the same client, {@code sendAsync(...).get()}; the
 *       cause of an {@code ExecutionException} is reported</td></tr>
 *   <tr><td>{@code apache5}</td><td>Apache HttpClient 5 classic, one shared pooling
 *       {@code CloseableHttpClient}, {@code execute(request, responseHandler)}, per-request
 *       {@code RequestConfig} response timeout</td></tr>
 *   <tr><td>{@code apache4}</td><td>Apache HttpClient 4.5, one shared {@code CloseableHttpClient},
 *       {@code execute(request)}, per-request {@code RequestConfig} socket timeout</td></tr>
 *   <tr><td>{@code okhttp}</td><td>OkHttp 4, one shared client, {@code newCall(request).execute()}</td></tr>
 *   <tr><td>{@code okhttp-async}</td><td>the same client, {@code newCall(request).enqueue(callback)},
 *       waiting at most 30 s</td></tr>
 *   <tr><td>{@code rest-template}</td><td>Spring {@code RestTemplate} on
 *       {@code HttpComponentsClientHttpRequestFactory} over the {@code apache5} client; a
 *       4xx/5xx ({@code HttpStatusCodeException}) is reported as {@code status=<code>}</td></tr>
 *   <tr><td>{@code rest-client}</td><td>Spring {@code RestClient} on {@code HttpURLConnection}
 *       ({@code SimpleClientHttpRequestFactory}), {@code retrieve().toEntity(String.class)}; 4xx/5xx
 *       as for {@code rest-template}</td></tr>
 *   <tr><td>{@code apache5-async-callback}</td><td>Apache HttpClient 5 async, one shared pooling
 *       {@code CloseableHttpAsyncClient} started once, {@code execute(SimpleRequestProducer,
 *       SimpleResponseConsumer, callback)}, waiting at most 30 s for the callback; per-request
 *       {@code RequestConfig} response timeout</td></tr>
 *   <tr><td>{@code apache5-async-future}</td><td>the same client, {@code execute(SimpleHttpRequest, null)}
 *       then {@code get()} on the returned future</td></tr>
 *   <tr><td>{@code apache5-async-producer}</td><td>the same client, {@code AsyncRequestBuilder} and
 *       {@code BasicResponseConsumer(StringAsyncEntityConsumer)} through
 *       {@code execute(producer, consumer, null, context, null)}, then {@code get()}; the response timeout
 *       in the {@code HttpClientContext}</td></tr>
 * </table>
 * The clients keep their default retry behaviour, so one call can mean more than one request or
 * connection attempt: Apache HttpClient 5, classic and async (so also {@code rest-template} and the three
 * {@code apache5-async-*}), sends a GET answered 503 once more after 1 s ({@code DefaultHttpRequestRetryStrategy};
 * not when the response timeout is shorter than that second), and the JDK {@code HttpClient}
 * tries a refused connection twice ({@code jdk.httpclient.disableRetryConnect}). A read timeout is
 * never retried.
 */
public final class HttpClientApp {

    static final String CONTEXT_PATH = "/svc";

    private HttpClientApp() {
    }

    public static void main(String[] args) throws Exception {
        EmbeddedTomcat<Servlet> tomcat =
                EmbeddedTomcat.create("http-client-app", LaunchProtocol.port(args), CONTEXT_PATH, Tomcat::addServlet);

        Map<String, HttpCall> calls = createCalls();

        tomcat.addServlet("items", new ItemsServlet(), "/items/*");
        tomcat.addServlet("unavailable", new UnavailableServlet(), "/unavailable");
        tomcat.addServlet("slow", new SlowServlet(), "/slow");
        tomcat.addServlet("call", new CallServlet(calls), "/call/*");
        tomcat.addServlet("health", new HealthServlet(), "/health");
        tomcat.addDefaultServletForUnmappedPaths();
        tomcat.onShutdown(() -> closeAll(calls.values()));

        tomcat.serveUntilStopped();
    }

    private static Map<String, HttpCall> createCalls() {
        HttpClient jdkClient = JavaHttpClientCall.newClient();
        OkHttpClient okHttpClient = OkHttpCall.newClient();
        Apache5Call apache5 = new Apache5Call();
        CloseableHttpAsyncClient apache5Async = Apache5AsyncCall.newStartedClient();

        Map<String, HttpCall> calls = new LinkedHashMap<>();
        calls.put("url-connection", new UrlConnectionCall());
        calls.put("java-http-client", JavaHttpClientCall.sync(jdkClient));
        calls.put("java-http-client-async", JavaHttpClientCall.async(jdkClient));
        calls.put("apache5", apache5);
        calls.put("apache4", new Apache4Call());
        calls.put("okhttp", OkHttpCall.sync(okHttpClient));
        calls.put("okhttp-async", OkHttpCall.async(okHttpClient));
        calls.put("rest-template", new RestTemplateCall(apache5.client()));
        calls.put("rest-client", new RestClientCall());
        calls.put("apache5-async-callback", Apache5AsyncCall.of(apache5Async, Apache5AsyncCall.Style.CALLBACK));
        calls.put("apache5-async-future", Apache5AsyncCall.of(apache5Async, Apache5AsyncCall.Style.FUTURE));
        calls.put("apache5-async-producer", Apache5AsyncCall.of(apache5Async, Apache5AsyncCall.Style.PRODUCER));
        return Collections.unmodifiableMap(calls);
    }

    private static void closeAll(Collection<HttpCall> calls) {
        for (HttpCall call : calls) {
            try {
                call.close();
            } catch (Exception e) {
                // best effort
            }
        }
    }
}
