package io.bulwark.http;

import io.bulwark.ratelimit.Quota;
import io.bulwark.ratelimit.RateLimit;
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
        Map<String, String> headers = new LinkedHashMap<>(4);
        headers.put(POLICY, policy(usages));
        headers.put(RATE_LIMIT, rateLimit(usages));
        return headers;
    }

    /**
     * The {@code RateLimit-Policy} value alone: each applied limit with its first quota, in order.
     *
     * @param usages the applied limits, at least one
     * @return e.g. {@code "per-ip";q=100;w=60, "per-user";q=60;w=60}
     * @throws IllegalArgumentException when no limit applied
     */
    public static String policy(List<RateLimiter.Usage> usages) {
        if (usages.isEmpty()) {
            throw new IllegalArgumentException("no limit applied: there is no RateLimit-Policy to send");
        }
        if (usages.size() == 1) {
            return policyItem(usages.get(0).limit());
        }
        StringBuilder policy = new StringBuilder(40 * usages.size());
        for (int i = 0, n = usages.size(); i < n; i++) {
            if (i > 0) {
                policy.append(", ");
            }
            policy.append(policyItem(usages.get(i).limit()));
        }
        return policy.toString();
    }

    /**
     * One limit's item of {@code RateLimit-Policy}: its name, the capacity {@code q} of its first
     * quota and that quota's window {@code w} in seconds. The same for every request the limit
     * applies to, so callers may keep it.
     *
     * @param limit the limit
     * @return e.g. {@code "per-ip";q=100;w=60}
     */
    public static String policyItem(RateLimit limit) {
        Quota quota = limit.quotas().get(0);
        return "\"" + limit.name() + "\";q=" + quota.capacity() + ";w=" + quota.windowSeconds();
    }

    /**
     * The {@code RateLimit} value alone: the remaining quota of the limit closest to running out (a
     * refusing limit first; else the smallest share of its first quota left; the first on a tie).
     *
     * @param usages the applied limits, at least one
     * @return e.g. {@code "per-user";r=12;t=48}
     * @throws IllegalArgumentException when no limit applied
     */
    public static String rateLimit(List<RateLimiter.Usage> usages) {
        if (usages.isEmpty()) {
            throw new IllegalArgumentException("no limit applied: there is no RateLimit to send");
        }
        RateLimiter.Usage closest = null;
        double closestShare = Double.MAX_VALUE;
        for (int i = 0, n = usages.size(); i < n; i++) {
            RateLimiter.Usage usage = usages.get(i);
            double share = usage.probe().allowed()
                    ? (double) usage.probe().remaining() / usage.limit().quotas().get(0).capacity() : -1;
            if (share < closestShare) {
                closestShare = share;
                closest = usage;
            }
        }
        // One concatenation: sized once, one copy.
        return "\"" + closest.limit().name() + "\";r=" + Math.max(0, closest.probe().remaining()) + ";t="
                + closest.probe().resetSeconds();
    }
}
