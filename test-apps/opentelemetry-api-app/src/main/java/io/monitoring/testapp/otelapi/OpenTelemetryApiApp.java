package io.monitoring.testapp.otelapi;

import io.monitoring.testapp.launcher.EmbeddedTomcat;
import io.monitoring.testapp.launcher.LaunchProtocol;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import org.apache.catalina.startup.Tomcat;

/**
 * Embedded Tomcat 11, context path {@code /}, using only the OpenTelemetry API (code that compiles on 1.0 and runs on
 * every 1.x). Usage: {@code java -jar opentelemetry-api-app.jar --port N}.
 * <ul>
 *   <li>{@code GET /checkout?items=N}: on the request's current span, attribute {@code shop.customer=c-42} and event
 *   {@code cart.loaded}; then, with tracer {@code shop-checkout} 1.0.0: N spans {@code price-item} ({@code shop.item}
 *   1..N, attribute {@code shop.currency=EUR} given at start); a span {@code reserve-stock} made current with baggage
 *   {@code shop.tenant=acme}, inside which it calls {@code GET /inventory} on itself with {@code HttpURLConnection};
 *   a CLIENT span {@code charge} that fails ({@code recordException} of an {@code IllegalStateException("card
 *   declined")}, status ERROR). Answers {@code trace=<id> span=<id> tenant=<what /inventory saw>} of the request's
 *   current span.</li>
 *   <li>{@code GET /inventory}: answers the baggage entry {@code shop.tenant} (or {@code none}) and sets it as the
 *   attribute {@code shop.tenant} of its request's current span.</li>
 * </ul>
 */
public final class OpenTelemetryApiApp {
    private static final AttributeKey<Long> ITEM = AttributeKey.longKey("shop.item");

    private OpenTelemetryApiApp() {
    }

    public static void main(String[] args) throws Exception {
        EmbeddedTomcat<Servlet> tomcat = EmbeddedTomcat.create("opentelemetry-api-app", LaunchProtocol.port(args), "", Tomcat::addServlet);
        tomcat.addServlet("checkout", new HttpServlet() {
            @Override
            protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
                respond(resp, checkout(Integer.parseInt(req.getParameter("items")), req.getLocalPort()));
            }
        }, "/checkout");
        tomcat.addServlet("inventory", new HttpServlet() {
            @Override
            protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
                String tenant = Baggage.current().getEntryValue("shop.tenant");
                Span.current().setAttribute("shop.tenant", tenant == null ? "none" : tenant);
                respond(resp, tenant == null ? "none" : tenant);
            }
        }, "/inventory");
        tomcat.serveUntilStopped();
    }

    static String checkout(int items, int port) throws IOException {
        Span request = Span.current();
        request.setAttribute("shop.customer", "c-42");
        request.addEvent("cart.loaded");

        Tracer tracer = GlobalOpenTelemetry.getTracer("shop-checkout", "1.0.0");
        for (long item = 1; item <= items; item++) {
            Span price = tracer.spanBuilder("price-item").setAttribute("shop.currency", "EUR").startSpan();
            price.setAttribute(ITEM, item);
            price.end();
        }

        String tenant;
        Span reserve = tracer.spanBuilder("reserve-stock").startSpan();
        try (Scope inReserve = reserve.makeCurrent();
             Scope withTenant = Baggage.current().toBuilder().put("shop.tenant", "acme").build().makeCurrent()) {
            tenant = get("http://127.0.0.1:" + port + "/inventory");
        } finally {
            reserve.end();
        }

        Span charge = tracer.spanBuilder("charge").setSpanKind(SpanKind.CLIENT).startSpan();
        charge.recordException(new IllegalStateException("card declined"), Attributes.of(AttributeKey.stringKey("shop.gateway"), "test"));
        charge.setStatus(StatusCode.ERROR, "card declined");
        charge.end();

        return "trace=" + request.getSpanContext().getTraceId() + " span=" + request.getSpanContext().getSpanId()
                + " tenant=" + tenant;
    }

    private static String get(String url) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) new URL(url).openConnection();
        try (InputStream in = connection.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } finally {
            connection.disconnect();
        }
    }

    private static void respond(HttpServletResponse resp, String body) throws IOException {
        resp.setStatus(200);
        resp.setContentType("text/plain; charset=utf-8");
        resp.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
    }
}
