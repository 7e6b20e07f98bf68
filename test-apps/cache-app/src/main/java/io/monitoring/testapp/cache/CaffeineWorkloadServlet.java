package io.monitoring.testapp.cache;

import java.io.IOException;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.monitoring.testapp.servlets.Text;

/** Mapped to {@code /caffeine/workload?round=N}: runs {@link CaffeineWorkload}. 200 with one line per operation; 400 without a valid round. */
public class CaffeineWorkloadServlet extends HttpServlet {

    private final CaffeineWorkload workload;

    CaffeineWorkloadServlet(CaffeineWorkload workload) {
        this.workload = workload;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String suffix = Round.suffix(req.getParameter("round"));
        if (suffix == null) {
            Text.write(resp, HttpServletResponse.SC_BAD_REQUEST, "round must be 0..999999999");
            return;
        }
        Text.write(resp, HttpServletResponse.SC_OK, workload.run(suffix));
    }
}
