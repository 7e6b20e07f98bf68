package io.monitoring.testapp.tomcat11;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Mapped to {@code /fail}: throws, and the container answers 500. This app's own class, not a shared one: the
 * stack trace Tomcat logs names it (ResponsesUnchangedIT compares that line with and without the agent).
 */
public class FailServlet extends HttpServlet {

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) {
        throw new IllegalStateException("boom");
    }
}
