package io.monitoring.testapp.servlets;

import java.io.IOException;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** Mapped to {@code /slow}: sleeps {@code ?ms=N} milliseconds (default 100), then answers 200. */
public class SlowServlet extends HttpServlet {

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        long ms = 100;
        String param = req.getParameter("ms");
        if (param != null && !param.isEmpty()) {
            ms = Long.parseLong(param);
        }
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Text.write(resp, HttpServletResponse.SC_OK, "slow");
    }
}
