package io.monitoring.testapp.httpclient;

import java.io.IOException;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.monitoring.testapp.servlets.Text;

/**
 * Backend, mapped to {@code /slow} (exact): {@code GET /slow?ms=N} sleeps N ms (0..10000, default 0)
 * before answering 200 {@code slow}; 400 if N is not a number.
 */
public class SlowServlet extends HttpServlet {

    static final long MAX_MS = 10_000;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String param = req.getParameter("ms");
        long ms;
        try {
            ms = param == null ? 0 : Long.parseLong(param);
        } catch (NumberFormatException e) {
            Text.write(resp, HttpServletResponse.SC_BAD_REQUEST, "ms must be a number");
            return;
        }
        ms = Math.max(0, Math.min(MAX_MS, ms));
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Text.write(resp, HttpServletResponse.SC_OK, "slow");
    }
}
