package io.bulwark.benchmarks.report;

import java.util.List;

/**
 * What one benchmark class compares: Bulwark's methods, the floor they are measured against (the raw
 * library, or the same app without Bulwark), and the peers a user would pick instead.
 *
 * @param title the heading in the report
 * @param benchmarkClass the benchmark class's simple name
 * @param floor the floor method
 * @param bulwark Bulwark's methods
 * @param peers the peers' methods (the floor is not repeated here)
 * @param splitClasses more benchmark classes (simple names) whose rows join this group's tables, by
 *     configuration: a split for peers that cannot run every {@code @Param} value of the main class
 *     (JMH runs every value for every method of a class), so that they have no row where they cannot
 *     measure rather than a meaningless one
 */
public record Group(String title, String benchmarkClass, String floor, List<String> bulwark, List<String> peers,
        List<String> splitClasses) {

    /** Copies the lists. */
    public Group {
        bulwark = List.copyOf(bulwark);
        peers = List.copyOf(peers);
        splitClasses = List.copyOf(splitClasses);
    }

    /**
     * A group measured in one benchmark class.
     *
     * @param title the heading in the report
     * @param benchmarkClass the benchmark class's simple name
     * @param floor the floor method
     * @param bulwark Bulwark's methods
     * @param peers the peers' methods
     */
    public Group(String title, String benchmarkClass, String floor, List<String> bulwark, List<String> peers) {
        this(title, benchmarkClass, floor, bulwark, peers, List.of());
    }

    /**
     * Whether a result of this benchmark class belongs to this group.
     *
     * @param className a benchmark class's simple name
     * @return whether it is the group's class or one of its split classes
     */
    public boolean measures(String className) {
        return benchmarkClass.equals(className) || splitClasses.contains(className);
    }

    /** The groups of the suite, in report order. */
    public static List<Group> all() {
        return List.of(
                new Group("Token verification", "TokenVerificationBenchmark", "jcaFloor",
                        List.of("bulwarkUncached", "bulwarkCached"),
                        List.of("nimbusProcessor", "springNimbusJwtDecoder", "jjwt", "auth0JavaJwt", "jose4j"),
                        // springNimbusJwtDecoder and auth0JavaJwt: no EdDSA, so measured without it.
                        List.of("TokenVerificationBenchmarkNoEdDsa")),
                new Group("Keyed rate-limit decisions", "RateLimitBenchmark", "bucket4jMap",
                        List.of("bulwarkStore", "bulwarkLimiter"),
                        List.of("bucket4jMapProbe", "bucket4jSingle", "resilience4jKeyed", "resilience4jSingle",
                                "guavaKeyed", "guavaSingle")),
                new Group("Redis rate-limit decisions", "RedisRateLimitBenchmark", "decideOneThread",
                        List.of("decideTwoThreads"), List.of()),
                new Group("Sanitizing 1 KB", "SanitizerBenchmark", "owaspDirect", List.of("bulwark"), List.of("jsoup")),
                new Group("The whole pipeline (Bulwark.check)", "PipelineBenchmark", "verifyOnly",
                        List.of("full"), List.of()),
                new Group("HTTP through the Servlet adapter (Jetty)", "ServletThroughputBenchmark", "withoutBulwark",
                        List.of("withBulwark"), List.of()),
                new Group("HTTP through the JAX-RS adapter (Jersey)", "JaxrsThroughputBenchmark", "withoutBulwark",
                        List.of("withBulwark"), List.of()));
    }
}
