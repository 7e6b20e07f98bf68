package io.monitoring.testapp.servlets;

import java.io.IOException;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletResponse;

/** Mapped to {@code /filtered}: answers the request itself and never calls the chain. */
public class AnsweringFilter implements Filter {

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain) throws IOException {
        Text.write((HttpServletResponse) response, HttpServletResponse.SC_OK, "answered by filter");
    }
}
