package io.bulwark.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.EstimationProbe;
import io.github.bucket4j.TimeMeter;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentMap;
import org.jspecify.annotations.Nullable;

/**
 * The embedded default store: bucket4j's lock-free local buckets in a bounded Caffeine cache.
 * Lock-free, not bucket4j's allocation-free {@code SYNCHRONIZED} strategy: a flood from one address
 * sends every thread to the same bucket, where a monitor would make them queue; and the heap report
 * measured 459 bytes a key with it, 419 without.
 *
 * <p>A bucket is forgotten once it is full again: a sweep in the background (every 10 seconds by
 * default) drops those, so forgetting hands out nothing extra — the next request would have found
 * the bucket full anyway. Past {@linkplain Builder#maximumKeys(int) the maximum number of keys}
 * Caffeine evicts the buckets it judges least valuable (by frequency and recency), which bounds
 * memory whatever an attacker sends; only then, and only for a rarely seen key, can a bucket be
 * forgotten early.
 *
 * <pre>{@code
 * BucketStore store = LocalBucketStore.builder().maximumKeys(100_000).build();
 * }</pre>
 */
public final class LocalBucketStore implements BucketStore {

    private final Cache<BucketKey, Bucket> buckets;
    private final TimeMeter timeMeter;
    private final BucketSweeper.Sweep sweep;
    // Made once: a lambda capturing the limit at each call would allocate on every decision.
    private final java.util.function.Function<BucketKey, Bucket> newBucket = key -> newBucket(key.limit());

    /**
     * Identity of a limit plus a key: no string concatenation per decision. The bucket's name is
     * {@code limit.name() + ':' + key} when {@code named} (a request key from
     * {@link #tryConsumeFor}, or a key given whole that started so), else {@code key} alone; names
     * that differ are different buckets, the same name the same bucket, whichever method was called.
     */
    private static final class BucketKey {
        private final RateLimit limit;
        private final String key;
        private final boolean named;
        private final int hash;

        BucketKey(RateLimit limit, String key, boolean named) {
            this.limit = limit;
            this.key = key;
            this.named = named;
            this.hash = (31 * System.identityHashCode(limit) + key.hashCode()) * 2 + (named ? 1 : 0);
        }

        /** The key of a bucket named whole, as {@link BucketStore#tryConsume} names it. */
        static BucketKey whole(RateLimit limit, String bucketName) {
            String name = limit.name();
            if (bucketName.length() > name.length() && bucketName.charAt(name.length()) == ':'
                    && bucketName.startsWith(name)) {
                return new BucketKey(limit, bucketName.substring(name.length() + 1), true);
            }
            return new BucketKey(limit, bucketName, false);
        }

        RateLimit limit() {
            return limit;
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof BucketKey that && limit == that.limit && named == that.named
                    && key.equals(that.key);
        }
    }

    private LocalBucketStore(Builder b) {
        Clock clock = b.clock;
        this.timeMeter = clock == null ? TimeMeter.SYSTEM_NANOTIME : new ClockTimeMeter(clock);
        // Bounded by size alone: an expiry policy reads the clock and reorders on every decision,
        // which made a decision about 1.7x dearer than bucket4j in a plain map. Buckets that are full
        // again are forgotten by a sweep in the background instead (see forgetFullBuckets).
        this.buckets = Caffeine.newBuilder()
                .maximumSize(b.maximumKeys)
                // Maintenance on the calling thread, a little at a time: handing it to the common
                // pool woke a worker thread every few decisions, dearer than the work itself.
                .executor(Runnable::run)
                .build();
        this.sweep = BucketSweeper.schedule(this, b.sweepInterval);
    }

    /** A builder. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public RateLimitProbe tryConsume(String key, RateLimit limit, long cost) {
        Objects.requireNonNull(limit, "limit");
        return consume(BucketKey.whole(limit, key), cost);
    }

    @Override
    public RateLimitProbe tryConsumeFor(RateLimit limit, String requestKey, long cost) {
        return consume(new BucketKey(limit, requestKey, true), cost);
    }

    private RateLimitProbe consume(BucketKey key, long cost) {
        Bucket bucket = buckets.get(key, newBucket);
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(cost);
        return new RateLimitProbe(probe.isConsumed(), probe.getRemainingTokens(),
                probe.isConsumed() ? 0 : probe.getNanosToWaitForRefill(), probe.getNanosToWaitForReset());
    }

    @Override
    public RateLimitProbe peek(String key, RateLimit limit, long cost) {
        Objects.requireNonNull(limit, "limit");
        return look(BucketKey.whole(limit, key), cost);
    }

    @Override
    public RateLimitProbe peekFor(RateLimit limit, String requestKey, long cost) {
        return look(new BucketKey(limit, requestKey, true), cost);
    }

    private RateLimitProbe look(BucketKey key, long cost) {
        RateLimit limit = key.limit();
        // Quietly: looking is no use of the key, for the size policy's judgement of what to keep.
        Bucket bucket = buckets.policy().getIfPresentQuietly(key);
        if (bucket == null) {
            // Never seen, or refilled and forgotten: full, and no bucket is made just to look.
            long capacity = Long.MAX_VALUE;
            for (Quota q : limit.quotas()) {
                capacity = Math.min(capacity, q.capacity());
            }
            return new RateLimitProbe(cost <= capacity, capacity, 0, 0);
        }
        EstimationProbe probe = bucket.estimateAbilityToConsume(cost);
        return new RateLimitProbe(probe.canBeConsumed(), probe.getRemainingTokens(),
                probe.canBeConsumed() ? 0 : probe.getNanosToWaitForRefill(), 0);
    }

    private Bucket newBucket(RateLimit limit) {
        io.github.bucket4j.local.LocalBucketBuilder builder = Bucket.builder().withCustomTimePrecision(timeMeter);
        for (io.github.bucket4j.Bandwidth bandwidth : limit.configuration().getBandwidths()) {
            builder.addLimit(bandwidth);
        }
        return builder.build();
    }

    /**
     * Forgets every bucket that is full again: forgetting it hands out nothing extra, as the next
     * request would find it full anyway. Runs in the background every
     * {@linkplain Builder#sweepInterval(Duration) sweep interval}; call it to reclaim the memory now.
     *
     * @return how many buckets were forgotten
     */
    public int forgetFullBuckets() {
        int forgotten = 0;
        ConcurrentMap<BucketKey, Bucket> map = buckets.asMap();
        for (Map.Entry<BucketKey, Bucket> entry : map.entrySet()) {
            Bucket bucket = entry.getValue();
            if (isFull(bucket) && map.remove(entry.getKey(), bucket)) {
                if (isFull(bucket)) {
                    forgotten++;
                } else {
                    // A request took from it between the look and the removal: keep what it took
                    // (unless the next request already made a new bucket, a window of nanoseconds).
                    map.putIfAbsent(entry.getKey(), bucket);
                }
            }
        }
        return forgotten;
    }

    private static boolean isFull(Bucket bucket) {
        return bucket.asVerbose().getAvailableTokens().getDiagnostics().calculateFullRefillingTime() <= 0;
    }

    @Override
    public long size() {
        buckets.cleanUp();
        return buckets.estimatedSize();
    }

    /** The background sweep, for tests that wait for it to run. */
    BucketSweeper.Sweep sweep() {
        return sweep;
    }

    /**
     * Stops the background sweep; the buckets stay usable. A store nobody references any more stops
     * its sweep by itself.
     */
    @Override
    public void close() {
        sweep.cancel();
    }

    @Override
    public String toString() {
        return "LocalBucketStore[keys=" + buckets.estimatedSize() + "]";
    }

    /** Builds a {@link LocalBucketStore}. */
    public static final class Builder {
        private int maximumKeys = 100_000;
        private Duration sweepInterval = Duration.ofSeconds(10);
        private @Nullable Clock clock;

        private Builder() {
        }

        /** The most buckets kept (default 100,000). */
        public Builder maximumKeys(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("maximumKeys must be at least 1, was " + value);
            }
            this.maximumKeys = value;
            return this;
        }

        /**
         * How often buckets that are full again are forgotten, in the background (default 10
         * seconds). Memory stays bounded by {@link #maximumKeys} whatever this is.
         */
        public Builder sweepInterval(Duration value) {
            Objects.requireNonNull(value, "sweepInterval");
            if (value.compareTo(Duration.ofMillis(10)) < 0) {
                throw new IllegalArgumentException("sweepInterval must be at least 10 ms, was " + value);
            }
            this.sweepInterval = value;
            return this;
        }

        /** The clock buckets refill by (default: the system's monotonic nano time). */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /** The store. */
        public LocalBucketStore build() {
            return new LocalBucketStore(this);
        }
    }
}
