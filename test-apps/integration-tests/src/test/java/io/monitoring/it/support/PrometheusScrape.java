package io.monitoring.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One scrape of a Prometheus endpoint, parsed into samples. Understands the Prometheus text format 0.0.4 and
 * OpenMetrics text 1.0 (exemplars, {@code # EOF}), including quoted UTF-8 metric and label names.
 */
public final class PrometheusScrape {

    /** Accept header asking for OpenMetrics text 1.0. */
    public static final String OPENMETRICS =
            "application/openmetrics-text; version=1.0.0; charset=utf-8";
    /** Accept header asking for the Prometheus text format 0.0.4. */
    public static final String TEXT_0_0_4 = "text/plain; version=0.0.4; charset=utf-8";

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    /**
     * One sample line. {@code exemplar} is the raw text after {@code " # "} (e.g.
     * {@code {trace_id="abc",span_id="def"} 0.042 1700000000.123}), or {@code null}.
     */
    public record Sample(String name, Map<String, String> labels, double value, String exemplar) {
    }

    private final String raw;
    private final String contentType;
    private final List<Sample> samples;
    private final Map<String, String> types;

    private PrometheusScrape(String raw, String contentType, List<Sample> samples, Map<String, String> types) {
        this.raw = raw;
        this.contentType = contentType;
        this.samples = samples;
        this.types = types;
    }

    /** GETs {@code http://127.0.0.1:<port>/metrics} without an Accept header. */
    public static PrometheusScrape fetch(int port) {
        return fetch(port, null);
    }

    /**
     * GETs {@code http://127.0.0.1:<port>/metrics} with the given Accept header ({@code null}: none).
     *
     * @throws AssertionError when the status is not 200
     * @throws UncheckedIOException when the endpoint cannot be reached (e.g. not up yet)
     */
    public static PrometheusScrape fetch(int port, String accept) {
        URI uri = URI.create("http://127.0.0.1:" + port + "/metrics");
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET();
        if (accept != null) {
            request.header("Accept", accept);
        }
        HttpResponse<String> response;
        try {
            response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("Scrape of " + uri + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted scraping " + uri, e);
        }
        if (response.statusCode() != 200) {
            throw new AssertionError("Scrape of " + uri + " returned " + response.statusCode() + ":\n"
                    + response.body());
        }
        return parse(response.body(), response.headers().firstValue("Content-Type").orElse(null));
    }

    /** Parses exposition text (either format). */
    public static PrometheusScrape parse(String text) {
        return parse(text, null);
    }

    private static PrometheusScrape parse(String text, String contentType) {
        List<Sample> samples = new ArrayList<>();
        Map<String, String> types = new LinkedHashMap<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].endsWith("\r") ? lines[i].substring(0, lines[i].length() - 1) : lines[i];
            if (line.isBlank()) {
                continue;
            }
            try {
                if (line.startsWith("#")) {
                    if (line.equals("# EOF")) {
                        break;
                    }
                    readTypeComment(line, types);
                } else {
                    samples.add(new LineParser(line).sample());
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("Line " + (i + 1) + ": " + e.getMessage() + ": " + line, e);
            }
        }
        return new PrometheusScrape(text, contentType, List.copyOf(samples), Collections.unmodifiableMap(types));
    }

    /** The response body as received. */
    public String raw() {
        return raw;
    }

    /** The response's Content-Type ({@code null} for {@link #parse}d text). */
    public String contentType() {
        return contentType;
    }

    /** All samples, in exposition order. */
    public List<Sample> samples() {
        return samples;
    }

    /** The samples with exactly this name (e.g. {@code http_server_requests_seconds_count}). */
    public List<Sample> samples(String name) {
        return samples.stream().filter(sample -> sample.name().equals(name)).toList();
    }

    /** The sum of the values of all samples named {@code name} whose labels include {@code labelSubset}; 0 if none. */
    public double value(String name, Map<String, String> labelSubset) {
        return samples(name).stream()
                .filter(sample -> sample.labels().entrySet().containsAll(labelSubset.entrySet()))
                .mapToDouble(Sample::value)
                .sum();
    }

    /** {@code value(name, Map.of())}. */
    public double value(String name) {
        return value(name, Map.of());
    }

    /** The distinct label sets of the samples named {@code name}. */
    public Set<Map<String, String>> labelSets(String name) {
        Set<Map<String, String>> sets = new LinkedHashSet<>();
        samples(name).forEach(sample -> sets.add(sample.labels()));
        return Collections.unmodifiableSet(sets);
    }

    /** The number of distinct series (label sets) named {@code name}. */
    public long seriesCount(String name) {
        return labelSets(name).size();
    }

    /** Values of {@code name} keyed by the given labels' values joined with spaces, e.g. {@code "GET /orders/{id} 200"}. */
    public Map<String, Double> valuesBy(String name, String... labels) {
        Map<String, Double> values = new java.util.TreeMap<>();
        for (Sample s : samples(name)) {
            StringBuilder key = new StringBuilder();
            for (String label : labels) {
                key.append(key.length() == 0 ? "" : " ").append(s.labels().get(label));
            }
            values.merge(key.toString(), s.value(), Double::sum);
        }
        return values;
    }

    /** The type declared by {@code # TYPE <family> <type>} (e.g. counter, histogram), or {@code null}. */
    public String type(String family) {
        return types.get(family);
    }

    @Override
    public String toString() {
        return raw;
    }

    private static void readTypeComment(String line, Map<String, String> types) {
        // "# TYPE name type"; HELP, UNIT and free comments are ignored
        if (!line.startsWith("# TYPE ")) {
            return;
        }
        String rest = line.substring("# TYPE ".length()).trim();
        String family;
        String type;
        if (rest.startsWith("\"")) {
            LineParser parser = new LineParser(rest);
            family = parser.quoted();
            type = rest.substring(parser.pos).trim();
        } else {
            int space = rest.indexOf(' ');
            family = space < 0 ? rest : rest.substring(0, space);
            type = space < 0 ? "" : rest.substring(space + 1).trim();
        }
        types.put(family, type);
    }

    /** Parses one sample line: {@code name{labels} value [timestamp] [# exemplar]}. */
    private static final class LineParser {

        private final String line;
        private int pos;

        LineParser(String line) {
            this.line = line;
        }

        Sample sample() {
            String name = peek() == '{' ? null : identifier();
            int afterName = pos;
            skipSpaces();
            Map<String, String> labels = new LinkedHashMap<>();
            if (peek() == '{') {
                pos++;
                name = labels(labels, name);
                skipSpaces();
            } else {
                pos = afterName;
                requireSpace();
            }
            if (name == null || name.isEmpty()) {
                throw new IllegalArgumentException("no metric name");
            }
            double value = number(token());
            skipSpaces();
            if (pos < line.length() && peek() != '#') {
                number(token()); // the timestamp: checked, not kept
                skipSpaces();
            }
            String exemplar = null;
            if (pos < line.length()) {
                if (peek() != '#') {
                    throw new IllegalArgumentException("unexpected text at column " + (pos + 1));
                }
                exemplar = line.substring(pos + 1).trim();
            }
            return new Sample(name, Collections.unmodifiableMap(labels), value, exemplar);
        }

        /**
         * Reads labels after '{' up to and including '}'. A quoted string not followed by '=' is the metric name
         * (OpenMetrics/Prometheus UTF-8 names: {@code {"my.metric",le="1"}}); returns the name.
         */
        private String labels(Map<String, String> labels, String name) {
            while (true) {
                skipSpaces();
                if (peek() == '}') {
                    pos++;
                    return name;
                }
                boolean quotedKey = peek() == '"';
                String key = quotedKey ? quoted() : identifier();
                skipSpaces();
                if (peek() == '=') {
                    pos++;
                    skipSpaces();
                    labels.put(key, quoted());
                } else if (name == null && quotedKey && labels.isEmpty()) {
                    name = key;
                } else {
                    throw new IllegalArgumentException("expected '=' at column " + (pos + 1));
                }
                skipSpaces();
                char next = peek();
                if (next == ',') {
                    pos++;
                } else if (next != '}') {
                    throw new IllegalArgumentException("expected ',' or '}' at column " + (pos + 1));
                }
            }
        }

        private String identifier() {
            int start = pos;
            while (pos < line.length()) {
                char c = line.charAt(pos);
                if (!(Character.isLetterOrDigit(c) || c == '_' || c == ':')) {
                    break;
                }
                pos++;
            }
            if (pos == start) {
                throw new IllegalArgumentException("expected a name at column " + (start + 1));
            }
            return line.substring(start, pos);
        }

        /** A double-quoted string with \\, \" and \n escapes. */
        private String quoted() {
            if (peek() != '"') {
                throw new IllegalArgumentException("expected '\"' at column " + (pos + 1));
            }
            pos++;
            StringBuilder value = new StringBuilder();
            while (pos < line.length()) {
                char c = line.charAt(pos++);
                if (c == '"') {
                    return value.toString();
                }
                if (c == '\\' && pos < line.length()) {
                    char escaped = line.charAt(pos++);
                    switch (escaped) {
                        case 'n' -> value.append('\n');
                        case '\\' -> value.append('\\');
                        case '"' -> value.append('"');
                        default -> value.append('\\').append(escaped);
                    }
                } else {
                    value.append(c);
                }
            }
            throw new IllegalArgumentException("unterminated quoted string");
        }

        private String token() {
            int start = pos;
            while (pos < line.length() && line.charAt(pos) != ' ' && line.charAt(pos) != '\t') {
                pos++;
            }
            if (pos == start) {
                throw new IllegalArgumentException("expected a value at column " + (start + 1));
            }
            return line.substring(start, pos);
        }

        private static double number(String text) {
            switch (text.toLowerCase()) {
                case "+inf", "inf", "+infinity", "infinity":
                    return Double.POSITIVE_INFINITY;
                case "-inf", "-infinity":
                    return Double.NEGATIVE_INFINITY;
                case "nan", "+nan", "-nan":
                    return Double.NaN;
                default:
                    try {
                        return Double.parseDouble(text);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("not a number: " + text, e);
                    }
            }
        }

        private void requireSpace() {
            if (pos >= line.length() || (peek() != ' ' && peek() != '\t')) {
                throw new IllegalArgumentException("expected a space before the value at column " + (pos + 1));
            }
            skipSpaces();
        }

        private void skipSpaces() {
            while (pos < line.length() && (line.charAt(pos) == ' ' || line.charAt(pos) == '\t')) {
                pos++;
            }
        }

        private char peek() {
            return pos < line.length() ? line.charAt(pos) : '\0';
        }
    }
}
