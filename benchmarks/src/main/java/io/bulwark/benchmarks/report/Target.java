package io.bulwark.benchmarks.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A performance target of the project, checked against a run: a ratio of two benchmarks in the same
 * configuration (or one absolute score) and the bound it must keep.
 *
 * @param description what the target says, as in the README
 * @param benchmarkClass the benchmark class
 * @param subject Bulwark's method
 * @param reference the method it is compared with; empty for an absolute bound on the subject's score
 * @param bound the bound
 * @param kind how the measurement is compared with the bound
 * @param where parameter values the target applies to (empty: every configuration)
 */
public record Target(String description, String benchmarkClass, String subject, Optional<String> reference, double bound,
        Kind kind, Map<String, String> where) {

    /** How a measurement meets its bound. */
    public enum Kind {
        /** subject cost / reference cost at most the bound (e.g. within 1.15x). */
        COST_RATIO_AT_MOST,
        /** reference cost / subject cost at least the bound (e.g. 20x faster). */
        SPEEDUP_AT_LEAST,
        /** subject throughput / reference throughput at least the bound (e.g. 90%). */
        THROUGHPUT_SHARE_AT_LEAST,
        /** the subject's time per operation, in microseconds, below the bound (e.g. under 1 µs). */
        SCORE_BELOW
    }

    /** Copies the filter. */
    public Target {
        where = Map.copyOf(where);
    }

    /** The targets the issues set, as the README states them. */
    public static List<Target> all() {
        return List.of(
                new Target("cold verification within 1.15x of nimbus's DefaultJWTProcessor", "TokenVerificationBenchmark",
                        "bulwarkUncached", Optional.of("nimbusProcessor"), 1.15, Kind.COST_RATIO_AT_MOST, Map.of()),
                new Target("a cache hit under 1 µs", "TokenVerificationBenchmark", "bulwarkCached", Optional.empty(), 1.0,
                        Kind.SCORE_BELOW, Map.of()),
                new Target("bounded keyed decision within 1.3x of bucket4j in a ConcurrentHashMap", "RateLimitBenchmark",
                        "bulwarkStore", Optional.of("bucket4jMapProbe"), 1.3, Kind.COST_RATIO_AT_MOST, Map.of()),
                new Target("plain text sanitized at least 20x faster than OWASP direct", "SanitizerBenchmark", "bulwark",
                        Optional.of("owaspDirect"), 20, Kind.SPEEDUP_AT_LEAST, Map.of("kind", "PLAIN_TEXT")),
                new Target("HTML sanitized within 1.05x of OWASP direct", "SanitizerBenchmark", "bulwark",
                        Optional.of("owaspDirect"), 1.05, Kind.COST_RATIO_AT_MOST, Map.of("kind", "BENIGN_HTML")),
                new Target("HTML sanitized within 1.05x of OWASP direct", "SanitizerBenchmark", "bulwark",
                        Optional.of("owaspDirect"), 1.05, Kind.COST_RATIO_AT_MOST, Map.of("kind", "HOSTILE_HTML")),
                new Target("HTTP overhead at most 10% (Servlet)", "ServletThroughputBenchmark", "withBulwark",
                        Optional.of("withoutBulwark"), 0.9, Kind.THROUGHPUT_SHARE_AT_LEAST, Map.of()),
                new Target("HTTP overhead at most 10% (JAX-RS)", "JaxrsThroughputBenchmark", "withBulwark",
                        Optional.of("withoutBulwark"), 0.9, Kind.THROUGHPUT_SHARE_AT_LEAST, Map.of()));
    }

    /**
     * One measurement of a target in one configuration.
     *
     * @param target the target
     * @param configuration the configuration it was measured in
     * @param measured the measurement over every row of the run (see {@link JmhResult#pooled})
     * @param met whether the measurement meets the bound
     * @param rounds the measurement of each round, where the run measured subject and reference in
     *     several rounds (the HTTP benchmarks); empty otherwise
     */
    public record Check(Target target, String configuration, double measured, boolean met, List<Double> rounds) {

        /** Copies the rounds. */
        public Check {
            rounds = List.copyOf(rounds);
        }
    }

    /**
     * Measures this target in every configuration of the run that has what it needs.
     *
     * @param results the run
     * @return one check per configuration; empty when the run did not measure it
     */
    public List<Check> check(List<JmhResult> results) {
        List<Check> checks = new ArrayList<>();
        List<JmhResult> pooled = JmhResult.pooled(results);
        for (JmhResult s : pooled) {
            if (!s.benchmarkClass().equals(benchmarkClass) || !s.method().equals(subject) || !applies(s)) {
                continue;
            }
            if (reference.isEmpty()) {
                double micros = s.microsPerOperation();
                checks.add(new Check(this, s.configuration(), micros, micros < bound, List.of()));
                continue;
            }
            for (JmhResult r : pooled) {
                if (r.benchmarkClass().equals(benchmarkClass) && r.method().equals(reference.get())
                        && r.params().equals(s.params()) && r.threads() == s.threads()) {
                    double measured = measure(s, r);
                    boolean met = kind == Kind.COST_RATIO_AT_MOST ? measured <= bound : measured >= bound;
                    checks.add(new Check(this, s.configuration(), measured, met, rounds(results, s, r)));
                }
            }
        }
        return checks;
    }

    private double measure(JmhResult s, JmhResult r) {
        return switch (kind) {
            case COST_RATIO_AT_MOST -> s.cost() / r.cost();
            case SPEEDUP_AT_LEAST, THROUGHPUT_SHARE_AT_LEAST -> r.cost() / s.cost();
            case SCORE_BELOW -> s.score();
        };
    }

    /** The k-th row of the subject against the k-th row of the reference, when both ran more than once. */
    private List<Double> rounds(List<JmhResult> results, JmhResult subjectPooled, JmhResult referencePooled) {
        List<JmhResult> subjects = new ArrayList<>();
        List<JmhResult> references = new ArrayList<>();
        for (JmhResult row : results) {
            if (row.sameMeasurement(subjectPooled)) {
                subjects.add(row);
            } else if (row.sameMeasurement(referencePooled)) {
                references.add(row);
            }
        }
        if (subjects.size() < 2 || subjects.size() != references.size()) {
            return List.of();
        }
        List<Double> rounds = new ArrayList<>(subjects.size());
        for (int i = 0; i < subjects.size(); i++) {
            rounds.add(measure(subjects.get(i), references.get(i)));
        }
        return rounds;
    }

    private boolean applies(JmhResult result) {
        for (Map.Entry<String, String> condition : where.entrySet()) {
            if (!condition.getValue().equals(result.params().get(condition.getKey()))) {
                return false;
            }
        }
        return true;
    }

    /** The bound as the README states it. */
    public String boundText() {
        return switch (kind) {
            case COST_RATIO_AT_MOST -> "≤ " + BenchmarkReport.number(bound) + "x";
            case SPEEDUP_AT_LEAST -> "≥ " + BenchmarkReport.number(bound) + "x faster";
            case THROUGHPUT_SHARE_AT_LEAST -> "≥ " + Math.round(bound * 100) + "%";
            case SCORE_BELOW -> "< " + BenchmarkReport.number(bound) + " µs";
        };
    }

    /**
     * A check's measurement in the bound's terms, followed by each round's where there were rounds.
     *
     * @param check a check of this target
     * @return e.g. {@code 91.2% (rounds: 90.4%, 92.0%)}
     */
    public String measuredText(Check check) {
        String text = measuredText(check.measured());
        if (check.rounds().isEmpty()) {
            return text;
        }
        List<String> rounds = new ArrayList<>();
        check.rounds().forEach(round -> rounds.add(measuredText(round)));
        return text + " (rounds: " + String.join(", ", rounds) + ")";
    }

    /** A measurement in the bound's terms. */
    public String measuredText(double measured) {
        return switch (kind) {
            case COST_RATIO_AT_MOST -> BenchmarkReport.number(measured) + "x";
            case SPEEDUP_AT_LEAST -> BenchmarkReport.number(measured) + "x faster";
            case THROUGHPUT_SHARE_AT_LEAST -> Math.round(measured * 1000) / 10.0 + "%";
            case SCORE_BELOW -> BenchmarkReport.number(measured) + " µs";
        };
    }
}
