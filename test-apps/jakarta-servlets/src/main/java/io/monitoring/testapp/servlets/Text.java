package io.monitoring.testapp.servlets;

import java.io.IOException;

import jakarta.servlet.http.HttpServletResponse;

/** Writes plain-text responses. */
public final class Text {

    private Text() {
    }

    public static void write(HttpServletResponse resp, int status, String body) throws IOException {
        resp.setStatus(status);
        resp.setContentType("text/plain;charset=UTF-8");
        resp.getWriter().write(body);
    }
}
