package io.monitoring.testapp.tomcat9;

import java.io.IOException;

import javax.servlet.Filter;
import javax.servlet.FilterChain;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.http.HttpServletResponse;

/** Mapped to {@code /filtered}: answers the request itself and never calls the chain. */
public class AnsweringFilter implements Filter {

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain) throws IOException {
        Text.write((HttpServletResponse) response, HttpServletResponse.SC_OK, "answered by filter");
    }
}
