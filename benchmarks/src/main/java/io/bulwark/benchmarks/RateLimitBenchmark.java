package io.bulwark.benchmarks;

import com.google.common.util.concurrent.RateLimiter;
import io.bulwark.SecurityRequest;
import io.bulwark.ratelimit.EndpointLimit;
import io.bulwark.ratelimit.KeyContext;
import io.bulwark.ratelimit.LocalBucketStore;
import io.bulwark.ratelimit.Quota;
import io.bulwark.ratelimit.RateLimit;
import io.bulwark.ratelimit.RateLimitKey;
import io.bulwark.ratelimit.RateLimitProbe;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.ThreadParams;

/**
 * One admitted rate-limit decision, through Bulwark beside raw bucket4j and the peers.
 *
 * <p>Keyed methods spread their decisions over {@value #KEYS} client addresses (built in setup,
 * picked in turn by a per-thread cursor, two threads starting half-way apart); single methods hit
 * one limiter. Every limit is so large that no decision is ever refused: this is the admit path.
 *
 * <ul>
 *   <li>{@code bulwarkStore}: {@link LocalBucketStore#tryConsume} — bucket4j buckets in Bulwark's
 *       size-bounded Caffeine cache (full buckets swept away), answering the probe the RateLimit headers need;</li>
 *   <li>{@code bulwarkLimiter}: {@link io.bulwark.ratelimit.RateLimiter#check} of one named,
 *       client-address limit before authentication — what the pipeline calls per request;</li>
 *   <li>{@code bucket4jMap}: raw bucket4j buckets in an unbounded {@link ConcurrentHashMap}
 *       ({@code computeIfAbsent}, then {@code tryConsume(1)}) — the floor the issue measures the
 *       store against (target: {@code bulwarkStore} within 1.3x);</li>
 *   <li>{@code bucket4jMapProbe}: the same, but {@code tryConsumeAndReturnRemaining(1)}, the call
 *       Bulwark must make to fill the RateLimit headers;</li>
 *   <li>{@code bucket4jSingle}: one raw bucket4j bucket;</li>
 *   <li>{@code resilience4jSingle} / {@code resilience4jKeyed}: Resilience4j's
 *       {@code acquirePermission()}, on one limiter and keyed through a {@link RateLimiterRegistry};</li>
 *   <li>{@code guavaSingle} / {@code guavaKeyed}: Guava's {@code RateLimiter.tryAcquire()}, on one
 *       limiter and keyed in a {@link ConcurrentHashMap}.</li>
 * </ul>
 *
 * <p>Run it from one thread and from two (the class defaults to one; {@code -t} overrides):
 *
 * <pre>{@code
 * java -jar benchmarks/target/benchmarks.jar RateLimitBenchmark -t 1
 * java -jar benchmarks/target/benchmarks.jar RateLimitBenchmark -t 2
 * }</pre>
 *
 * <p>Heap per key is not a JMH measurement: see {@link RateLimitHeapReport}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
@Threads(1)
@State(Scope.Benchmark)
public class RateLimitBenchmark {

    /** Distinct client addresses the keyed methods cycle through. */
    static final int KEYS = 10_000;

    /** Never runs dry: a thread takes well under 10^9 tokens from a bucket in a whole run. */
    private static final long CAPACITY = 1_000_000_000_000L;
    private static final Duration PERIOD = Duration.ofHours(1);
    private static final String LIMIT_NAME = "per-ip";

    private String[] addresses;
    private KeyContext[] contexts;

    private LocalBucketStore store;
    private RateLimit limit;
    private io.bulwark.ratelimit.RateLimiter limiter;
    private List<EndpointLimit> endpointLimits;

    private Bandwidth bandwidth;
    private ConcurrentHashMap<String, Bucket> bucket4jBuckets;
    private Bucket bucket4jBucket;

    private io.github.resilience4j.ratelimiter.RateLimiter resilience4jLimiter;
    private RateLimiterRegistry resilience4jRegistry;

    private RateLimiter guavaLimiter;
    private ConcurrentHashMap<String, RateLimiter> guavaLimiters;

    /** Each thread's place in the key set. */
    @State(Scope.Thread)
    public static class Cursor {
        private int next;

        @Setup(Level.Trial)
        public void start(ThreadParams thread) {
            next = (int) ((long) thread.getThreadIndex() * KEYS / Math.max(1, thread.getThreadCount()));
        }

        int next() {
            int i = next;
            next = i + 1 == KEYS ? 0 : i + 1;
            return i;
        }
    }

    @Setup(Level.Trial)
    public void setUp() {
        addresses = new String[KEYS];
        contexts = new KeyContext[KEYS];
        for (int i = 0; i < KEYS; i++) {
            String address = "203.0." + (i >> 8) + '.' + (i & 0xff);
            addresses[i] = address;
            SecurityRequest request = SecurityRequest.builder("GET", "/api/orders").remoteAddress(address).build();
            contexts[i] = new KeyContext(request, address, Optional.empty(), request.route());
        }

        limit = RateLimit.of(LIMIT_NAME, Quota.of(CAPACITY, PERIOD), RateLimitKey.clientAddress());
        store = LocalBucketStore.builder().maximumKeys(100_000).build();
        limiter = io.bulwark.ratelimit.RateLimiter.builder()
                .store(LocalBucketStore.builder().maximumKeys(100_000).build())
                .limit(limit)
                .build();
        endpointLimits = List.of(EndpointLimit.named(LIMIT_NAME));

        bandwidth = Bandwidth.builder().capacity(CAPACITY).refillGreedy(CAPACITY, PERIOD).build();
        bucket4jBuckets = new ConcurrentHashMap<>();
        bucket4jBucket = Bucket.builder().addLimit(bandwidth).build();

        RateLimiterConfig config = RateLimiterConfig.custom()
                .limitForPeriod(Integer.MAX_VALUE)
                .limitRefreshPeriod(Duration.ofSeconds(1))
                .timeoutDuration(Duration.ZERO)
                .build();
        resilience4jLimiter = io.github.resilience4j.ratelimiter.RateLimiter.of("single", config);
        resilience4jRegistry = RateLimiterRegistry.of(config);

        guavaLimiter = RateLimiter.create(1e12);
        guavaLimiters = new ConcurrentHashMap<>();

        // Every keyed structure holds all its keys before warmup: the steady state is the hit path.
        for (int i = 0; i < KEYS; i++) {
            store.tryConsume(addresses[i], limit, 1);
            limiter.check(io.bulwark.ratelimit.RateLimiter.Phase.BEFORE_AUTHENTICATION, contexts[i], endpointLimits);
            bucket4jBucket(addresses[i]);
            resilience4jRegistry.rateLimiter(addresses[i]);
            guavaLimiter(addresses[i]);
        }
    }

    private Bucket bucket4jBucket(String key) {
        return bucket4jBuckets.computeIfAbsent(key, k -> Bucket.builder().addLimit(bandwidth).build());
    }

    private RateLimiter guavaLimiter(String key) {
        return guavaLimiters.computeIfAbsent(key, k -> RateLimiter.create(1e12));
    }

    @Benchmark
    public RateLimitProbe bulwarkStore(Cursor cursor) {
        return store.tryConsume(addresses[cursor.next()], limit, 1);
    }

    @Benchmark
    public io.bulwark.ratelimit.RateLimiter.Outcome bulwarkLimiter(Cursor cursor) {
        return limiter.check(io.bulwark.ratelimit.RateLimiter.Phase.BEFORE_AUTHENTICATION, contexts[cursor.next()],
                endpointLimits);
    }

    @Benchmark
    public boolean bucket4jMap(Cursor cursor) {
        return bucket4jBucket(addresses[cursor.next()]).tryConsume(1);
    }

    @Benchmark
    public long bucket4jMapProbe(Cursor cursor) {
        return bucket4jBucket(addresses[cursor.next()]).tryConsumeAndReturnRemaining(1).getRemainingTokens();
    }

    @Benchmark
    public boolean bucket4jSingle() {
        return bucket4jBucket.tryConsume(1);
    }

    @Benchmark
    public boolean resilience4jSingle() {
        return resilience4jLimiter.acquirePermission();
    }

    @Benchmark
    public boolean resilience4jKeyed(Cursor cursor) {
        return resilience4jRegistry.rateLimiter(addresses[cursor.next()]).acquirePermission();
    }

    @Benchmark
    public boolean guavaSingle() {
        return guavaLimiter.tryAcquire();
    }

    @Benchmark
    public boolean guavaKeyed(Cursor cursor) {
        return guavaLimiter(addresses[cursor.next()]).tryAcquire();
    }
}
