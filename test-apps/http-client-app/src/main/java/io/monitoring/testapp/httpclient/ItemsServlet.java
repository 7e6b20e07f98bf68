package io.monitoring.testapp.httpclient;

import java.io.IOException;
import java.io.InputStream;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.monitoring.testapp.servlets.Text;

/**
 * Backend, mapped to {@code /items/*}.
 * <ul>
 *   <li>{@code GET /items/{id}}: 200 {@code item <id>}, response header
 *       {@code X-Received-Traceparent: <traceparent request header or "none">}.</li>
 *   <li>{@code POST /items}: reads the whole request body, 201 {@code created <bytes read>}.</li>
 * </ul>
 */
public class ItemsServlet extends HttpServlet {

    static final String RECEIVED_TRACEPARENT = "X-Received-Traceparent";

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String path = req.getPathInfo();
        if (path == null || path.length() < 2) {
            Text.write(resp, HttpServletResponse.SC_NOT_FOUND, "not found");
            return;
        }
        String traceparent = req.getHeader("traceparent");
        resp.setHeader(RECEIVED_TRACEPARENT, traceparent == null ? "none" : traceparent);
        Text.write(resp, HttpServletResponse.SC_OK, "item " + path.substring(1));
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String path = req.getPathInfo();
        if (path != null && !path.equals("/")) {
            Text.write(resp, HttpServletResponse.SC_NOT_FOUND, "not found");
            return;
        }
        long read;
        try (InputStream in = req.getInputStream()) {
            read = in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        Text.write(resp, HttpServletResponse.SC_CREATED, "created " + read);
    }
}
