package io.bulwark.ratelimit;

/**
 * The state of one bucket after a decision.
 *
 * @param allowed whether the request's cost was taken
 * @param remaining tokens left (the least over the limit's quotas)
 * @param nanosToRetry when not allowed, how long until the cost is available again; else 0
 * @param nanosToFull how long until the bucket is full again
 */
public record RateLimitProbe(boolean allowed, long remaining, long nanosToRetry, long nanosToFull) {

    /** Seconds until the bucket is full, rounded up: the RateLimit {@code t} parameter. */
    public long resetSeconds() {
        return ceilSeconds(nanosToFull);
    }

    /** Seconds to wait before retrying, rounded up and at least 1: the {@code Retry-After} value. */
    public long retryAfterSeconds() {
        return Math.max(1, ceilSeconds(nanosToRetry));
    }

    private static long ceilSeconds(long nanos) {
        return nanos <= 0 ? 0 : (nanos + 999_999_999L) / 1_000_000_000L;
    }
}
