package io.monitoring.testapp.servlets;

import java.io.IOException;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Mapped to {@code /health} (exact): 200 {@code ok}, and nothing else the app does (no SQL, no cache operation, no
 * outgoing call).
 */
public class HealthServlet extends HttpServlet {

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Text.write(resp, HttpServletResponse.SC_OK, "ok");
    }
}
