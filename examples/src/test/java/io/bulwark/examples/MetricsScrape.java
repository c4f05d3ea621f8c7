package io.bulwark.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One answer of the demo's {@code GET /metrics}, read as the Prometheus text format: each sample's
 * series (its name and labels, as written) and value.
 *
 * @param response the HTTP response
 * @param samples the samples, by series
 */
record MetricsScrape(HttpResponse<String> response, Map<String, Double> samples) {

    /** The series of {@code bulwark.security.events} for one kind and reason. */
    static String events(String kind, String reason) {
        return "bulwark_security_events_total{kind=\"" + kind + "\",reason=\"" + reason + "\"}";
    }

    /**
     * Scrapes until every expected series has its value, for up to 10 seconds: Bulwark hands its
     * events to the meters off the request thread, so a count may trail the answer that raised it.
     *
     * @param http the client
     * @param base the demo's base URL
     * @param expected values by series
     * @return the first scrape that had them all, or the last one
     */
    static MetricsScrape await(HttpClient http, String base, Map<String, Double> expected) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        MetricsScrape scrape = get(http, base);
        while (!scrape.has(expected) && System.nanoTime() - deadline < 0) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
            scrape = get(http, base);
        }
        return scrape;
    }

    static MetricsScrape get(HttpClient http, String base) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        Map<String, Double> samples = new TreeMap<>();
        if (response.statusCode() == 200) {
            for (String line : response.body().split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                int space = line.lastIndexOf(' ');
                samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
            }
        }
        return new MetricsScrape(response, samples);
    }

    boolean has(Map<String, Double> expected) {
        return expected.entrySet().stream().allMatch(e -> e.getValue().equals(samples.get(e.getKey())));
    }

    /** The value of a series, failing with the whole scrape when it is not there. */
    double value(String series) {
        Double value = samples.get(series);
        assertTrue(value != null, series + " missing from\n" + response.body());
        return value;
    }

    /** Asserts each expected series has exactly its value. */
    void assertValues(Map<String, Double> expected) {
        expected.forEach((series, value) -> assertEquals(value, value(series), 0.0, series + " in\n" + response.body()));
    }

    /**
     * Asserts a 200 in the Prometheus text format: the media type and parameters of the Prometheus
     * library's own content type, in whatever order and spacing the server writes them.
     */
    void assertPrometheusText() {
        assertEquals(200, response.statusCode(), response.body());
        String contentType = response.headers().firstValue("Content-Type").orElse("");
        assertEquals(mediaType(PrometheusEndpoint.CONTENT_TYPE), mediaType(contentType), contentType);
    }

    /** {@code type/subtype} then the parameters, lower-cased and sorted. */
    private static Map<String, String> mediaType(String contentType) {
        Map<String, String> parts = new LinkedHashMap<>();
        String[] split = contentType.toLowerCase(Locale.ROOT).split(";");
        parts.put("", split[0].trim());
        Map<String, String> parameters = new TreeMap<>();
        for (int i = 1; i < split.length; i++) {
            String[] pair = split[i].trim().split("=", 2);
            parameters.put(pair[0].trim(), pair.length == 2 ? pair[1].trim() : "");
        }
        parts.putAll(parameters);
        return parts;
    }
}
