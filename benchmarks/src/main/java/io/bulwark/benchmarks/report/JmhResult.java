package io.bulwark.benchmarks.report;

import com.nimbusds.jose.util.JSONArrayUtils;
import com.nimbusds.jose.util.JSONObjectUtils;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.openjdk.jmh.util.ListStatistics;

/**
 * One row of JMH's JSON output ({@code -rf json}): which benchmark, with which parameters and
 * threads, and its primary score.
 *
 * @param benchmarkClass the benchmark class's simple name, e.g. {@code TokenVerificationBenchmark}
 * @param method the benchmark method, e.g. {@code bulwarkUncached}
 * @param params the {@code @Param} values, sorted by name; empty when none
 * @param threads the threads it ran on
 * @param mode JMH's mode: {@code avgt} (lower is better) or {@code thrpt} (higher is better)
 * @param score the score
 * @param error the 99.9% confidence half-width; {@code NaN} when JMH had too few samples
 * @param unit the unit, e.g. {@code us/op} or {@code ops/s}
 * @param samples every measured iteration's score, of every fork (JMH's {@code rawData}); empty when
 *     not known
 */
public record JmhResult(String benchmarkClass, String method, Map<String, String> params, int threads, String mode,
        double score, double error, String unit, List<Double> samples) {

    /** Copies the parameters and samples. */
    public JmhResult {
        Objects.requireNonNull(benchmarkClass, "benchmarkClass");
        Objects.requireNonNull(method, "method");
        params = Map.copyOf(new TreeMap<>(params));
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(unit, "unit");
        samples = List.copyOf(samples);
    }

    /**
     * A result whose iterations are not known.
     *
     * @param benchmarkClass the benchmark class's simple name
     * @param method the benchmark method
     * @param params the {@code @Param} values
     * @param threads the threads it ran on
     * @param mode JMH's mode
     * @param score the score
     * @param error the 99.9% confidence half-width
     * @param unit the unit
     */
    public JmhResult(String benchmarkClass, String method, Map<String, String> params, int threads, String mode,
            double score, double error, String unit) {
        this(benchmarkClass, method, params, threads, mode, score, error, unit, List.of());
    }

    /** Whether the other result measured the same benchmark in the same configuration. */
    boolean sameMeasurement(JmhResult other) {
        return benchmarkClass.equals(other.benchmarkClass) && method.equals(other.method) && params.equals(other.params)
                && threads == other.threads && mode.equals(other.mode) && unit.equals(other.unit);
    }

    /**
     * Joins the rows that measured the same benchmark in the same configuration — separate JMH runs of
     * it, such as the rounds of the HTTP benchmarks — into one: the mean of all their iterations, with
     * JMH's 99.9% confidence half-width over them. Rows measured once are returned as they are.
     *
     * @param results rows, possibly several per benchmark and configuration
     * @return one row per benchmark and configuration, in the order of first appearance
     */
    public static List<JmhResult> pooled(List<JmhResult> results) {
        List<List<JmhResult>> groups = new ArrayList<>();
        outer:
        for (JmhResult result : results) {
            for (List<JmhResult> group : groups) {
                if (group.get(0).sameMeasurement(result)) {
                    group.add(result);
                    continue outer;
                }
            }
            groups.add(new ArrayList<>(List.of(result)));
        }
        List<JmhResult> pooled = new ArrayList<>(groups.size());
        for (List<JmhResult> group : groups) {
            pooled.add(group.size() == 1 ? group.get(0) : pool(group));
        }
        return pooled;
    }

    private static JmhResult pool(List<JmhResult> group) {
        JmhResult first = group.get(0);
        List<Double> samples = new ArrayList<>();
        double scores = 0;
        for (JmhResult row : group) {
            samples.addAll(row.samples);
            scores += row.score;
        }
        boolean allSampled = group.stream().noneMatch(row -> row.samples.isEmpty());
        if (!allSampled) {
            return new JmhResult(first.benchmarkClass, first.method, first.params, first.threads, first.mode,
                    scores / group.size(), Double.NaN, first.unit);
        }
        ListStatistics statistics = new ListStatistics();
        samples.forEach(statistics::addValue);
        return new JmhResult(first.benchmarkClass, first.method, first.params, first.threads, first.mode,
                statistics.getMean(), statistics.getMeanErrorAt(0.999), first.unit, samples);
    }

    /** Whether a higher score is better (throughput). */
    public boolean higherIsBetter() {
        return mode.equals("thrpt");
    }

    /**
     * The score as a cost: the time per operation, whatever the mode, in the result's own terms
     * (avgt: the score; thrpt: its inverse), so that ratios of costs read the same in both modes.
     */
    public double cost() {
        return higherIsBetter() ? 1.0 / score : score;
    }

    /**
     * The time per operation in microseconds, from any of JMH's time units.
     *
     * @return microseconds per operation
     * @throws IllegalStateException for a unit it does not know
     */
    public double microsPerOperation() {
        double perOperation = higherIsBetter() ? 1.0 / score : score;
        String time = higherIsBetter() ? unit.substring(unit.indexOf('/') + 1) : unit.substring(0, unit.indexOf('/'));
        double micros = switch (time) {
            case "ns" -> 1e-3;
            case "us" -> 1;
            case "ms" -> 1e3;
            case "s" -> 1e6;
            case "min" -> 60e6;
            default -> throw new IllegalStateException("unknown time unit in " + unit);
        };
        return perOperation * micros;
    }

    /** The configuration this result was measured in: its parameters and threads. */
    public String configuration() {
        StringBuilder text = new StringBuilder();
        params.forEach((name, value) -> text.append(name).append('=').append(value).append(", "));
        return text.append(threads).append(threads == 1 ? " thread" : " threads").toString();
    }

    /**
     * Reads JMH's JSON result file.
     *
     * @param json the file's text
     * @return the results, in file order
     * @throws ParseException if it is not JMH's JSON
     */
    public static List<JmhResult> parse(String json) throws ParseException {
        List<JmhResult> results = new ArrayList<>();
        for (Object row : JSONArrayUtils.parse(json)) {
            if (!(row instanceof Map<?, ?>)) {
                throw new ParseException("a JMH result row must be an object", 0);
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> object = (Map<String, Object>) row;
            String benchmark = JSONObjectUtils.getString(object, "benchmark");
            int dot = benchmark.lastIndexOf('.');
            String className = benchmark.substring(benchmark.lastIndexOf('.', dot - 1) + 1, dot);
            Map<String, String> params = new TreeMap<>();
            Map<String, Object> given = JSONObjectUtils.getJSONObject(object, "params");
            if (given != null) {
                given.forEach((name, value) -> params.put(name, String.valueOf(value)));
            }
            Map<String, Object> metric = JSONObjectUtils.getJSONObject(object, "primaryMetric");
            Object error = metric.get("scoreError");
            List<Double> samples = new ArrayList<>();
            Object raw = metric.get("rawData");
            if (raw instanceof List<?> forks) {
                for (Object fork : forks) {
                    if (fork instanceof List<?> iterations) {
                        for (Object iteration : iterations) {
                            if (iteration instanceof Number n) {
                                samples.add(n.doubleValue());
                            }
                        }
                    }
                }
            }
            results.add(new JmhResult(className, benchmark.substring(dot + 1), params,
                    ((Number) object.get("threads")).intValue(), JSONObjectUtils.getString(object, "mode"),
                    ((Number) metric.get("score")).doubleValue(),
                    error instanceof Number n ? n.doubleValue() : Double.NaN,
                    JSONObjectUtils.getString(metric, "scoreUnit"), samples));
        }
        return results;
    }
}
