package io.bulwark.ratelimit;

import java.time.Duration;
import java.util.Objects;

/**
 * One bandwidth of a limit: {@code capacity} requests per {@code period}, refilled greedily
 * (a token at a time, evenly) or at once at the end of each period. Combine a short, small quota
 * with a long, large one to allow bursts and cap the sustained rate.
 *
 * @param capacity the most requests (tokens) the quota holds
 * @param period the time in which the whole capacity is refilled
 * @param refill how the capacity comes back
 */
public record Quota(long capacity, Duration period, Refill refill) {

    /** How a quota's capacity comes back. */
    public enum Refill {
        /** Evenly over the period: 60 per minute adds one token a second. */
        GREEDY,
        /** All at once, at the end of each period: a fixed window. */
        INTERVAL
    }

    /** Validates the quota. */
    public Quota {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
        }
        Objects.requireNonNull(period, "period");
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("period must be positive, was " + period);
        }
        if (period.compareTo(Duration.ofMillis(1)) < 0) {
            throw new IllegalArgumentException("period must be at least 1 ms, was " + period);
        }
        Objects.requireNonNull(refill, "refill");
    }

    /**
     * A greedy quota.
     *
     * @param capacity requests per period
     * @param period the period
     * @return the quota
     */
    public static Quota of(long capacity, Duration period) {
        return new Quota(capacity, period, Refill.GREEDY);
    }

    /**
     * Parses {@code "<count>/<ISO-8601 duration>"}, e.g. {@code "100/PT1M"}, as a greedy quota.
     *
     * @param text the quota
     * @return the quota
     * @throws IllegalArgumentException if the text is not of that form
     */
    public static Quota parse(String text) {
        Objects.requireNonNull(text, "text");
        int slash = text.indexOf('/');
        if (slash <= 0 || slash == text.length() - 1) {
            throw new IllegalArgumentException("a quota is written <count>/<ISO-8601 duration>, e.g. 100/PT1M");
        }
        long count;
        Duration period;
        try {
            count = Long.parseLong(text.substring(0, slash).trim());
            period = Duration.parse(text.substring(slash + 1).trim());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("a quota is written <count>/<ISO-8601 duration>, e.g. 100/PT1M", e);
        }
        return of(count, period);
    }

    /** The period in whole seconds, at least 1, as the RateLimit-Policy {@code w} parameter wants. */
    public long windowSeconds() {
        return Math.max(1, (period.toMillis() + 999) / 1000);
    }
}
