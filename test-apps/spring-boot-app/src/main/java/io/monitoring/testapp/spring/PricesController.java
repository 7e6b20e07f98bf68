package io.monitoring.testapp.spring;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /prices/{sku}}: {@code {"sku":…,"price":…}} from {@link PriceService#price}, i.e. one
 * lookup in the Spring cache {@code prices} (a miss and a put the first time for a sku, a hit
 * afterwards). No SQL.
 */
@RestController
public class PricesController {

    public record Price(String sku, String price) {
    }

    private final PriceService prices;

    public PricesController(PriceService prices) {
        this.prices = prices;
    }

    @GetMapping("/prices/{sku}")
    public Price price(@PathVariable("sku") String sku) {
        return new Price(sku, prices.price(sku));
    }
}
