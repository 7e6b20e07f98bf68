package io.monitoring.testapp.cache;

import java.io.IOException;

import jakarta.servlet.http.HttpServletResponse;

/** Writes plain-text responses. */
final class Text {

    private Text() {
    }

    static void write(HttpServletResponse resp, int status, String body) throws IOException {
        resp.setStatus(status);
        resp.setContentType("text/plain;charset=UTF-8");
        resp.getWriter().write(body);
    }
}
