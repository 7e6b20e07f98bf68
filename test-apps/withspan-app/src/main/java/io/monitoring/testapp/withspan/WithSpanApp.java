package io.monitoring.testapp.withspan;

import io.monitoring.testapp.launcher.EmbeddedTomcat;
import io.monitoring.testapp.launcher.LaunchProtocol;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutionException;
import org.apache.catalina.startup.Tomcat;

/**
 * Embedded Tomcat 11, context path {@code /}: {@code GET /place?id=N&customer=C} answers {@link OrderService#place}
 * (422 with the message when it refuses the id); {@code GET /confirm?id=N} waits for {@link OrderService#confirm}'s
 * stage (422 with the cause's message when it fails). Usage: {@code java -jar withspan-app.jar --port N}.
 */
public final class WithSpanApp {
    private WithSpanApp() {
    }

    public static void main(String[] args) throws Exception {
        OrderService orders = new OrderService();
        EmbeddedTomcat<Servlet> tomcat = EmbeddedTomcat.create("withspan-app", LaunchProtocol.port(args), "", Tomcat::addServlet);
        tomcat.addServlet("place", new HttpServlet() {
            @Override
            protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
                try {
                    respond(resp, 200, orders.place(Long.parseLong(req.getParameter("id")), req.getParameter("customer")));
                } catch (IllegalArgumentException e) {
                    respond(resp, 422, e.getMessage());
                }
            }
        }, "/place");
        tomcat.addServlet("confirm", new HttpServlet() {
            @Override
            protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
                try {
                    respond(resp, 200, orders.confirm(Long.parseLong(req.getParameter("id"))).get());
                } catch (ExecutionException e) {
                    respond(resp, 422, e.getCause().getMessage());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    respond(resp, 503, "interrupted");
                }
            }
        }, "/confirm");
        tomcat.serveUntilStopped();
    }

    private static void respond(HttpServletResponse resp, int status, String body) throws IOException {
        resp.setStatus(status);
        resp.setContentType("text/plain; charset=utf-8");
        resp.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
    }
}
