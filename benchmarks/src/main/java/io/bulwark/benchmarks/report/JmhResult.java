package io.bulwark.benchmarks.report;

import com.nimbusds.jose.util.JSONArrayUtils;
import com.nimbusds.jose.util.JSONObjectUtils;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

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
 */
public record JmhResult(String benchmarkClass, String method, Map<String, String> params, int threads, String mode,
        double score, double error, String unit) {

    /** Copies the parameters. */
    public JmhResult {
        Objects.requireNonNull(benchmarkClass, "benchmarkClass");
        Objects.requireNonNull(method, "method");
        params = Map.copyOf(new TreeMap<>(params));
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(unit, "unit");
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
            results.add(new JmhResult(className, benchmark.substring(dot + 1), params,
                    ((Number) object.get("threads")).intValue(), JSONObjectUtils.getString(object, "mode"),
                    ((Number) metric.get("score")).doubleValue(),
                    error instanceof Number n ? n.doubleValue() : Double.NaN,
                    JSONObjectUtils.getString(metric, "scoreUnit")));
        }
        return results;
    }
}
