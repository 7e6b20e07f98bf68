package io.monitoring.testapp.tomcat9;

import java.io.IOException;

import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/** Mapped to {@code /health} (exact). */
public class HealthServlet extends HttpServlet {

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Text.write(resp, HttpServletResponse.SC_OK, "ok");
    }
}
