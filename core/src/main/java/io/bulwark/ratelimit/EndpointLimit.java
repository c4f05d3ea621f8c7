package io.bulwark.ratelimit;

import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A limit an endpoint applies: a reference to a limit configured on the {@link RateLimiter} by
 * name, or a limit of its own; with the cost of one request to this endpoint.
 *
 * <pre>{@code
 * EndpointLimit.named("per-user");
 * EndpointLimit.named("per-user", 10);                    // an expensive endpoint
 * EndpointLimit.inline(RateLimit.of("search", Quota.parse("5/PT1S"), RateLimitKey.clientAddress()));
 * }</pre>
 */
public final class EndpointLimit {

    private final @Nullable String name;
    private final @Nullable RateLimit inline;
    private final long cost;

    /** Cost 0 stands for "the limit's own cost". */
    private EndpointLimit(@Nullable String name, @Nullable RateLimit inline, long cost) {
        if (cost < 0) {
            throw new IllegalArgumentException("cost must be at least 1, was " + cost);
        }
        this.name = name;
        this.inline = inline;
        this.cost = cost;
    }

    /**
     * The configured limit of that name, at its own cost.
     *
     * @param name a limit registered with {@link RateLimiter.Builder#limit(RateLimit)}
     * @return the reference
     */
    public static EndpointLimit named(String name) {
        return new EndpointLimit(Objects.requireNonNull(name, "name"), null, 0);
    }

    /**
     * The configured limit of that name, each request costing {@code cost} tokens.
     *
     * @param name a registered limit
     * @param cost tokens per request
     * @return the reference
     */
    public static EndpointLimit named(String name, long cost) {
        if (cost < 1) {
            throw new IllegalArgumentException("cost must be at least 1, was " + cost);
        }
        return new EndpointLimit(Objects.requireNonNull(name, "name"), null, cost);
    }

    /**
     * A limit of the endpoint's own, at its own cost.
     *
     * @param limit the limit
     * @return the reference
     */
    public static EndpointLimit inline(RateLimit limit) {
        Objects.requireNonNull(limit, "limit");
        return new EndpointLimit(null, limit, limit.cost());
    }

    /** The referenced limit's name, for a reference. */
    public Optional<String> name() {
        return Optional.ofNullable(name);
    }

    /** The endpoint's own limit, for an inline one. */
    public Optional<RateLimit> inline() {
        return Optional.ofNullable(inline);
    }

    /** Tokens per request to this endpoint; empty when the limit's own cost applies. */
    public java.util.OptionalLong cost() {
        return cost == 0 ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(cost);
    }

    /** The cost of a request under the resolved limit. */
    long costUnder(RateLimit limit) {
        return cost == 0 ? limit.cost() : cost;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof EndpointLimit that && Objects.equals(name, that.name)
                && Objects.equals(inline, that.inline) && cost == that.cost;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, inline, cost);
    }

    @Override
    public String toString() {
        return "EndpointLimit[" + (name != null ? name : inline) + (cost == 0 ? "" : ", cost=" + cost) + "]";
    }
}
