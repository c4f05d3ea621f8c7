package io.bulwark.ratelimit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides rate limits for the pipeline: the named limits endpoints refer to, the global limits
 * every request passes, and the stricter budget of failed authentications per client address.
 *
 * <pre>{@code
 * RateLimiter limiter = RateLimiter.builder()
 *         .store(LocalBucketStore.builder().maximumKeys(100_000).build())
 *         .globalLimit(RateLimit.of("per-ip", Quota.parse("100/PT1M"), RateLimitKey.clientAddress()))
 *         .limit(RateLimit.of("per-user", Quota.parse("60/PT1M"), RateLimitKey.subject()))
 *         .authenticationFailureLimit(Quota.parse("10/PT1M"))
 *         .build();
 * Bulwark bulwark = Bulwark.builder().tokenVerifier(verifier).rateLimiter(limiter).build();
 * }</pre>
 *
 * <p>Limits whose key needs no principal (client address, API key, route) run before the token is
 * verified, so floods of bad tokens are stopped cheaply; limits keyed by subject run after. When
 * the store fails or times out, the {@link FailurePolicy} decides, and a WARN line (at most one
 * every 10 s) says so. Thread-safe and immutable.
 */
public final class RateLimiter {

    private static final Logger LOG = LoggerFactory.getLogger(RateLimiter.class);
    private static final long WARN_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

    /** What happens to a request when the store cannot answer. */
    public enum FailurePolicy {
        /** Let the request through unlimited (the default: an outage of the store is not an outage of the API). */
        FAIL_OPEN,
        /** Refuse the request with 503. */
        FAIL_CLOSED
    }

    /** When in the pipeline a limit runs. */
    public enum Phase {
        /** Before the token is verified: limits whose key needs no principal. */
        BEFORE_AUTHENTICATION,
        /** After verification: limits keyed by the principal. */
        AFTER_AUTHENTICATION
    }

    /**
     * One limit applied to one request.
     *
     * @param limit the limit
     * @param probe the bucket's state after the decision
     */
    public record Usage(RateLimit limit, RateLimitProbe probe) {
    }

    /**
     * The outcome of one phase.
     *
     * @param usages the limits applied, in order
     * @param exceeded the limit that refused the request, if any
     * @param storeFailures how many limits could not be decided because the store failed
     * @param refusedByFailurePolicy whether a store failure refused the request (fail closed)
     */
    public record Outcome(List<Usage> usages, Optional<Usage> exceeded, int storeFailures,
            boolean refusedByFailurePolicy) {

        private static final Outcome NOTHING = new Outcome(List.of(), Optional.empty(), 0, false);

        /** Whether the request may go on. */
        public boolean allowed() {
            return exceeded.isEmpty() && !refusedByFailurePolicy;
        }
    }

    private final BucketStore store;
    private final Map<String, RateLimit> named;
    private final List<RateLimit> globalBefore;
    private final List<RateLimit> globalAfter;
    private final @Nullable RateLimit failureLimit;
    private final FailurePolicy failurePolicy;
    private final AtomicLong nextWarnNanos = new AtomicLong(System.nanoTime());
    private final LongAdder storeFailures = new LongAdder();

    private RateLimiter(Builder b) {
        this.store = b.store;
        this.named = Map.copyOf(b.named);
        List<RateLimit> before = new ArrayList<>();
        List<RateLimit> after = new ArrayList<>();
        for (RateLimit limit : b.global) {
            (limit.key().needsPrincipal() ? after : before).add(limit);
        }
        this.globalBefore = List.copyOf(before);
        this.globalAfter = List.copyOf(after);
        this.failureLimit = b.failureQuota == null ? null
                : RateLimit.of("auth-failures", b.failureQuota, RateLimitKey.clientAddress());
        this.failurePolicy = b.failurePolicy;
    }

    /** A builder. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The configured limit of that name.
     *
     * @param name the name
     * @return the limit, if configured
     */
    public Optional<RateLimit> limit(String name) {
        return Optional.ofNullable(named.get(name));
    }

    /**
     * Checks that every endpoint limit refers to a configured limit; adapters call it at deployment.
     *
     * @param limits an endpoint's limits
     * @throws IllegalStateException naming the first unknown limit
     */
    public void validate(List<EndpointLimit> limits) {
        for (EndpointLimit limit : limits) {
            resolve(limit);
        }
    }

    private RateLimit resolve(EndpointLimit limit) {
        Optional<RateLimit> inline = limit.inline();
        if (inline.isPresent()) {
            return inline.get();
        }
        String name = limit.name().orElseThrow();
        RateLimit found = named.get(name);
        if (found == null) {
            throw new IllegalStateException("No rate limit named \"" + name + "\" is configured; known: " + named.keySet());
        }
        return found;
    }

    /**
     * Applies the global limits and the endpoint's limits of one phase, in order, stopping at the
     * first that refuses.
     *
     * @param phase which limits run now
     * @param context the request, its client address and (after authentication) its principal
     * @param endpointLimits the endpoint's limits
     * @return the outcome
     */
    public Outcome check(Phase phase, KeyContext context, List<EndpointLimit> endpointLimits) {
        List<RateLimit> global = phase == Phase.BEFORE_AUTHENTICATION ? globalBefore : globalAfter;
        if (global.isEmpty() && endpointLimits.isEmpty()) {
            return Outcome.NOTHING;
        }
        boolean after = phase == Phase.AFTER_AUTHENTICATION;
        // Most requests apply one limit per phase: a list is made only for a second.
        Usage first = null;
        List<Usage> usages = null;
        int failures = 0;
        for (int i = 0, n = global.size() + endpointLimits.size(); i < n; i++) {
            RateLimit limit;
            long cost;
            if (i < global.size()) {
                limit = global.get(i);
                cost = limit.cost();
            } else {
                EndpointLimit endpointLimit = endpointLimits.get(i - global.size());
                limit = resolve(endpointLimit);
                if (limit.key().needsPrincipal() != after) {
                    continue;
                }
                cost = endpointLimit.costUnder(limit);
            }
            String key = limit.key().resolve(context);
            if (key == null) {
                continue;
            }
            RateLimitProbe probe;
            try {
                probe = store.tryConsumeFor(limit, key, cost);
            } catch (StoreUnavailableException e) {
                failures++;
                warnStoreFailure(e);
                if (failurePolicy == FailurePolicy.FAIL_CLOSED) {
                    return new Outcome(applied(first, usages), Optional.empty(), failures, true);
                }
                continue;
            }
            Usage usage = new Usage(limit, probe);
            if (first == null) {
                first = usage;
            } else {
                if (usages == null) {
                    usages = new ArrayList<>(n);
                    usages.add(first);
                }
                usages.add(usage);
            }
            if (!probe.allowed()) {
                return new Outcome(applied(first, usages), Optional.of(usage), failures, false);
            }
        }
        return new Outcome(applied(first, usages), Optional.empty(), failures, false);
    }

    private static List<Usage> applied(@Nullable Usage first, @Nullable List<Usage> more) {
        if (more != null) {
            return List.copyOf(more);
        }
        return first == null ? List.of() : List.of(first);
    }

    /**
     * Whether the client address has used up its budget of failed authentications; checked before
     * its token is verified. Takes nothing from the budget.
     *
     * @param context the request
     * @return the exhausted budget, if it is
     */
    public Optional<Usage> failureBudgetExhausted(KeyContext context) {
        if (failureLimit == null) {
            return Optional.empty();
        }
        try {
            RateLimitProbe probe = store.peekFor(failureLimit, context.clientAddress(), 1);
            return probe.allowed() ? Optional.empty() : Optional.of(new Usage(failureLimit, probe));
        } catch (StoreUnavailableException e) {
            warnStoreFailure(e);
            return Optional.empty();
        }
    }

    /**
     * Counts a failed authentication against the client address's budget.
     *
     * @param context the request
     */
    public void recordAuthenticationFailure(KeyContext context) {
        if (failureLimit == null) {
            return;
        }
        try {
            store.tryConsumeFor(failureLimit, context.clientAddress(), 1);
        } catch (StoreUnavailableException e) {
            warnStoreFailure(e);
        }
    }

    /** The failure policy. */
    public FailurePolicy failurePolicy() {
        return failurePolicy;
    }

    /** The store. */
    public BucketStore store() {
        return store;
    }

    /**
     * How many store calls failed or timed out since this limiter was built.
     *
     * @return the count
     */
    public long storeFailures() {
        return storeFailures.sum();
    }

    private void warnStoreFailure(StoreUnavailableException e) {
        storeFailures.increment();
        long now = System.nanoTime();
        long next = nextWarnNanos.get();
        // At most one line per interval: an outage must not flood the logs.
        if (now - next >= 0 && nextWarnNanos.compareAndSet(next, now + WARN_INTERVAL_NANOS)) {
            LOG.atWarn().addKeyValue("store", store.getClass().getSimpleName())
                    .addKeyValue("policy", failurePolicy).addKeyValue("error", e.getMessage())
                    .log("Rate-limit store unavailable; applying the failure policy");
        }
    }

    @Override
    public String toString() {
        return "RateLimiter[store=" + store + ", limits=" + named.keySet() + ", failurePolicy=" + failurePolicy + "]";
    }

    /** Builds a {@link RateLimiter}. */
    public static final class Builder {
        private BucketStore store = LocalBucketStore.builder().build();
        private final Map<String, RateLimit> named = new LinkedHashMap<>();
        private final List<RateLimit> global = new ArrayList<>();
        private @Nullable Quota failureQuota;
        private FailurePolicy failurePolicy = FailurePolicy.FAIL_OPEN;

        private Builder() {
        }

        /** Where buckets live (default: a {@link LocalBucketStore} with its defaults). */
        public Builder store(BucketStore value) {
            this.store = Objects.requireNonNull(value, "store");
            return this;
        }

        /** Registers a named limit that endpoints refer to. */
        public Builder limit(RateLimit value) {
            Objects.requireNonNull(value, "limit");
            if (named.putIfAbsent(value.name(), value) != null) {
                throw new IllegalArgumentException("a limit named " + value.name() + " is already registered");
            }
            return this;
        }

        /** Adds a limit every request passes (also registered by name). */
        public Builder globalLimit(RateLimit value) {
            limit(value);
            global.add(value);
            return this;
        }

        /**
         * The budget of failed authentications per client address: past it, the address is
         * answered 429 before its tokens are verified. Off unless set.
         */
        public Builder authenticationFailureLimit(Quota value) {
            this.failureQuota = Objects.requireNonNull(value, "quota");
            return this;
        }

        /** What a store failure does to the request (default {@link FailurePolicy#FAIL_OPEN}). */
        public Builder failurePolicy(FailurePolicy value) {
            this.failurePolicy = Objects.requireNonNull(value, "failurePolicy");
            return this;
        }

        /** The limiter. */
        public RateLimiter build() {
            return new RateLimiter(this);
        }
    }
}
