package io.monitoring.testapp.jetty12;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Mapped to {@code /fail}: throws, and the container answers 500. This app's own class, so that the stack trace
 * Jetty logs names the app.
 */
public class FailServlet extends HttpServlet {

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) {
        throw new IllegalStateException("boom");
    }
}
