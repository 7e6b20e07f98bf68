package io.monitoring.testapp.httpclient;

import java.io.IOException;
import java.net.URI;
import java.util.Map;

import io.monitoring.testapp.outcome.Outcome;
import io.monitoring.testapp.servlets.Text;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Frontend, mapped to {@code /call/*}:
 * {@code GET /call/{client}?url=<absolute URL>&method=GET|POST&timeoutMs=N} makes exactly one
 * HTTP call to {@code url} through the named client and answers 200 {@code status=<code>}, or, when
 * the client threw, 200 {@code error=<exception class>\nmessage=<exception message>}. 404 for an
 * unknown client, 400 for a missing or relative url, a method other than GET/POST or a bad
 * timeoutMs (default 5000). With {@code outcome=full} the body is {@link Outcome#of} the call: the status, or
 * the exception with its causes and stack frames.
 */
public class CallServlet extends HttpServlet {

    static final int DEFAULT_TIMEOUT_MS = 5000;

    private final Map<String, HttpCall> calls;

    CallServlet(Map<String, HttpCall> calls) {
        this.calls = calls;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String path = req.getPathInfo();
        HttpCall call = path == null ? null : calls.get(path.substring(1));
        if (call == null) {
            Text.write(resp, HttpServletResponse.SC_NOT_FOUND, "unknown client, one of " + calls.keySet());
            return;
        }
        URI url;
        try {
            String param = req.getParameter("url");
            url = param == null ? null : URI.create(param);
        } catch (IllegalArgumentException e) {
            url = null;
        }
        if (url == null || !url.isAbsolute()) {
            Text.write(resp, HttpServletResponse.SC_BAD_REQUEST, "url must be an absolute URL");
            return;
        }
        String method = req.getParameter("method") == null ? "GET" : req.getParameter("method");
        if (!method.equals("GET") && !method.equals("POST")) {
            Text.write(resp, HttpServletResponse.SC_BAD_REQUEST, "method must be GET or POST");
            return;
        }
        int timeoutMs;
        try {
            String param = req.getParameter("timeoutMs");
            timeoutMs = param == null ? DEFAULT_TIMEOUT_MS : Integer.parseInt(param);
        } catch (NumberFormatException e) {
            timeoutMs = -1;
        }
        if (timeoutMs < 1) {
            Text.write(resp, HttpServletResponse.SC_BAD_REQUEST, "timeoutMs must be a positive number");
            return;
        }

        String body;
        if ("full".equals(req.getParameter("outcome"))) {
            URI target = url;
            int timeout = timeoutMs;
            Text.write(resp, HttpServletResponse.SC_OK, Outcome.of(() -> "status=" + call.call(method, target, timeout)));
            return;
        }
        try {
            body = "status=" + call.call(method, url, timeoutMs);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            body = "error=" + e.getClass().getName() + "\nmessage=" + e.getMessage();
        }
        Text.write(resp, HttpServletResponse.SC_OK, body);
    }
}
