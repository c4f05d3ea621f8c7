package io.bulwark.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.EstimationProbe;
import io.github.bucket4j.TimeMeter;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The embedded default store: bucket4j's lock-free local buckets in a bounded Caffeine cache.
 *
 * <p>A bucket is forgotten once it has gone untouched for as long as its limit takes to refill
 * completely: by then it would be full anyway, so forgetting it hands out nothing extra. Past
 * {@linkplain Builder#maximumKeys(int) the maximum number of keys} Caffeine evicts the buckets it
 * judges least valuable (by frequency and recency), which bounds memory whatever an attacker
 * sends; only then, and only for a rarely seen key, can a bucket be forgotten early.
 *
 * <pre>{@code
 * BucketStore store = LocalBucketStore.builder().maximumKeys(100_000).build();
 * }</pre>
 */
public final class LocalBucketStore implements BucketStore {

    private final Cache<BucketKey, Entry> buckets;
    private final TimeMeter timeMeter;
    // Made once: a lambda capturing the limit at each call would allocate on every decision.
    private final java.util.function.Function<BucketKey, Entry> newEntry = key -> newEntry(key.limit());

    /** Identity of a limit plus the request's key: no string concatenation per decision. */
    private record BucketKey(RateLimit limit, String key) {
    }

    private record Entry(Bucket bucket, long idleNanos) {
    }

    private LocalBucketStore(Builder b) {
        Clock clock = b.clock;
        boolean system = clock == null;
        this.timeMeter = system ? TimeMeter.SYSTEM_NANOTIME : new ClockTimeMeter(clock);
        Ticker ticker = system ? Ticker.systemTicker() : () -> TimeUnit.MILLISECONDS.toNanos(clock.millis());
        this.buckets = Caffeine.newBuilder()
                .maximumSize(b.maximumKeys)
                .ticker(ticker)
                .expireAfter(new IdleUntilFull())
                .build();
    }

    /** A builder. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public RateLimitProbe tryConsume(String key, RateLimit limit, long cost) {
        Bucket bucket = bucket(key, limit);
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(cost);
        return new RateLimitProbe(probe.isConsumed(), probe.getRemainingTokens(),
                probe.isConsumed() ? 0 : probe.getNanosToWaitForRefill(), probe.getNanosToWaitForReset());
    }

    @Override
    public RateLimitProbe peek(String key, RateLimit limit, long cost) {
        // Quietly: looking must not push back the moment the bucket may be forgotten.
        Entry entry = buckets.policy().getIfPresentQuietly(new BucketKey(limit, key));
        if (entry == null) {
            // Never seen, or refilled and forgotten: full, and no bucket is made just to look.
            long capacity = Long.MAX_VALUE;
            for (Quota q : limit.quotas()) {
                capacity = Math.min(capacity, q.capacity());
            }
            return new RateLimitProbe(cost <= capacity, capacity, 0, 0);
        }
        EstimationProbe probe = entry.bucket().estimateAbilityToConsume(cost);
        return new RateLimitProbe(probe.canBeConsumed(), probe.getRemainingTokens(),
                probe.canBeConsumed() ? 0 : probe.getNanosToWaitForRefill(), 0);
    }

    private Bucket bucket(String key, RateLimit limit) {
        return buckets.get(new BucketKey(limit, key), newEntry).bucket();
    }

    private Entry newEntry(RateLimit limit) {
        io.github.bucket4j.local.LocalBucketBuilder builder = Bucket.builder().withCustomTimePrecision(timeMeter);
        for (io.github.bucket4j.Bandwidth bandwidth : limit.configuration().getBandwidths()) {
            builder.addLimit(bandwidth);
        }
        return new Entry(builder.build(), limit.fullRefill().toNanos());
    }

    @Override
    public long size() {
        buckets.cleanUp();
        return buckets.estimatedSize();
    }

    @Override
    public String toString() {
        return "LocalBucketStore[keys=" + buckets.estimatedSize() + "]";
    }

    /** Each bucket may be forgotten after its limit's full-refill time without a touch. */
    private static final class IdleUntilFull implements Expiry<BucketKey, Entry> {
        @Override
        public long expireAfterCreate(BucketKey key, Entry value, long currentTime) {
            return value.idleNanos();
        }

        @Override
        public long expireAfterUpdate(BucketKey key, Entry value, long currentTime, long currentDuration) {
            return value.idleNanos();
        }

        @Override
        public long expireAfterRead(BucketKey key, Entry value, long currentTime, long currentDuration) {
            return value.idleNanos();
        }
    }


    /** Builds a {@link LocalBucketStore}. */
    public static final class Builder {
        private int maximumKeys = 100_000;
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
