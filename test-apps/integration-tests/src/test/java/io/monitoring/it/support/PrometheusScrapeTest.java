package io.monitoring.it.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class PrometheusScrapeTest {

    private static final String TEXT_0_0_4 = """
            # HELP http_requests_total The total number of HTTP requests.
            # TYPE http_requests_total counter
            http_requests_total{method="post",code="200"} 1027 1395066363000
            http_requests_total{method="post",code="400"}    3 1395066363000
            http_requests_total{method="get",code="200"} 5

            # A free comment
            # HELP http_request_duration_seconds A histogram of the request duration.
            # TYPE http_request_duration_seconds histogram
            http_request_duration_seconds_bucket{le="0.05"} 24054
            http_request_duration_seconds_bucket{le="0.1"} 33444
            http_request_duration_seconds_bucket{le="+Inf"} 144320
            http_request_duration_seconds_sum 53423
            http_request_duration_seconds_count 144320
            process_start_time_seconds 1.7e9
            weird_values{kind="nan"} NaN
            weird_values{kind="neg"} -Inf
            weird_values{kind="pos"} +Inf
            """;

    @Test
    void parsesPrometheusText004() {
        PrometheusScrape scrape = PrometheusScrape.parse(TEXT_0_0_4);

        assertEquals(1027 + 3 + 5, scrape.value("http_requests_total"));
        assertEquals(1027 + 3, scrape.value("http_requests_total", Map.of("method", "post")));
        assertEquals(3, scrape.value("http_requests_total", Map.of("method", "post", "code", "400")));
        assertEquals(0, scrape.value("http_requests_total", Map.of("method", "delete")));
        assertEquals(0, scrape.value("no_such_metric"));
        assertEquals(3, scrape.seriesCount("http_requests_total"));
        assertEquals(Set.of(Map.of("method", "post", "code", "200"), Map.of("method", "post", "code", "400"),
                Map.of("method", "get", "code", "200")), scrape.labelSets("http_requests_total"));
        assertEquals(144320, scrape.value("http_request_duration_seconds_bucket", Map.of("le", "+Inf")));
        assertEquals(Map.of(), scrape.samples("http_request_duration_seconds_count").get(0).labels());
        assertEquals(1.7e9, scrape.value("process_start_time_seconds"));
        assertEquals("counter", scrape.type("http_requests_total"));
        assertEquals("histogram", scrape.type("http_request_duration_seconds"));
        assertTrue(Double.isNaN(scrape.value("weird_values", Map.of("kind", "nan"))));
        assertEquals(Double.NEGATIVE_INFINITY, scrape.value("weird_values", Map.of("kind", "neg")));
        assertEquals(Double.POSITIVE_INFINITY, scrape.value("weird_values", Map.of("kind", "pos")));
        assertEquals(TEXT_0_0_4, scrape.raw());
        assertEquals(12, scrape.samples().size());
    }

    @Test
    void keepsLabelOrderAndIgnoresTimestamps() {
        PrometheusScrape.Sample sample =
                PrometheusScrape.parse("m{b=\"1\",a=\"2\"} 7 1395066363000\n").samples().get(0);

        assertEquals(List.of("b", "a"), List.copyOf(sample.labels().keySet()));
        assertEquals(7, sample.value());
        assertNull(sample.exemplar());
    }

    @Test
    void unescapesLabelValues() {
        PrometheusScrape scrape = PrometheusScrape.parse(
                "msdos_file_access_time_seconds{path=\"C:\\\\DIR\\\\FILE.TXT\",error=\"Cannot find file:\\n\\\"FILE.TXT\\\"\"} 1.458255915e9\n");

        Map<String, String> labels = scrape.samples("msdos_file_access_time_seconds").get(0).labels();
        assertEquals("C:\\DIR\\FILE.TXT", labels.get("path"));
        assertEquals("Cannot find file:\n\"FILE.TXT\"", labels.get("error"));
        assertEquals(1.458255915e9, scrape.value("msdos_file_access_time_seconds", Map.of("path", "C:\\DIR\\FILE.TXT")));
    }

    @Test
    void labelValuesMayHoldSeparatorsHashesAndBraces() {
        PrometheusScrape.Sample sample =
                PrometheusScrape.parse("m{route=\"/a # b\",q=\"{x=1}, y\"} 2\n").samples().get(0);

        assertEquals(Map.of("route", "/a # b", "q", "{x=1}, y"), sample.labels());
        assertEquals(2, sample.value());
        assertNull(sample.exemplar());
    }

    @Test
    void toleratesSpacesTrailingCommaEmptyLabelsAndCrLf() {
        PrometheusScrape scrape = PrometheusScrape.parse(
                "a{ x=\"1\" , y=\"2\", } 1\r\nb{} 2\r\nc 3\r\nd\t4\n");

        assertEquals(Map.of("x", "1", "y", "2"), scrape.samples("a").get(0).labels());
        assertEquals(2, scrape.value("b"));
        assertEquals(3, scrape.value("c"));
        assertEquals(4, scrape.value("d"));
    }

    @Test
    void parsesOpenMetricsWithExemplarsAndStopsAtEof() {
        String text = """
                # TYPE http_request_duration_seconds histogram
                # UNIT http_request_duration_seconds seconds
                # HELP http_request_duration_seconds Duration.
                http_request_duration_seconds_bucket{le="0.1",method="GET"} 3 # {trace_id="abc",span_id="def"} 0.042 1700000000.123
                http_request_duration_seconds_bucket{le="+Inf",method="GET"} 4 # {trace_id="123"} 2.5
                http_request_duration_seconds_count{method="GET"} 4
                http_request_duration_seconds_sum{method="GET"} 2.7 1700000000.5
                http_request_duration_seconds_created{method="GET"} 1.7000000001e9
                # TYPE jobs counter
                jobs_total 5.0 # {} 1
                # EOF
                after_eof_is_ignored 1
                """;
        PrometheusScrape scrape = PrometheusScrape.parse(text);

        PrometheusScrape.Sample bucket = scrape.samples("http_request_duration_seconds_bucket").get(0);
        assertEquals(Map.of("le", "0.1", "method", "GET"), bucket.labels());
        assertEquals(3, bucket.value());
        assertEquals("{trace_id=\"abc\",span_id=\"def\"} 0.042 1700000000.123", bucket.exemplar());
        assertEquals("{trace_id=\"123\"} 2.5",
                scrape.samples("http_request_duration_seconds_bucket").get(1).exemplar());
        assertNull(scrape.samples("http_request_duration_seconds_count").get(0).exemplar());
        assertEquals(2.7, scrape.value("http_request_duration_seconds_sum", Map.of("method", "GET")));
        assertEquals(5, scrape.value("jobs_total"));
        assertEquals("{} 1", scrape.samples("jobs_total").get(0).exemplar());
        assertEquals("counter", scrape.type("jobs"));
        assertEquals(0, scrape.seriesCount("after_eof_is_ignored"));
    }

    @Test
    void parsesQuotedUtf8NamesAndLabelNames() {
        PrometheusScrape scrape = PrometheusScrape.parse("""
                # TYPE "http.server.duration" histogram
                {"http.server.duration_count","http.method"="GET"} 3
                {"my.gauge"} 1
                plain{"label.with.dots"="v"} 2
                """);

        assertEquals(3, scrape.value("http.server.duration_count", Map.of("http.method", "GET")));
        assertEquals(1, scrape.value("my.gauge"));
        assertEquals(Map.of("label.with.dots", "v"), scrape.samples("plain").get(0).labels());
        assertEquals("histogram", scrape.type("http.server.duration"));
    }

    @Test
    void rejectsMalformedLinesNamingTheLine() {
        for (String bad : List.of("m{a=\"1\" 1", "m{a=1} 1", "m{a=\"1\"}", "m abc", "m 1 2 3", "m{a=\"unterminated} 1")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> PrometheusScrape.parse("ok 1\n" + bad + "\n"), bad);
            assertTrue(e.getMessage().startsWith("Line 2: "), e.getMessage());
        }
    }

    @Test
    void fetchesMetricsWithAcceptHeader() throws Exception {
        AtomicReference<String> accept = new AtomicReference<>();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        server.createContext("/metrics", exchange -> {
            accept.set(exchange.getRequestHeaders().getFirst("Accept"));
            byte[] body = "up 1\n# EOF\n".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", PrometheusScrape.OPENMETRICS);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.createContext("/", exchange -> {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        server.start();
        try {
            int port = server.getAddress().getPort();
            PrometheusScrape scrape = PrometheusScrape.fetch(port, PrometheusScrape.OPENMETRICS);

            assertEquals(PrometheusScrape.OPENMETRICS, accept.get());
            assertEquals(PrometheusScrape.OPENMETRICS, scrape.contentType());
            assertEquals(1, scrape.value("up"));
            assertEquals("up 1\n# EOF\n", scrape.raw());

            PrometheusScrape.fetch(port);
            assertNull(accept.get());
        } finally {
            server.stop(0);
        }
    }

    @Test
    void failsOnNon200() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        server.createContext("/", exchange -> {
            exchange.sendResponseHeaders(503, -1);
            exchange.close();
        });
        server.start();
        try {
            AssertionError e = assertThrows(AssertionError.class,
                    () -> PrometheusScrape.fetch(server.getAddress().getPort()));
            assertTrue(e.getMessage().contains("503"), e.getMessage());
        } finally {
            server.stop(0);
        }
    }
}
