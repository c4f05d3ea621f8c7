package io.bulwark.ratelimit;

import io.bulwark.health.ComponentHealth;
import io.bulwark.health.HealthStatus;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where buckets live: {@link LocalBucketStore} (in memory, bounded, the default) or a
 * distributed store shared by several application instances. Implementations are thread-safe.
 */
public interface BucketStore extends AutoCloseable {

    /** The name of the store's component in a health report. */
    String HEALTH_COMPONENT = "rate-limit-store";

    /**
     * Takes {@code cost} tokens from the bucket of {@code key} under {@code limit}, if it holds them.
     *
     * @param key the bucket's key (the limit's name is already part of it)
     * @param limit the limit whose configuration the bucket has
     * @param cost tokens to take, at least 1
     * @return the bucket's state after the attempt
     * @throws StoreUnavailableException if the store cannot answer in time
     */
    RateLimitProbe tryConsume(String key, RateLimit limit, long cost) throws StoreUnavailableException;

    /**
     * Reports whether {@code cost} tokens are available, without taking them.
     *
     * @param key the bucket's key
     * @param limit the limit
     * @param cost tokens that would be taken
     * @return the bucket's state; {@code allowed} tells whether the cost could be taken
     * @throws StoreUnavailableException if the store cannot answer in time
     */
    RateLimitProbe peek(String key, RateLimit limit, long cost) throws StoreUnavailableException;

    /**
     * Takes {@code cost} tokens from the bucket {@code limit} keeps for one request key: the bucket
     * {@link #tryConsume(String, RateLimit, long)} calls {@code limit.name() + ':' + requestKey}, which
     * is what this default builds. The {@link RateLimiter} calls this one, so a store that tells limits
     * apart by itself may skip building that string per decision.
     *
     * @param limit the limit whose configuration the bucket has
     * @param requestKey the request's key under that limit, without the limit's name
     * @param cost tokens to take, at least 1
     * @return the bucket's state after the attempt
     * @throws StoreUnavailableException if the store cannot answer in time
     */
    default RateLimitProbe tryConsumeFor(RateLimit limit, String requestKey, long cost)
            throws StoreUnavailableException {
        return tryConsume(limit.name() + ':' + requestKey, limit, cost);
    }

    /**
     * Reports whether {@code cost} tokens are available in the bucket {@code limit} keeps for one
     * request key, without taking them: {@link #peek(String, RateLimit, long)} of
     * {@code limit.name() + ':' + requestKey}, as in {@link #tryConsumeFor}.
     *
     * @param limit the limit
     * @param requestKey the request's key under that limit, without the limit's name
     * @param cost tokens that would be taken
     * @return the bucket's state; {@code allowed} tells whether the cost could be taken
     * @throws StoreUnavailableException if the store cannot answer in time
     */
    default RateLimitProbe peekFor(RateLimit limit, String requestKey, long cost) throws StoreUnavailableException {
        return peek(limit.name() + ':' + requestKey, limit, cost);
    }

    /** How many buckets the store holds here (an estimate; distributed stores may report -1). */
    long size();

    /**
     * Whether the store can decide: {@code UP} or {@code DOWN}, named {@value #HEALTH_COMPONENT},
     * with details such as {@code store} (the implementation) and {@code buckets}. This default, for
     * stores in memory, is always {@code UP} with the {@linkplain #size() bucket count}; distributed
     * stores ask their server, waiting at most their timeout. Never throws.
     *
     * @return the store's health
     */
    default ComponentHealth health() {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("store", getClass().getSimpleName());
        long size = size();
        if (size >= 0) {
            details.put("buckets", Long.toString(size));
        }
        return new ComponentHealth(HEALTH_COMPONENT, HealthStatus.UP, details);
    }

    /** Releases connections; the local store has nothing to release. */
    @Override
    default void close() {
    }
}
