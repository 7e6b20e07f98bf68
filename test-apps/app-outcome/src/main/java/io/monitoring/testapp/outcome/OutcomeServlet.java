package io.monitoring.testapp.outcome;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * {@code GET <mapping>/<case>}: runs the case and answers 200 with {@link Outcome#of}; {@code GET <mapping>/}:
 * the case names, one a line, in order; 404 for an unknown case.
 */
public final class OutcomeServlet extends HttpServlet {
    private final Map<String, Outcome.Call> cases;

    /** {@code cases}: in the order they are listed (a LinkedHashMap). */
    public OutcomeServlet(Map<String, Outcome.Call> cases) {
        this.cases = cases;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String path = req.getPathInfo() == null ? "/" : req.getPathInfo();
        String body;
        if (path.equals("/")) {
            body = String.join("\n", cases.keySet()) + "\n";
        } else {
            Outcome.Call call = cases.get(path.substring(1));
            if (call == null) {
                resp.sendError(404, "no case " + path.substring(1));
                return;
            }
            body = Outcome.of(call);
        }
        resp.setContentType("text/plain; charset=utf-8");
        resp.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
    }
}
