package io.bulwark.metrics;

import io.bulwark.Bulwark;
import io.bulwark.event.SecurityEvent;
import io.bulwark.event.SecurityEventListener;
import io.bulwark.ratelimit.LocalBucketStore;
import io.bulwark.ratelimit.RateLimiter;
import io.bulwark.token.TokenVerifier;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Binds a {@link Bulwark}'s metrics to a Micrometer registry.
 *
 * <pre>{@code
 * new BulwarkMetrics(bulwark).bindTo(registry);
 * }</pre>
 *
 * <table>
 * <caption>Meters</caption>
 * <tr><th>name</th><th>type</th><th>tags</th><th>what</th></tr>
 * <tr><td>{@code bulwark.security.events}</td><td>counter</td><td>{@code kind}, {@code reason}</td>
 *     <td>security events: rejected tokens by reason, denials, rate limits by limit name, …</td></tr>
 * <tr><td>{@code bulwark.security.events.dropped}</td><td>counter</td><td></td>
 *     <td>events a listener was too slow to take</td></tr>
 * <tr><td>{@code bulwark.token.verification}</td><td>timer</td><td></td>
 *     <td>full verifications (cache misses, rejections included) and their time</td></tr>
 * <tr><td>{@code bulwark.token.cache.requests}</td><td>counter</td><td>{@code result} = hit | miss</td>
 *     <td>verified-token cache lookups</td></tr>
 * <tr><td>{@code bulwark.token.cache.hit.ratio}</td><td>gauge</td><td></td><td>hits / lookups</td></tr>
 * <tr><td>{@code bulwark.token.cache.size}</td><td>gauge</td><td></td><td>tokens cached</td></tr>
 * <tr><td>{@code bulwark.ratelimit.store.keys}</td><td>gauge</td><td></td>
 *     <td>buckets held by the local store (only with {@link LocalBucketStore})</td></tr>
 * <tr><td>{@code bulwark.ratelimit.store.failures}</td><td>counter</td><td></td>
 *     <td>calls to the rate-limit store that failed or timed out</td></tr>
 * </table>
 *
 * <p>Tags are stable codes only: never a token, subject, client address or path, so neither
 * secrets nor an attacker's choices reach the registry, and the number of series stays bounded
 * (reasons beyond {@value #MAX_REASONS} distinct ones are counted under {@code other}).
 */
public final class BulwarkMetrics implements MeterBinder {

    /** Distinct reasons tagged per kind; rate-limit names are configuration, so this is generous. */
    public static final int MAX_REASONS = 100;

    private final Bulwark bulwark;
    private final Tags tags;

    /**
     * Metrics of one Bulwark.
     *
     * @param bulwark the Bulwark
     */
    public BulwarkMetrics(Bulwark bulwark) {
        this(bulwark, Tags.empty());
    }

    /**
     * Metrics of one Bulwark, with tags added to every meter (e.g. {@code api=orders} when an
     * application runs several).
     *
     * @param bulwark the Bulwark
     * @param tags the common tags
     */
    public BulwarkMetrics(Bulwark bulwark, Iterable<Tag> tags) {
        this.bulwark = Objects.requireNonNull(bulwark, "bulwark");
        this.tags = Tags.of(Objects.requireNonNull(tags, "tags"));
    }

    /**
     * Registers the meters, and a listener on the Bulwark that counts its events from now on.
     *
     * @param registry the registry
     */
    @Override
    public void bindTo(MeterRegistry registry) {
        Objects.requireNonNull(registry, "registry");
        bulwark.addListener(new EventCounter(registry, tags));
        FunctionCounter.builder("bulwark.security.events.dropped", bulwark, Bulwark::droppedEvents)
                .description("Security events a listener was too slow to take").tags(tags).register(registry);

        TokenVerifier verifier = bulwark.tokenVerifier();
        FunctionTimer.builder("bulwark.token.verification", verifier,
                        v -> v.statistics().verifications(), v -> v.statistics().verificationNanos(),
                        TimeUnit.NANOSECONDS)
                .description("Full token verifications (cache misses, rejections included)").tags(tags)
                .register(registry);
        FunctionCounter.builder("bulwark.token.cache.requests", verifier, v -> v.statistics().cacheHits())
                .description("Verified-token cache lookups").tags(tags).tag("result", "hit").register(registry);
        FunctionCounter.builder("bulwark.token.cache.requests", verifier, v -> v.statistics().cacheMisses())
                .description("Verified-token cache lookups").tags(tags).tag("result", "miss").register(registry);
        Gauge.builder("bulwark.token.cache.hit.ratio", verifier, v -> v.statistics().cacheHitRatio())
                .description("Share of verified-token cache lookups that hit").tags(tags).register(registry);
        Gauge.builder("bulwark.token.cache.size", verifier, v -> v.statistics().cachedTokens())
                .description("Verified tokens cached").tags(tags).register(registry);

        RateLimiter limiter = bulwark.rateLimiter().orElse(null);
        if (limiter != null) {
            FunctionCounter.builder("bulwark.ratelimit.store.failures", limiter, RateLimiter::storeFailures)
                    .description("Rate-limit store calls that failed or timed out").tags(tags).register(registry);
            if (limiter.store() instanceof LocalBucketStore local) {
                Gauge.builder("bulwark.ratelimit.store.keys", local, LocalBucketStore::size)
                        .description("Buckets held by the local rate-limit store").tags(tags).register(registry);
            }
        }
    }

    @Override
    public String toString() {
        return "BulwarkMetrics[" + bulwark + "]";
    }

    /** Counts events by kind and reason, with a bounded number of reasons per kind. */
    static final class EventCounter implements SecurityEventListener {
        private final MeterRegistry registry;
        private final Tags tags;
        private final Map<SecurityEvent.Kind, Map<String, Counter>> counters = new EnumMap<>(SecurityEvent.Kind.class);

        EventCounter(MeterRegistry registry, Tags tags) {
            this.registry = registry;
            this.tags = tags;
            for (SecurityEvent.Kind kind : SecurityEvent.Kind.values()) {
                counters.put(kind, new ConcurrentHashMap<>());
            }
        }

        @Override
        public void onEvent(SecurityEvent event) {
            Map<String, Counter> byReason = counters.get(event.kind());
            Counter counter = byReason.get(event.reason());
            if (counter == null) {
                String reason = byReason.size() < MAX_REASONS ? event.reason() : "other";
                counter = byReason.computeIfAbsent(reason, r -> Counter.builder("bulwark.security.events")
                        .description("Security events by kind and reason").tags(tags)
                        .tag("kind", event.kind().name().toLowerCase(java.util.Locale.ROOT)).tag("reason", r)
                        .register(registry));
            }
            counter.increment();
        }

        /** A counter increment never blocks: counting on the request's thread misses nothing in a flood. */
        @Override
        public boolean isImmediate() {
            return true;
        }

        @Override
        public String toString() {
            return "BulwarkMetrics.EventCounter";
        }
    }
}
