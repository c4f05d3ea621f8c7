package io.bulwark.benchmarks.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The report generator, on a small JMH JSON sample with known numbers. */
class BenchmarkReportTest {

    private static List<JmhResult> sample() throws IOException, ParseException {
        try (InputStream in = BenchmarkReportTest.class.getResourceAsStream("/sample-jmh.json")) {
            return JmhResult.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void readsJmhJson() throws Exception {
        List<JmhResult> results = sample();
        assertEquals(9, results.size());
        JmhResult uncached = results.get(1);
        assertEquals("TokenVerificationBenchmark", uncached.benchmarkClass());
        assertEquals("bulwarkUncached", uncached.method());
        assertEquals(Map.of("alg", "RS256"), uncached.params());
        assertEquals(53.859, uncached.score(), 1e-9);
        assertEquals("alg=RS256, 1 thread", uncached.configuration());
        assertTrue(Double.isNaN(results.get(6).error()), "JMH writes \"NaN\" when it has too few samples");
        assertEquals(1e6 / 14532.048, results.get(7).microsPerOperation(), 1e-6);
    }

    @Test
    void tabulatesEachGroupWithRatiosToTheFloorAndThePeers() throws Exception {
        String md = BenchmarkReport.render(sample(), "2 CPUs, test JVM", "sample").markdown();
        assertTrue(md.contains("""
                **alg=RS256, 1 thread**

                | benchmark | score ± error | × floor | Bulwark vs peers |
                |---|---|---|---|
                | floor `jcaFloor` | 34.6 ± 1.20 us/op | 1.00x |  |
                | **Bulwark** `bulwarkUncached` | 53.9 ± 7.28 us/op | 1.56x | 1.08x nimbusProcessor |
                | **Bulwark** `bulwarkCached` | 0.182 ± 0.025 us/op | 0.0053x | 0.0037x nimbusProcessor |
                | `nimbusProcessor` | 49.9 ± 1.55 us/op | 1.44x |  |
                """), md);
        assertTrue(md.contains("| **Bulwark** `bulwark` | 346 ± 65.4 ns/op | 0.045x | 0.040x jsoup |"), md);
        assertTrue(md.contains("| `jsoup` | 8719 ± ? ns/op | 1.12x |  |"), md);
        // Throughput: the ratio is of time per request, so the slower app with Bulwark is above 1.
        assertTrue(md.contains("| **Bulwark** `withBulwark` | 14532 ± 1364 ops/s | 1.26x |  |"), md);
        assertTrue(md.contains("- Machine: 2 CPUs, test JVM"), md);
        assertFalse(md.contains("Redis"), "a group the run did not measure is left out");
    }

    @Test
    void joinsTheRowsOfASplitClassIntoItsGroupsTables() {
        String main = "TokenVerificationBenchmark";
        String split = "TokenVerificationBenchmarkNoEdDsa";
        List<JmhResult> results = List.of(
                new JmhResult(main, "jcaFloor", Map.of("alg", "EdDSA"), 1, "avgt", 50, 1, "us/op"),
                new JmhResult(main, "bulwarkUncached", Map.of("alg", "EdDSA"), 1, "avgt", 60, 1, "us/op"),
                new JmhResult(main, "jjwt", Map.of("alg", "EdDSA"), 1, "avgt", 120, 1, "us/op"),
                new JmhResult(main, "jcaFloor", Map.of("alg", "HS256"), 1, "avgt", 1, 0.1, "us/op"),
                new JmhResult(main, "bulwarkUncached", Map.of("alg", "HS256"), 1, "avgt", 3, 0.1, "us/op"),
                new JmhResult(split, "auth0JavaJwt", Map.of("alg", "HS256"), 1, "avgt", 6, 0.1, "us/op"));
        String md = BenchmarkReport.render(results, "m", "s").markdown();
        assertTrue(md.contains("""
                **alg=HS256, 1 thread**

                | benchmark | score ± error | × floor | Bulwark vs peers |
                |---|---|---|---|
                | floor `jcaFloor` | 1.00 ± 0.100 us/op | 1.00x |  |
                | **Bulwark** `bulwarkUncached` | 3.00 ± 0.100 us/op | 3.00x | 0.500x auth0JavaJwt |
                | `auth0JavaJwt` | 6.00 ± 0.100 us/op | 6.00x |  |
                """), md);
        // EdDSA: the split class's peers have no row, and Bulwark is compared with the peers that ran.
        assertTrue(md.contains("| **Bulwark** `bulwarkUncached` | 60.0 ± 1.00 us/op | 1.20x | 0.500x jjwt |"), md);
        assertEquals(1, md.split("alg=HS256, 1 thread", -1).length - 1, "one table per configuration");
    }

    @Test
    void checksEveryTargetTheRunMeasured() throws Exception {
        String md = BenchmarkReport.render(sample(), "m", "s").markdown();
        assertTrue(md.contains("| cold verification within 1.15x of nimbus's DefaultJWTProcessor | alg=RS256, 1 thread "
                + "| ≤ 1.15x | 1.08x | met |"), md);
        assertTrue(md.contains("| a cache hit under 1 µs | alg=RS256, 1 thread | < 1.00 µs | 0.182 µs | met |"), md);
        assertTrue(md.contains("| plain text sanitized at least 20x faster than OWASP direct | kind=PLAIN_TEXT, 1 thread "
                + "| ≥ 20.0x faster | 22.5x faster | met |"), md);
        assertTrue(md.contains("| HTTP overhead at most 10% (Servlet) | 1 thread | ≥ 90% | 79.1% | **not met** |"), md);
        assertFalse(md.contains("1.3x of bucket4j"), "no rate-limit row: the sample has none");
    }

    @Test
    void chartsEachCheckGreenWhenMetAndRedWhenNot() throws Exception {
        String svg = BenchmarkReport.render(sample(), "m", "s").svg();
        assertTrue(svg.startsWith("<svg "), svg);
        assertEquals(4, svg.split("<rect ").length - 1, svg);
        assertEquals(3, svg.split("#2e7d32").length - 1, svg);
        assertEquals(1, svg.split("#c62828").length - 1, svg);
        assertTrue(svg.contains("79.1%"), svg);
    }

    @Test
    void joinsRoundsIntoOneRowAndListsEachRoundsRatio() {
        String http = "ServletThroughputBenchmark";
        // Two rounds, the sides in flipped order in the second, as the suite runs them.
        List<JmhResult> results = List.of(
                new JmhResult(http, "withBulwark", Map.of(), 1, "thrpt", 900, 10, "ops/s", List.of(880.0, 920.0)),
                new JmhResult(http, "withoutBulwark", Map.of(), 1, "thrpt", 1000, 10, "ops/s", List.of(990.0, 1010.0)),
                new JmhResult(http, "withoutBulwark", Map.of(), 1, "thrpt", 1200, 10, "ops/s", List.of(1190.0, 1210.0)),
                new JmhResult(http, "withBulwark", Map.of(), 1, "thrpt", 1020, 10, "ops/s", List.of(1010.0, 1030.0)));
        List<JmhResult> pooled = JmhResult.pooled(results);
        assertEquals(2, pooled.size());
        assertEquals(960, pooled.get(0).score(), 1e-9, "the mean of every iteration of both rounds");
        assertEquals(List.of(880.0, 920.0, 1010.0, 1030.0), pooled.get(0).samples());
        assertTrue(pooled.get(0).error() > 100, "the spread between rounds widens the interval: " + pooled.get(0).error());

        String md = BenchmarkReport.render(results, "m", "s").markdown();
        // 960 / 1100 overall; 900 / 1000 and 1020 / 1200 round by round.
        assertTrue(md.contains("| HTTP overhead at most 10% (Servlet) | 1 thread | ≥ 90% | 87.3% (rounds: 90.0%, 85.0%) "
                + "| **not met** |"), md);
        assertEquals(1, md.split("`withBulwark` \\| 960 ", -1).length - 1, "one row for both rounds: " + md);
    }

    @Test
    void readsEveryIterationOfEveryFork() throws Exception {
        List<JmhResult> results = JmhResult.parse("""
                [{"benchmark": "io.bulwark.benchmarks.ServletThroughputBenchmark.withBulwark", "mode": "thrpt",
                  "threads": 1, "primaryMetric": {"score": 2.5, "scoreError": "NaN", "scoreUnit": "ops/s",
                  "rawData": [[1.0, 2.0], [3.0, 4.0]]}}]
                """);
        assertEquals(List.of(1.0, 2.0, 3.0, 4.0), results.get(0).samples());
    }

    @Test
    void refusesWhatIsNotJmhJson() {
        assertThrows(ParseException.class, () -> JmhResult.parse("{\"not\": \"an array\"}"));
        assertThrows(ParseException.class, () -> JmhResult.parse("[1, 2]"));
    }
}
