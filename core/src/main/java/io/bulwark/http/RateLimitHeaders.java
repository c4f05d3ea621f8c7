package io.bulwark.http;

import io.bulwark.ratelimit.Quota;
import io.bulwark.ratelimit.RateLimiter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The RateLimit header fields of draft-ietf-httpapi-ratelimit-headers (structured-field form):
 * {@code RateLimit-Policy} names each applied limit with its quota {@code q} and window {@code w}
 * in seconds; {@code RateLimit} gives the remaining quota {@code r} and the seconds {@code t}
 * until it is whole again, for the limit closest to running out.
 *
 * <pre>{@code
 * RateLimit-Policy: "per-ip";q=100;w=60, "per-user";q=60;w=60
 * RateLimit: "per-user";r=12;t=48
 * }</pre>
 */
public final class RateLimitHeaders {

    /** The header naming the limits. */
    public static final String POLICY = "RateLimit-Policy";
    /** The header with the remaining quota. */
    public static final String RATE_LIMIT = "RateLimit";
    /** The header telling a refused client when to come back (RFC 9110 §10.2.3). */
    public static final String RETRY_AFTER = "Retry-After";

    private RateLimitHeaders() {
    }

    /**
     * The headers for the limits applied to a request; empty when none applied.
     *
     * @param usages the applied limits and their buckets' states
     * @return {@code RateLimit-Policy} and {@code RateLimit}, in that order
     */
    public static Map<String, String> of(List<RateLimiter.Usage> usages) {
        if (usages.isEmpty()) {
            return Map.of();
        }
        StringBuilder policy = new StringBuilder();
        RateLimiter.Usage closest = null;
        double closestShare = Double.MAX_VALUE;
        for (RateLimiter.Usage usage : usages) {
            Quota quota = usage.limit().quotas().get(0);
            if (policy.length() > 0) {
                policy.append(", ");
            }
            policy.append('"').append(usage.limit().name()).append("\";q=").append(quota.capacity())
                    .append(";w=").append(quota.windowSeconds());
            double share = (double) usage.probe().remaining() / quota.capacity();
            if (!usage.probe().allowed()) {
                share = -1;
            }
            if (share < closestShare) {
                closestShare = share;
                closest = usage;
            }
        }
        Map<String, String> headers = new LinkedHashMap<>(4);
        headers.put(POLICY, policy.toString());
        headers.put(RATE_LIMIT, "\"" + closest.limit().name() + "\";r=" + Math.max(0, closest.probe().remaining())
                + ";t=" + closest.probe().resetSeconds());
        return headers;
    }
}
