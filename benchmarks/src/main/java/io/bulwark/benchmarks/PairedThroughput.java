package io.bulwark.benchmarks;

import java.io.IOException;
import java.util.Locale;

/**
 * The HTTP overhead measured the other way: one JVM serves both contexts of
 * {@link ServletThroughputBenchmark} or {@link JaxrsThroughputBenchmark}, and one client alternates
 * between them in half-second slices (the order flipped every round), so drift of the machine — the
 * clock, the other tenants, the JIT — falls on both sides alike. On two shared cores the JMH runs of
 * the two benchmarks moved 79–94% (Servlet) from one suite run to the next; this ratio moves far
 * less. It is not a JMH result and is not in the report: use it to judge a change to the adapters.
 * It reads a few points high: the plain context runs in a JVM whose JIT also profiled the guarded
 * path (its bare-servlet rate came out 18.6–18.8k requests a second here, against 19.2–19.6k in a
 * JMH fork of its own), so the report's rounds of separate forks remain the measure of the target.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.bulwark.benchmarks.PairedThroughput servlet 40
 * java -cp benchmarks/target/benchmarks.jar io.bulwark.benchmarks.PairedThroughput jaxrs 40
 * </pre>
 */
public final class PairedThroughput {

    private static final long SLICE_NANOS = 500_000_000L;
    private static final int WARM_UP_ROUNDS = 20;

    private PairedThroughput() {
    }

    /**
     * Runs the comparison and prints both rates and their ratio.
     *
     * @param args {@code servlet} or {@code jaxrs}, then the number of measured rounds (default 40)
     * @throws Exception when the server cannot start or a connection fails
     */
    public static void main(String[] args) throws Exception {
        String stack = args.length > 0 ? args[0].toLowerCase(Locale.ROOT) : "servlet";
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 40;
        boolean servlet = switch (stack) {
            case "servlet" -> true;
            case "jaxrs" -> false;
            default -> throw new IllegalArgumentException("Say servlet or jaxrs, not " + stack);
        };
        ServletThroughputBenchmark servletBench = new ServletThroughputBenchmark();
        JaxrsThroughputBenchmark jaxrsBench = new JaxrsThroughputBenchmark();
        int port;
        String token;
        if (servlet) {
            servletBench.startServer();
            port = servletBench.port;
            token = servletBench.token;
        } else {
            jaxrsBench.startServer();
            port = jaxrsBench.port;
            token = jaxrsBench.token;
        }
        try (KeepAliveClient plain = new KeepAliveClient(port, request(servlet, "/plain/hello", token));
                KeepAliveClient guarded = new KeepAliveClient(port, request(servlet, "/guarded/hello", token))) {
            KeepAliveClient[] clients = {plain, guarded};
            long[] counts = new long[2];
            long[] nanos = new long[2];
            for (int round = -WARM_UP_ROUNDS; round < rounds; round++) {
                for (int k = 0; k < 2; k++) {
                    int i = (round & 1) == 0 ? k : 1 - k;
                    long[] slice = slice(clients[i]);
                    if (round >= 0) {
                        counts[i] += slice[0];
                        nanos[i] += slice[1];
                    }
                }
            }
            double without = counts[0] * 1e9 / nanos[0];
            double with = counts[1] * 1e9 / nanos[1];
            System.out.printf(Locale.ROOT, "%s: without Bulwark %.0f req/s, with %.0f req/s, with/without %.1f%%%n",
                    stack, without, with, 100 * with / without);
        } finally {
            if (servlet) {
                servletBench.stopServer();
            } else {
                jaxrsBench.stopServer();
            }
        }
    }

    private static byte[] request(boolean servlet, String path, String token) {
        return servlet ? ServletThroughputBenchmark.request(path, token) : JaxrsThroughputBenchmark.request(path, token);
    }

    /** Exchanges for half a second: the count and the nanoseconds it took. */
    private static long[] slice(KeepAliveClient client) throws IOException {
        long start = System.nanoTime();
        long end = start + SLICE_NANOS;
        long count = 0;
        long now;
        do {
            client.exchange();
            count++;
        } while ((now = System.nanoTime()) < end);
        return new long[] {count, now - start};
    }
}
