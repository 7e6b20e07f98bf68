package io.monitoring.testapp.servlets;

import java.io.IOException;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** Mapped to {@code /orders/*}. Other HTTP methods get the default HttpServlet 405. */
public class OrdersServlet extends HttpServlet {

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String pathInfo = req.getPathInfo();
        String id = pathInfo == null ? "" : (pathInfo.startsWith("/") ? pathInfo.substring(1) : pathInfo);
        Text.write(resp, HttpServletResponse.SC_OK, "order " + id);
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Text.write(resp, HttpServletResponse.SC_CREATED, "created");
    }
}
