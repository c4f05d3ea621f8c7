package io.bulwark.benchmarks;

import io.bulwark.ratelimit.LocalBucketStore;
import io.bulwark.ratelimit.Quota;
import io.bulwark.ratelimit.RateLimit;
import io.bulwark.ratelimit.RateLimitKey;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.ref.Reference;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Retained heap per key of a {@link LocalBucketStore} (bounded to 1,000,000 keys) and of raw
 * bucket4j buckets in an unbounded {@link ConcurrentHashMap}, each filled with 1,000,000 distinct
 * client addresses. Not a JMH benchmark: JMH's {@code -prof gc} counts allocation, not what stays.
 *
 * <p>Each structure is measured alone: full GCs until the used heap settles, fill, full GCs again;
 * the difference over the number of keys is its cost per key, the key strings included (a store
 * keeps its keys). Run it on a quiet machine with a heap large enough to hold one structure:
 *
 * <pre>{@code
 * java -Xms2g -Xmx2g -cp benchmarks/target/benchmarks.jar io.bulwark.benchmarks.RateLimitHeapReport
 * }</pre>
 */
public final class RateLimitHeapReport {

    private static final int KEYS = 1_000_000;
    private static final long CAPACITY = 1_000_000_000_000L;
    private static final Duration PERIOD = Duration.ofHours(1);
    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

    private RateLimitHeapReport() {
    }

    /**
     * Prints bytes per key for both structures.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        // A first, discarded round of each loads and initializes the classes (and their statics) it uses.
        bulwarkStore(1_000);
        bucket4jMap(1_000);
        for (int round = 1; round <= 2; round++) {
            report("bulwarkStore (LocalBucketStore, maximumKeys 1,000,000)", bulwarkStore(KEYS));
            report("bucket4jMap  (ConcurrentHashMap<String, Bucket>)      ", bucket4jMap(KEYS));
        }
    }

    private static long bulwarkStore(int keys) {
        RateLimit limit = RateLimit.of("per-ip", Quota.of(CAPACITY, PERIOD), RateLimitKey.clientAddress());
        long before = settledUsedHeap();
        LocalBucketStore store = LocalBucketStore.builder().maximumKeys(KEYS).build();
        for (int i = 0; i < keys; i++) {
            store.tryConsume(address(i), limit, 1);
        }
        long size = store.size();
        if (size != keys) {
            throw new IllegalStateException("the store holds " + size + " keys, not " + keys);
        }
        long after = settledUsedHeap();
        Reference.reachabilityFence(store);
        return after - before;
    }

    private static long bucket4jMap(int keys) {
        Bandwidth bandwidth = Bandwidth.builder().capacity(CAPACITY).refillGreedy(CAPACITY, PERIOD).build();
        long before = settledUsedHeap();
        ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();
        for (int i = 0; i < keys; i++) {
            buckets.computeIfAbsent(address(i), k -> Bucket.builder().addLimit(bandwidth).build()).tryConsume(1);
        }
        if (buckets.size() != keys) {
            throw new IllegalStateException("the map holds " + buckets.size() + " keys, not " + keys);
        }
        long after = settledUsedHeap();
        Reference.reachabilityFence(buckets);
        return after - before;
    }

    /** A distinct IPv4 literal per index, made fresh so the structure under test is what keeps it. */
    private static String address(int i) {
        return "10." + (i >>> 16) + '.' + ((i >>> 8) & 0xff) + '.' + (i & 0xff);
    }

    private static void report(String what, long bytes) {
        System.out.printf(Locale.ROOT, "%s  %,12d bytes retained  %7.1f bytes/key%n", what, bytes,
                (double) bytes / KEYS);
    }

    private static long settledUsedHeap() {
        long previous = Long.MAX_VALUE;
        for (int i = 0; i < 10; i++) {
            System.gc();
            long used = MEMORY.getHeapMemoryUsage().getUsed();
            if (i >= 2 && Math.abs(previous - used) < 64 * 1024) {
                return used;
            }
            previous = used;
        }
        return previous;
    }
}
