package io.monitoring.testapp.httpclient;

import java.io.IOException;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.monitoring.testapp.servlets.Text;

/** Backend, mapped to {@code /unavailable} (exact): GET answers 503 {@code unavailable}. */
public class UnavailableServlet extends HttpServlet {

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Text.write(resp, HttpServletResponse.SC_SERVICE_UNAVAILABLE, "unavailable");
    }
}
