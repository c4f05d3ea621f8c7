package io.bulwark.ratelimit;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConfigurationBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A named limit: one or more {@link Quota}s, the {@link RateLimitKey} that groups requests into
 * buckets, and the default cost of a request.
 *
 * <pre>{@code
 * RateLimit perUser = RateLimit.builder("per-user")
 *         .quota(Quota.of(10, Duration.ofSeconds(1)))     // bursts of 10
 *         .quota(Quota.of(600, Duration.ofHours(1)))      // 600 an hour
 *         .key(RateLimitKey.subject())
 *         .build();
 * }</pre>
 *
 * <p>Immutable; the bucket4j configuration is built once.
 */
public final class RateLimit {

    private final String name;
    private final List<Quota> quotas;
    private final RateLimitKey key;
    private final long cost;
    private final BucketConfiguration configuration;
    private final long fullRefillNanos;

    private RateLimit(Builder b) {
        this.name = b.name;
        this.quotas = List.copyOf(b.quotas);
        this.key = b.key;
        this.cost = b.cost;
        ConfigurationBuilder config = BucketConfiguration.builder();
        long longest = 0;
        for (Quota q : quotas) {
            config.addLimit(bandwidth(q));
            longest = Math.max(longest, q.period().toNanos());
        }
        this.configuration = config.build();
        this.fullRefillNanos = longest;
    }

    private static Bandwidth bandwidth(Quota q) {
        return q.refill() == Quota.Refill.GREEDY
                ? Bandwidth.builder().capacity(q.capacity()).refillGreedy(q.capacity(), q.period()).build()
                : Bandwidth.builder().capacity(q.capacity()).refillIntervally(q.capacity(), q.period()).build();
    }

    /**
     * A builder for a limit.
     *
     * @param name the name shown in {@code RateLimit-Policy}; letters, digits and {@code -_.:}
     * @return the builder
     */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /**
     * A one-quota limit.
     *
     * @param name the name
     * @param quota the quota
     * @param key how requests are grouped
     * @return the limit
     */
    public static RateLimit of(String name, Quota quota, RateLimitKey key) {
        return builder(name).quota(quota).key(key).build();
    }

    /** The name, shown in {@code RateLimit-Policy}. */
    public String name() {
        return name;
    }

    /** The quotas, the first being the one advertised in {@code RateLimit-Policy}. */
    public List<Quota> quotas() {
        return quotas;
    }

    /** How requests are grouped into buckets. */
    public RateLimitKey key() {
        return key;
    }

    /** The default cost of a request (tokens taken). */
    public long cost() {
        return cost;
    }

    /** The bucket4j configuration of this limit's buckets. */
    BucketConfiguration configuration() {
        return configuration;
    }

    /** How long an untouched bucket takes to refill completely: after that it may be forgotten. */
    public Duration fullRefill() {
        return Duration.ofNanos(fullRefillNanos);
    }

    @Override
    public String toString() {
        return "RateLimit[" + name + ", quotas=" + quotas + ", key=" + key + ", cost=" + cost + "]";
    }

    /** Builds a {@link RateLimit}. */
    public static final class Builder {
        private final String name;
        private final List<Quota> quotas = new ArrayList<>();
        private RateLimitKey key = RateLimitKey.clientAddress();
        private long cost = 1;

        private Builder(String name) {
            Objects.requireNonNull(name, "name");
            if (name.isEmpty() || name.length() > 64 || !name.chars().allMatch(Builder::isNameChar)) {
                throw new IllegalArgumentException(
                        "a limit name is 1 to 64 letters, digits or -_.: characters, was \"" + name + "\"");
            }
            this.name = name;
        }

        private static boolean isNameChar(int c) {
            return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || c == '-' || c == '_' || c == '.' || c == ':';
        }

        /** Adds a quota. */
        public Builder quota(Quota value) {
            quotas.add(Objects.requireNonNull(value, "quota"));
            return this;
        }

        /** Adds a greedy quota of {@code capacity} requests per {@code period}. */
        public Builder quota(long capacity, Duration period) {
            return quota(Quota.of(capacity, period));
        }

        /** How requests are grouped (default: by client address). */
        public Builder key(RateLimitKey value) {
            this.key = Objects.requireNonNull(value, "key");
            return this;
        }

        /** The default cost of a request (default 1). */
        public Builder cost(long value) {
            if (value < 1) {
                throw new IllegalArgumentException("cost must be at least 1, was " + value);
            }
            this.cost = value;
            return this;
        }

        /**
         * Builds the limit.
         *
         * @throws IllegalStateException without a quota, or if the cost exceeds a quota's capacity
         */
        public RateLimit build() {
            if (quotas.isEmpty()) {
                throw new IllegalStateException("limit " + name + " needs at least one quota");
            }
            for (Quota q : quotas) {
                if (cost > q.capacity()) {
                    throw new IllegalStateException("limit " + name + " costs " + cost
                            + " per request, more than its quota's capacity " + q.capacity() + ": no request could pass");
                }
            }
            return new RateLimit(this);
        }
    }
}
