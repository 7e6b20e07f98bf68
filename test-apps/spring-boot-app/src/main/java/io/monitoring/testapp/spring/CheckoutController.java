package io.monitoring.testapp.spring;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /checkout/{id}}: the request the overhead benchmark ({@code test-apps/benchmark/run.sh}) drives. Per
 * request, in this order:
 * <ol>
 *   <li>exactly one prepared {@code SELECT id, status FROM orders WHERE id = ?} through {@link JdbcTemplate}
 *       (outside any transaction);</li>
 *   <li>one {@link PriceService#price} lookup in the Spring cache {@code prices}, sku {@code sku-0}..{@code sku-7}
 *       (id modulo 8), so after the first eight requests every lookup is a hit;</li>
 *   <li>when {@code checkout.backend-url} is set (default: empty, no call), one {@code GET
 *       <backend-url>/svc/items/{id}} with the JDK {@link HttpClient} (HTTP/1.1, one shared client, created only
 *       when the property is set).</li>
 * </ol>
 * Answers 200 with {@code {"id":…,"status":…,"price":…,"backendStatus":…}} ({@code backendStatus} 0 when no call
 * was made), 502 when the backend answers anything but 2xx or cannot be reached. A non-numeric id is Spring's
 * 400 and runs nothing. Nothing else in the application calls this endpoint.
 */
@RestController
public class CheckoutController {

    /** JSON body, record components in declaration order. */
    public record Checkout(long id, String status, String price, int backendStatus) {
    }

    private final JdbcTemplate jdbcTemplate;
    private final PriceService prices;
    private final String backendUrl;
    private final HttpClient client;

    public CheckoutController(JdbcTemplate jdbcTemplate, PriceService prices,
            @Value("${checkout.backend-url:}") String backendUrl) {
        this.jdbcTemplate = jdbcTemplate;
        this.prices = prices;
        this.backendUrl = backendUrl.endsWith("/") ? backendUrl.substring(0, backendUrl.length() - 1) : backendUrl;
        this.client = backendUrl.isEmpty() ? null : HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2))
                .build();
    }

    @GetMapping("/checkout/{id}")
    public ResponseEntity<Checkout> checkout(@PathVariable("id") long id) throws IOException, InterruptedException {
        List<String> status = jdbcTemplate.query(OrdersController.SELECT_ORDER, (rs, rowNum) -> rs.getString("status"), id);
        String price = prices.price("sku-" + Math.floorMod(id, 8));
        int backendStatus = 0;
        if (client != null) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(backendUrl + "/svc/items/" + id))
                    .timeout(Duration.ofSeconds(5))
                    .GET()
                    .build();
            try {
                backendStatus = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            } catch (IOException e) {
                backendStatus = -1;
            }
        }
        Checkout body = new Checkout(id, status.isEmpty() ? "unknown" : status.get(0), price, backendStatus);
        boolean backendOk = client == null || (backendStatus >= 200 && backendStatus < 300);
        return ResponseEntity.status(backendOk ? HttpStatus.OK : HttpStatus.BAD_GATEWAY).body(body);
    }
}
