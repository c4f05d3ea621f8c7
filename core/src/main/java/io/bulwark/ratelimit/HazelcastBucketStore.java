package io.bulwark.ratelimit;

import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.cluster.Cluster;
import com.hazelcast.cluster.Member;
import com.hazelcast.config.Config;
import com.hazelcast.config.SerializationConfig;
import com.hazelcast.config.SerializerConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleService;
import com.hazelcast.map.IMap;
import io.bulwark.health.ComponentHealth;
import io.bulwark.health.HealthStatus;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.EstimationProbe;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.AsyncProxyManager;
import io.github.bucket4j.grid.hazelcast.Bucket4jHazelcast;
import io.github.bucket4j.grid.hazelcast.HazelcastEntryProcessor;
import io.github.bucket4j.grid.hazelcast.HazelcastProxyManager;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Buckets shared by every member of a Hazelcast cluster, on bucket4j's entry-processor
 * {@link HazelcastProxyManager} over an {@code IMap<String, byte[]>}.
 *
 * <pre>{@code
 * Config config = HazelcastBucketStore.configure(new Config());   // bucket4j's serializers, on every member
 * HazelcastInstance hazelcast = Hazelcast.newHazelcastInstance(config);
 * BucketStore store = HazelcastBucketStore.builder(hazelcast)
 *         .mapName("bulwark-rate-limits")
 *         .timeout(Duration.ofMillis(100))   // the longest a decision waits for Hazelcast
 *         .build();
 * RateLimiter limiter = RateLimiter.builder().store(store) … .build();
 * }</pre>
 *
 * <p><b>Exact under contention.</b> Each decision is one entry processor, run by the member that
 * owns the key on that key's partition thread. Decisions on one key are applied one after another
 * there: nothing is compared and swapped, so a hot key never retries and never livelocks, and a
 * limit shared by every member hands out exactly its capacity. (The first decision on a key costs a
 * second round trip, to create the bucket.)
 *
 * <p><b>Members need bucket4j.</b> The entry processor runs where the key lives, so every member
 * needs {@code bucket4j_jdk17-core} and {@code bucket4j_jdk17-hazelcast} on its classpath: nothing
 * to do for embedded members (the application is the member); a standalone cluster reached through
 * a Hazelcast client needs the two jars added to its members. (bucket4j's compare-and-swap and
 * lock-based Hazelcast managers need no member-side classes, but retry under contention or take a
 * cluster lock per decision.) The entry processor travels by Java serialization unless bucket4j's
 * compact serializers are registered: {@link #configure(Config)} registers them, with type ids from
 * {@value #SERIALIZER_TYPE_ID_BASE}. Register them on all members and clients or on none: a member
 * without them cannot read an entry processor sent by one with them.
 *
 * <p><b>One clock.</b> bucket4j refills by the time a request carries or, if it carries none, by
 * the clock of the member that owns the key, read when the entry processor runs. A caller's own
 * clock would be wrong: two members whose clocks disagree by five seconds hand out five seconds of
 * refill again whenever the one ahead follows the one behind. The owner's clock is right until the
 * key moves to a member whose clock differs (a member joins or leaves, and partitions migrate). So
 * on a member this store stamps each request with Hazelcast's cluster time
 * ({@link Cluster#getClusterTime()}): the master's clock as each member estimates it, corrected on
 * every heartbeat from the master and carried across master changes, so members agree to within
 * network latency and keys may move freely. A Hazelcast client's cluster time is only its own
 * clock; through a client the store sends no time, and the key owner's clock counts.
 *
 * <p><b>Forgetful.</b> A bucket is written with a time to live of the time it takes to refill
 * completely, plus five seconds: once full it would be recreated full, so forgetting it hands out
 * nothing extra. (The margin covers Hazelcast's whole-second expiry times, and member clocks a few
 * seconds apart when a bucket migrates: expiry is by the clock of the member holding the entry.)
 * A bucket keeps the configuration it was created with: a limit whose quotas change (under the
 * same name) applies to each key once its old bucket has expired.
 *
 * <p><b>Bounded.</b> Every call waits at most the {@linkplain Builder#timeout(Duration) timeout}
 * and then throws {@link StoreUnavailableException}, whether Hazelcast is slow, partitioned or shut
 * down; the limiter's failure policy decides what that means for the request. A decision given up
 * on may still be applied by the owner. (bucket4j's own request timeout is ignored by its Hazelcast
 * manager, so the store bounds the wait itself.)
 *
 * <p>Thread-safe. The store does not own the Hazelcast instance: {@link #close()} leaves it
 * running.
 */
public final class HazelcastBucketStore implements BucketStore {

    /** The map buckets are kept in unless {@linkplain Builder#mapName(String) told otherwise}. */
    public static final String DEFAULT_MAP_NAME = "bulwark-rate-limits";

    /** The first of the four serializer type ids {@link #configure(Config)} registers. */
    public static final int SERIALIZER_TYPE_ID_BASE = 31_000;

    // TTL = time to full + this. Hazelcast keeps expiry times in whole seconds, rounded down, and
    // by the clock of whichever member holds the entry: a bucket that migrates to a member whose
    // clock is ahead expires early by the difference. The margin keeps both from forgetting a
    // bucket before it is full (which would hand out the rest of its refill at once).
    private static final Duration KEEP_AFTER_REFILL = Duration.ofSeconds(5);

    /** The key the health check reads: a read creates nothing, whatever the key. */
    private static final String HEALTH_KEY = "bulwark:health-check";

    private final IMap<String, byte[]> map;
    private final AsyncProxyManager<String> buckets;
    private final LifecycleService lifecycle;
    private final Cluster cluster;
    private final boolean member;
    private final long timeoutNanos;
    private final String timeoutMessage;

    private HazelcastBucketStore(Builder b) {
        HazelcastInstance instance = b.instance;
        this.lifecycle = instance.getLifecycleService();
        this.cluster = instance.getCluster();
        this.member = instance.getLocalEndpoint() instanceof Member;
        this.map = instance.getMap(b.mapName);
        Bucket4jHazelcast.HazelcastProxyManagerBuilder<String> manager = Bucket4jHazelcast.entryProcessorBasedBuilder(map)
                .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(KEEP_AFTER_REFILL));
        TimeMeter time = b.callerClock != null ? new ClockTimeMeter(b.callerClock)
                : member ? new ClusterTimeMeter(instance.getCluster())
                : null; // through a client: the key owner's clock
        if (time != null) {
            manager.clientClock(time);
        }
        this.buckets = manager.build().asAsync();
        this.timeoutNanos = b.timeout.toNanos();
        this.timeoutMessage = "Hazelcast did not decide within " + b.timeout.toMillis() + " ms";
    }

    /**
     * A builder on an embedded member or a client.
     *
     * @param instance the member or client; the application starts it and shuts it down
     * @return the builder
     */
    public static Builder builder(HazelcastInstance instance) {
        return new Builder(instance);
    }

    /**
     * Registers bucket4j's compact serializers for its entry processors (type ids
     * {@value #SERIALIZER_TYPE_ID_BASE} to {@value #SERIALIZER_TYPE_ID_BASE} + 3) on a member's
     * configuration. Optional (without them Java serialization is used) but then needed on every
     * member and client. Calling it twice registers them once.
     *
     * @param config the member's configuration, before the member starts
     * @return {@code config}
     */
    public static Config configure(Config config) {
        addSerializers(Objects.requireNonNull(config, "config").getSerializationConfig());
        return config;
    }

    /**
     * Registers bucket4j's compact serializers on a client's configuration; see
     * {@link #configure(Config)}.
     *
     * @param config the client's configuration, before the client starts
     * @return {@code config}
     */
    public static ClientConfig configure(ClientConfig config) {
        addSerializers(Objects.requireNonNull(config, "config").getSerializationConfig());
        return config;
    }

    private static void addSerializers(SerializationConfig serialization) {
        for (SerializerConfig registered : serialization.getSerializerConfigs()) {
            if (registered.getTypeClass() == HazelcastEntryProcessor.class
                    || HazelcastEntryProcessor.class.getName().equals(registered.getTypeClassName())) {
                return;
            }
        }
        HazelcastProxyManager.addCustomSerializers(serialization, SERIALIZER_TYPE_ID_BASE);
    }

    @Override
    public RateLimitProbe tryConsume(String key, RateLimit limit, long cost) throws StoreUnavailableException {
        check(key, limit, cost);
        BucketConfiguration configuration = limit.configuration();
        CompletableFuture<ConsumptionProbe> decision;
        try {
            decision = buckets.builder()
                    .build(key, () -> CompletableFuture.completedFuture(configuration))
                    .tryConsumeAndReturnRemaining(cost);
        } catch (RuntimeException e) {
            // The instance is shut down, or the request could not be serialized.
            throw new StoreUnavailableException("Hazelcast refused the decision", e);
        }
        ConsumptionProbe probe = await(decision);
        return new RateLimitProbe(probe.isConsumed(), probe.getRemainingTokens(),
                probe.isConsumed() ? 0 : probe.getNanosToWaitForRefill(), probe.getNanosToWaitForReset());
    }

    @Override
    public RateLimitProbe peek(String key, RateLimit limit, long cost) throws StoreUnavailableException {
        check(key, limit, cost);
        CompletableFuture<EstimationProbe> estimate;
        try {
            // bucket4j asks for the configuration only to create a missing bucket: refusing it
            // keeps a look from creating one.
            estimate = buckets.builder()
                    .build(key, Absent.SUPPLIER)
                    .estimateAbilityToConsume(cost);
        } catch (RuntimeException e) {
            throw new StoreUnavailableException("Hazelcast refused the lookup", e);
        }
        EstimationProbe probe;
        try {
            probe = await(estimate);
        } catch (StoreUnavailableException e) {
            if (e.getCause() instanceof Absent) {
                // Never seen, or refilled and expired: full.
                long capacity = Long.MAX_VALUE;
                for (Quota q : limit.quotas()) {
                    capacity = Math.min(capacity, q.capacity());
                }
                return new RateLimitProbe(cost <= capacity, capacity, 0, 0);
            }
            throw e;
        }
        return new RateLimitProbe(probe.canBeConsumed(), probe.getRemainingTokens(),
                probe.canBeConsumed() ? 0 : probe.getNanosToWaitForRefill(), 0);
    }

    private static void check(String key, RateLimit limit, long cost) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(limit, "limit");
        if (cost < 1) {
            throw new IllegalArgumentException("cost must be at least 1, was " + cost);
        }
    }

    private <T> T await(CompletableFuture<T> future) throws StoreUnavailableException {
        try {
            return future.get(timeoutNanos, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            future.cancel(false);
            throw new StoreUnavailableException(timeoutMessage, e);
        } catch (InterruptedException e) {
            future.cancel(false);
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException("interrupted while waiting for Hazelcast", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            while (cause instanceof CompletionException && cause.getCause() != null) {
                cause = cause.getCause();
            }
            throw new StoreUnavailableException("Hazelcast failed to decide", cause == null ? e : cause);
        }
    }

    /**
     * How many buckets this member owns (backups not counted); -1 through a client, which owns none,
     * or once the member is shut down. Local statistics: no call to other members.
     */
    @Override
    public long size() {
        if (!member || !lifecycle.isRunning()) {
            return -1;
        }
        try {
            return map.getLocalMapStats().getOwnedEntryCount();
        } catch (RuntimeException e) {
            return -1; // the instance is shut down
        }
    }

    /**
     * Whether the instance runs and the cluster answers: one read of a key in the map, from the member
     * that owns it, waiting at most the {@linkplain Builder#timeout(Duration) timeout}. {@code UP} with
     * {@code mode} (member or client), {@code members} (as this instance sees the cluster),
     * {@code latencyMillis} and, on a member, {@code buckets}; {@code DOWN} with {@code failure} when
     * the instance is shut down or the read fails or times out. Never throws.
     *
     * @return the store's health
     */
    @Override
    public ComponentHealth health() {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("store", getClass().getSimpleName());
        details.put("mode", member ? "member" : "client");
        details.put("timeoutMillis", Long.toString(TimeUnit.NANOSECONDS.toMillis(timeoutNanos)));
        if (!lifecycle.isRunning()) {
            details.put("failure", "the Hazelcast instance is not running");
            return new ComponentHealth(HEALTH_COMPONENT, HealthStatus.DOWN, details);
        }
        long started = System.nanoTime();
        try {
            await(map.getAsync(HEALTH_KEY).toCompletableFuture());
            details.put("latencyMillis", Long.toString(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)));
            details.put("members", Integer.toString(cluster.getMembers().size()));
        } catch (StoreUnavailableException e) {
            // Our own fixed text, never Hazelcast's (which may name members and addresses).
            Throwable cause = e.getCause() == null ? e : e.getCause();
            details.put("failure", cause instanceof TimeoutException
                    ? "Hazelcast did not answer within " + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms"
                    : "Hazelcast failed to answer (" + cause.getClass().getSimpleName() + ")");
            return new ComponentHealth(HEALTH_COMPONENT, HealthStatus.DOWN, details);
        } catch (RuntimeException e) {
            // Shut down, or the client lost the cluster: Hazelcast refuses at once.
            details.put("failure", "Hazelcast refused the health check (" + e.getClass().getSimpleName() + ")");
            return new ComponentHealth(HEALTH_COMPONENT, HealthStatus.DOWN, details);
        }
        long buckets = size();
        if (buckets >= 0) {
            details.put("buckets", Long.toString(buckets));
        }
        return new ComponentHealth(HEALTH_COMPONENT, HealthStatus.UP, details);
    }

    /** Does nothing: the Hazelcast instance belongs to the application, which shuts it down. */
    @Override
    public void close() {
    }

    @Override
    public String toString() {
        return "HazelcastBucketStore[map=" + map.getName() + ", time=" + (member ? "cluster" : "key owner") + "]";
    }

    /** Why a look at a missing bucket gets no configuration: one stackless instance. */
    private static final class Absent extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private static final Absent INSTANCE = new Absent();
        private static final Supplier<CompletableFuture<BucketConfiguration>> SUPPLIER =
                () -> CompletableFuture.failedFuture(INSTANCE);

        private Absent() {
            super("no bucket", null, false, false);
        }
    }

    /** Hazelcast's cluster time: the master's clock as this member estimates it. */
    private static final class ClusterTimeMeter implements TimeMeter {
        private final Cluster cluster;

        ClusterTimeMeter(Cluster cluster) {
            this.cluster = cluster;
        }

        @Override
        public long currentTimeNanos() {
            return TimeUnit.MILLISECONDS.toNanos(cluster.getClusterTime());
        }

        @Override
        public boolean isWallClockBased() {
            return true;
        }
    }


    /** Builds a {@link HazelcastBucketStore}. */
    public static final class Builder {
        private final HazelcastInstance instance;
        private String mapName = DEFAULT_MAP_NAME;
        private Duration timeout = Duration.ofMillis(100);
        private @Nullable Clock callerClock;

        private Builder(HazelcastInstance instance) {
            this.instance = Objects.requireNonNull(instance, "instance");
        }

        /** The map buckets are kept in (default {@value HazelcastBucketStore#DEFAULT_MAP_NAME}). */
        public Builder mapName(String value) {
            Objects.requireNonNull(value, "mapName");
            if (value.isBlank()) {
                throw new IllegalArgumentException("mapName must not be blank");
            }
            this.mapName = value;
            return this;
        }

        /** The longest any call waits for Hazelcast before it throws (default 100 ms). */
        public Builder timeout(Duration value) {
            Objects.requireNonNull(value, "timeout");
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException("timeout must be positive, was " + value);
            }
            this.timeout = value;
            return this;
        }

        /**
         * Stamps requests with this clock instead of the cluster time: bucket4j's client-side
         * clock. For tests that show what caller clocks in disagreement do; never in production.
         */
        Builder callerClock(Clock value) {
            this.callerClock = Objects.requireNonNull(value, "callerClock");
            return this;
        }

        /**
         * The store.
         *
         * @throws IllegalStateException if the Hazelcast instance is not running
         */
        public HazelcastBucketStore build() {
            if (!instance.getLifecycleService().isRunning()) {
                throw new IllegalStateException("the Hazelcast instance is not running; start it before building the store");
            }
            return new HazelcastBucketStore(this);
        }
    }
}
