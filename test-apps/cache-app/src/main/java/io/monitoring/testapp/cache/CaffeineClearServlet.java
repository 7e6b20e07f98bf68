package io.monitoring.testapp.cache;

import java.io.IOException;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import com.github.benmanes.caffeine.cache.Cache;

import io.monitoring.testapp.servlets.Text;

/** Mapped to {@code /caffeine/clear}: one {@code invalidateAll()} on the catalog cache, nothing else. 200 {@code catalog.invalidateAll=ok}. */
public class CaffeineClearServlet extends HttpServlet {

    private final Cache<String, String> catalog;

    CaffeineClearServlet(ProductCatalog catalog) {
        this.catalog = catalog.cache();
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        catalog.invalidateAll();
        Text.write(resp, HttpServletResponse.SC_OK, "catalog.invalidateAll()=ok\n");
    }
}
