package io.bulwark.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.bulwark.health.ComponentHealth;
import io.bulwark.health.HealthStatus;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.EstimationProbe;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.distributed.AsyncBucketProxy;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.AsyncProxyManager;
import io.github.bucket4j.distributed.proxy.optimization.Optimizations;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import io.lettuce.core.resource.DefaultClientResources;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Buckets shared by every instance of an application, kept in Redis by bucket4j's Lettuce
 * compare-and-swap {@code ProxyManager}.
 *
 * <pre>{@code
 * BucketStore store = RedisBucketStore.builder("redis://:secret@redis.internal:6379/0")
 *         .timeout(Duration.ofMillis(100))   // the longest a decision waits for Redis
 *         .keyPrefix("orders-api:rl:")        // one prefix per application sharing the Redis
 *         .build();
 * RateLimiter limiter = RateLimiter.builder().store(store) … .build();
 * }</pre>
 *
 * <p><b>Bounded.</b> Every call waits at most the {@linkplain Builder#timeout(Duration) timeout}
 * and then throws {@link StoreUnavailableException}, whether Redis is slow, gone or refusing; the
 * limiter's failure policy decides what that means for the request. While the connection is down
 * commands are refused at once instead of queued, and Lettuce reconnects in the background, so the
 * store works again as soon as Redis is back, without a restart. {@link Builder#build()} connects, and fails
 * if Redis cannot be reached then.
 *
 * <p><b>One clock.</b> bucket4j's Redis managers do the token maths on the client, with the
 * client's clock, so nodes whose clocks disagree by seconds would hand out the refill of those
 * seconds again. This store gives bucket4j the Redis server's clock instead: it reads {@code TIME}
 * when it connects and every ten seconds, and carries it forward with the local monotonic clock in
 * between, so every node counts time alike and a decision costs no extra round trip.
 *
 * <p><b>Forgetful.</b> A bucket's key expires in Redis shortly after the bucket would be full
 * again, so idle buckets do not pile up. {@link #size()} is therefore unknown here: -1.
 *
 * <p><b>Hot keys.</b> A decision is a read and a scripted compare-and-swap; concurrent swaps on one
 * key fail and retry until they win or the timeout passes. So that a hot key costs neither time nor
 * failures, the decisions this instance makes on one key while a swap is in flight wait for it and
 * then go to Redis together ({@linkplain Builder#batching(boolean) batching}, on by default).
 *
 * <p>Thread-safe; {@link #close()} releases the connection (and the client, if the store made it).
 */
public final class RedisBucketStore implements BucketStore {

    private static final Logger LOG = LoggerFactory.getLogger(RedisBucketStore.class);

    /** How long a decision waits for Redis unless told otherwise. */
    static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(100);
    /** The prefix of every key the store writes unless told otherwise. */
    static final String DEFAULT_KEY_PREFIX = "bulwark:rl:";
    /** Seconds between two readings of the Redis server's clock. */
    static final long RESAMPLE_SECONDS = 10;
    /** How long a bucket outlives its full refill in Redis: a little slack against early expiry. */
    private static final Duration KEEP_AFTER_REFILL = Duration.ofSeconds(1);
    /** Hot keys whose bucket proxy is kept for batching: proxies hold no state but the batch. */
    private static final int BATCHING_PROXIES = 10_000;

    private final @Nullable RedisClient ownedClient;
    private final @Nullable ClientResources ownedResources;
    private final StatefulRedisConnection<byte[], byte[]> connection;
    private final AsyncProxyManager<byte[]> buckets;
    private final @Nullable Cache<BucketKey, AsyncBucketProxy> batchingProxies;
    private final byte[] keyPrefix;
    private final long timeoutNanos;
    private final String description;
    private final AtomicBoolean closed = new AtomicBoolean();

    /** A limit plus the request's key: batching keeps one proxy per bucket. */
    private record BucketKey(RateLimit limit, String key) {
    }

    private RedisBucketStore(Builder b) {
        Duration timeout = b.timeout;
        this.timeoutNanos = timeout.toNanos();
        this.keyPrefix = b.keyPrefix.getBytes(StandardCharsets.UTF_8);
        RedisURI uri = b.uri;
        if (uri != null) {
            this.ownedResources = DefaultClientResources.builder()
                    .ioThreadPoolSize(2)
                    .computationThreadPoolSize(2)
                    // Back within two seconds of Redis returning, however long it was away.
                    .reconnectDelay(Delay.exponential(Duration.ofMillis(10), Duration.ofSeconds(2), 2, TimeUnit.MILLISECONDS))
                    .build();
            this.ownedClient = RedisClient.create(ownedResources, uri);
            ownedClient.setOptions(clientOptions(timeout));
        } else {
            this.ownedResources = null;
            this.ownedClient = null;
            warnAboutOptions(Objects.requireNonNull(b.client));
        }
        RedisClient client = ownedClient != null ? ownedClient : Objects.requireNonNull(b.client);
        this.description = "RedisBucketStore[" + (uri != null ? describe(uri) : "supplied RedisClient")
                + ", keyPrefix=" + b.keyPrefix + ", timeout=" + timeout.toMillis() + " ms, batching="
                + (b.batching ? "on" : "off") + ", time=" + (b.serverTime ? "redis" : "local") + "]";
        try {
            this.connection = client.connect(ByteArrayCodec.INSTANCE);
        } catch (RuntimeException e) {
            releaseOwned();
            throw new IllegalStateException(description + " cannot connect to Redis ("
                    + e.getClass().getSimpleName() + "): start Redis first, or check the address and credentials", e);
        }
        try {
            this.buckets = Bucket4jLettuce.casBasedBuilder(connection)
                    .clientClock(timeMeter(b, connection))
                    .requestTimeout(timeout)
                    .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(KEEP_AFTER_REFILL))
                    .build()
                    .asAsync();
        } catch (RuntimeException | Error e) {
            // Nothing may keep reconnecting in the background for a store that was never built.
            connection.close();
            releaseOwned();
            throw e;
        }
        this.batchingProxies = b.batching
                ? Caffeine.newBuilder().maximumSize(BATCHING_PROXIES).expireAfterAccess(Duration.ofMinutes(1)).build()
                : null;
    }

    private static TimeMeter timeMeter(Builder b, StatefulRedisConnection<byte[], byte[]> connection) {
        Clock localClock = b.localClock;
        if (!b.serverTime) {
            return new ClockTimeMeter(localClock == null ? Clock.systemUTC() : localClock);
        }
        LongSupplier localNanos = localClock == null ? System::nanoTime : () -> epochNanos(localClock);
        return new RedisServerClock(localNanos, connection.async(), b.timeout);
    }

    /**
     * A builder for a store that makes and owns its client, configured to refuse commands while
     * disconnected and to reconnect quickly.
     *
     * @param redisUri {@code redis://[[user:]password@]host[:port][/database]}, {@code rediss://…}
     *     for TLS, or any other form Lettuce's {@link RedisURI} reads
     * @return the builder
     * @throws IllegalArgumentException if the URI cannot be read (the message never repeats it)
     */
    public static Builder builder(String redisUri) {
        Objects.requireNonNull(redisUri, "redisUri");
        RedisURI uri;
        try {
            uri = RedisURI.create(redisUri);
        } catch (RuntimeException e) {
            // Lettuce's message repeats the URI, password and all: say what is expected instead.
            throw new IllegalArgumentException(
                    "redisUri is not a Redis URI: expected redis://[[user:]password@]host[:port][/database] or rediss://…");
        }
        return new Builder(uri, null);
    }

    /**
     * A builder for a store on an application's own client. The store opens one connection on it
     * and leaves the client running on {@link #close()}. Give the client
     * {@code ClientOptions.disconnectedBehavior(REJECT_COMMANDS)} and auto-reconnect (the store
     * warns otherwise): calls stay bounded by the timeout anyway, but commands queued while
     * disconnected would pile up in memory.
     *
     * @param client a standalone or Sentinel client
     * @return the builder
     */
    public static Builder builder(RedisClient client) {
        return new Builder(null, Objects.requireNonNull(client, "client"));
    }

    @Override
    public RateLimitProbe tryConsume(String key, RateLimit limit, long cost) throws StoreUnavailableException {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(limit, "limit");
        requirePositive(cost);
        ConsumptionProbe probe = await(() -> consuming(key, limit).tryConsumeAndReturnRemaining(cost));
        return new RateLimitProbe(probe.isConsumed(), probe.getRemainingTokens(),
                probe.isConsumed() ? 0 : probe.getNanosToWaitForRefill(), probe.getNanosToWaitForReset());
    }

    @Override
    public RateLimitProbe peek(String key, RateLimit limit, long cost) throws StoreUnavailableException {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(limit, "limit");
        requirePositive(cost);
        byte[] redisKey = redisKey(key);
        // A bucket never seen, or expired because it was full, is full; and looking must not write
        // one (bucket4j creates a bucket on any first command, so ask Redis first).
        return await(() -> connection.async().exists(redisKey).toCompletableFuture()
                .thenCompose(found -> found == 0
                        ? CompletableFuture.completedFuture(full(limit, cost))
                        : buckets.builder().build(redisKey, configuration(limit))
                                .estimateAbilityToConsume(cost)
                                .thenApply(RedisBucketStore::estimated)));
    }

    private static RateLimitProbe estimated(EstimationProbe probe) {
        return new RateLimitProbe(probe.canBeConsumed(), probe.getRemainingTokens(),
                probe.canBeConsumed() ? 0 : probe.getNanosToWaitForRefill(), 0);
    }

    private static RateLimitProbe full(RateLimit limit, long cost) {
        long capacity = Long.MAX_VALUE;
        for (Quota q : limit.quotas()) {
            capacity = Math.min(capacity, q.capacity());
        }
        return new RateLimitProbe(cost <= capacity, capacity, 0, 0);
    }

    private AsyncBucketProxy consuming(String key, RateLimit limit) {
        Cache<BucketKey, AsyncBucketProxy> proxies = batchingProxies;
        if (proxies == null) {
            return buckets.builder().build(redisKey(key), configuration(limit));
        }
        // Batching merges only what goes through one proxy: keep one per hot bucket.
        return proxies.get(new BucketKey(limit, key), k -> buckets.builder()
                .withOptimization(Optimizations.batching())
                .build(redisKey(key), configuration(limit)));
    }

    private static Supplier<CompletableFuture<BucketConfiguration>> configuration(RateLimit limit) {
        return () -> CompletableFuture.completedFuture(limit.configuration());
    }

    private byte[] redisKey(String key) {
        byte[] suffix = key.getBytes(StandardCharsets.UTF_8);
        byte[] full = new byte[keyPrefix.length + suffix.length];
        System.arraycopy(keyPrefix, 0, full, 0, keyPrefix.length);
        System.arraycopy(suffix, 0, full, keyPrefix.length, suffix.length);
        return full;
    }

    private static void requirePositive(long cost) {
        if (cost < 1) {
            throw new IllegalArgumentException("cost must be at least 1, was " + cost);
        }
    }

    /** Waits for a decision at most the timeout; every failure becomes a StoreUnavailableException. */
    private <T> T await(Supplier<CompletableFuture<T>> call) throws StoreUnavailableException {
        CompletableFuture<T> future;
        try {
            future = call.get();
        } catch (RuntimeException e) {
            throw unavailable(e);
        }
        try {
            return future.get(timeoutNanos, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw unavailable(e);
        } catch (ExecutionException e) {
            throw unavailable(e.getCause() == null ? e : e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException("interrupted while waiting for Redis", e);
        } catch (RuntimeException e) {
            throw unavailable(e);
        }
    }

    /** Fixed messages: the causes may be kept, but no key and no secret goes into ours. */
    private StoreUnavailableException unavailable(Throwable error) {
        Throwable root = rootCause(error);
        String message;
        if (closed.get()) {
            message = "the Redis bucket store is closed";
        } else if (root instanceof TimeoutException || root instanceof io.github.bucket4j.TimeoutException
                || root instanceof RedisCommandTimeoutException) {
            message = "Redis did not answer within " + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms";
        } else if (root instanceof RedisConnectionException || !connection.isOpen()) {
            message = "Redis is not connected";
        } else {
            message = "Redis request failed (" + root.getClass().getSimpleName() + ")";
        }
        return new StoreUnavailableException(message, error);
    }

    private static Throwable rootCause(Throwable error) {
        Throwable t = error;
        // bucket4j's batching wraps failures in an IllegalStateException (BatchFailedException).
        while ((t instanceof CompletionException || t instanceof ExecutionException || t instanceof IllegalStateException)
                && t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }

    /**
     * A {@code PING} to Redis, waiting at most the {@linkplain Builder#timeout(Duration) timeout}:
     * {@code UP} with {@code latencyMillis} when Redis answers, {@code DOWN} with {@code failure} (a
     * fixed text: not connected, no answer in time, closed) when it does not. Never throws.
     *
     * @return the store's health
     */
    @Override
    public ComponentHealth health() {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("store", getClass().getSimpleName());
        details.put("timeoutMillis", Long.toString(TimeUnit.NANOSECONDS.toMillis(timeoutNanos)));
        long started = System.nanoTime();
        try {
            await(() -> connection.async().ping().toCompletableFuture());
        } catch (StoreUnavailableException e) {
            // Our own fixed text, never Lettuce's (which may name the server).
            details.put("failure", e.getMessage());
            return new ComponentHealth(HEALTH_COMPONENT, HealthStatus.DOWN, details);
        } catch (RuntimeException e) {
            details.put("failure", "Redis request failed (" + e.getClass().getSimpleName() + ")");
            return new ComponentHealth(HEALTH_COMPONENT, HealthStatus.DOWN, details);
        }
        details.put("latencyMillis", Long.toString(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)));
        return new ComponentHealth(HEALTH_COMPONENT, HealthStatus.UP, details);
    }

    /** Always -1: Redis expires the buckets, and counting them would scan the server. */
    @Override
    public long size() {
        return -1;
    }

    /** Closes the connection, and the client and its threads if the store made them. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            connection.close();
        } finally {
            releaseOwned();
        }
    }

    private void releaseOwned() {
        if (ownedClient != null) {
            ownedClient.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
        if (ownedResources != null) {
            ownedResources.shutdown(0, 2, TimeUnit.SECONDS);
        }
    }

    /** Where and how the store keeps buckets; never a password. */
    @Override
    public String toString() {
        return description;
    }

    private static ClientOptions clientOptions(Duration timeout) {
        Duration connectTimeout = timeout.compareTo(Duration.ofSeconds(1)) > 0 ? timeout : Duration.ofSeconds(1);
        return ClientOptions.builder()
                .autoReconnect(true)
                // Fail at once while disconnected: a queue of stale decisions helps nobody.
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(timeout))
                .socketOptions(SocketOptions.builder().connectTimeout(connectTimeout).keepAlive(true).build())
                .build();
    }

    private static void warnAboutOptions(RedisClient client) {
        ClientOptions options = client.getOptions();
        boolean queues = options.getDisconnectedBehavior() == ClientOptions.DisconnectedBehavior.ACCEPT_COMMANDS
                || options.getDisconnectedBehavior() == ClientOptions.DisconnectedBehavior.DEFAULT
                        && options.isAutoReconnect();
        if (queues) {
            LOG.warn("The RedisClient given to RedisBucketStore queues commands while disconnected: decisions stay "
                    + "bounded by the timeout, but queued commands pile up during an outage. "
                    + "Set ClientOptions.disconnectedBehavior(REJECT_COMMANDS).");
        }
        if (!options.isAutoReconnect()) {
            LOG.warn("The RedisClient given to RedisBucketStore does not reconnect: after a disconnection every "
                    + "decision fails until the application restarts. Set ClientOptions.autoReconnect(true).");
        }
    }

    private static String describe(RedisURI uri) {
        if (uri.getSocket() != null) {
            return "redis-socket://" + uri.getSocket();
        }
        if (!uri.getSentinels().isEmpty()) {
            return "redis-sentinel://" + uri.getSentinelMasterId() + "/" + uri.getDatabase();
        }
        return (uri.isSsl() ? "rediss://" : "redis://") + uri.getHost() + ":" + uri.getPort() + "/" + uri.getDatabase();
    }

    private static long epochNanos(Clock clock) {
        Instant now = clock.instant();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    /**
     * bucket4j's clock, shared by every node: the Redis server's {@code TIME}, read now and then and
     * carried forward by the local clock in between.
     *
     * <p>bucket4j's compare-and-swap managers compute refills on the client with the client's clock
     * ({@code TimeMeter.SYSTEM_MILLISECONDS} unless told otherwise), and store the time of the last
     * refill in the bucket. A node whose clock runs ahead then refills the seconds it is ahead once
     * more; one behind refills nothing until it catches up. Reading one clock everywhere removes
     * both. A reading is taken at the midpoint of its round trip, and a new one is sent (without
     * waiting for it) by the first decision after ten seconds.
     */
    static final class RedisServerClock implements TimeMeter {
        private static final long RESAMPLE_NANOS = TimeUnit.SECONDS.toNanos(RESAMPLE_SECONDS);
        private static final long RETRY_NANOS = TimeUnit.SECONDS.toNanos(1);

        private final LongSupplier localNanos;
        private final RedisAsyncCommands<byte[], byte[]> commands;
        private final long timeoutNanos;
        private final AtomicBoolean sampling = new AtomicBoolean();
        private volatile long offsetNanos;
        private volatile long resampleAtNanos;

        RedisServerClock(LongSupplier localNanos, RedisAsyncCommands<byte[], byte[]> commands, Duration timeout) {
            this.localNanos = localNanos;
            this.commands = commands;
            this.timeoutNanos = timeout.toNanos();
            long local = localNanos.getAsLong();
            // Until Redis has answered, the local wall clock is the best guess there is.
            this.offsetNanos = epochNanos(Clock.systemUTC()) - local;
            this.resampleAtNanos = local;
            sampleNow();
        }

        /** The first reading, waited for: the best of three round trips. */
        private void sampleNow() {
            long bestRoundTrip = Long.MAX_VALUE;
            for (int i = 0; i < 3; i++) {
                long before = localNanos.getAsLong();
                try {
                    List<byte[]> time = commands.time().get(Math.max(timeoutNanos, TimeUnit.SECONDS.toNanos(1)),
                            TimeUnit.NANOSECONDS);
                    long after = localNanos.getAsLong();
                    if (after - before < bestRoundTrip) {
                        bestRoundTrip = after - before;
                        offsetNanos = serverNanos(time) - (before + (after - before) / 2);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                } catch (ExecutionException | TimeoutException | RuntimeException e) {
                    break;
                }
            }
            resampleAtNanos = localNanos.getAsLong() + (bestRoundTrip == Long.MAX_VALUE ? RETRY_NANOS : RESAMPLE_NANOS);
        }

        @Override
        public long currentTimeNanos() {
            long local = localNanos.getAsLong();
            if (local - resampleAtNanos >= 0) {
                resample();
            }
            return local + offsetNanos;
        }

        private void resample() {
            if (!sampling.compareAndSet(false, true)) {
                return;
            }
            long before = localNanos.getAsLong();
            // The caller saw the reading due before another thread's reply moved the due time on
            // and released the flag: check again now that this thread holds it, or two TIME
            // commands go out for one due reading.
            if (before - resampleAtNanos < 0) {
                sampling.set(false);
                return;
            }
            CompletionStage<List<byte[]>> reply;
            try {
                reply = commands.time().toCompletableFuture().orTimeout(timeoutNanos, TimeUnit.NANOSECONDS);
            } catch (RuntimeException e) {
                finish(before, false);
                return;
            }
            reply.whenComplete((time, error) -> {
                long after = localNanos.getAsLong();
                boolean taken = false;
                if (error == null && after - before <= timeoutNanos) {
                    try {
                        offsetNanos = serverNanos(time) - (before + (after - before) / 2);
                        taken = true;
                    } catch (RuntimeException e) {
                        // an unreadable reply: keep the last reading
                    }
                }
                finish(after, taken);
            });
        }

        private void finish(long now, boolean taken) {
            resampleAtNanos = now + (taken ? RESAMPLE_NANOS : RETRY_NANOS);
            sampling.set(false);
        }

        /** TIME answers seconds and microseconds, as two decimal strings. */
        private static long serverNanos(List<byte[]> time) {
            long seconds = Long.parseLong(new String(time.get(0), StandardCharsets.US_ASCII));
            long micros = Long.parseLong(new String(time.get(1), StandardCharsets.US_ASCII));
            return seconds * 1_000_000_000L + micros * 1_000L;
        }

        @Override
        public boolean isWallClockBased() {
            return true;
        }
    }


    /** Builds a {@link RedisBucketStore}; {@link #build()} connects. */
    public static final class Builder {
        private final @Nullable RedisURI uri;
        private final @Nullable RedisClient client;
        private Duration timeout = DEFAULT_TIMEOUT;
        private String keyPrefix = DEFAULT_KEY_PREFIX;
        private boolean batching = true;
        private @Nullable Clock localClock;
        private boolean serverTime = true;

        private Builder(@Nullable RedisURI uri, @Nullable RedisClient client) {
            this.uri = uri;
            this.client = client;
        }

        /**
         * The longest a decision waits for Redis, retries on a contended key included (default 100 ms).
         *
         * @throws IllegalArgumentException unless between 1 ms and 1 minute
         */
        public Builder timeout(Duration value) {
            Objects.requireNonNull(value, "timeout");
            if (value.compareTo(Duration.ofMillis(1)) < 0 || value.compareTo(Duration.ofMinutes(1)) > 0) {
                throw new IllegalArgumentException("timeout must be between 1 ms and 1 minute, was " + value);
            }
            this.timeout = value;
            return this;
        }

        /**
         * What every key the store writes starts with (default {@code bulwark:rl:}); give each
         * application its own when several share a Redis.
         *
         * @throws IllegalArgumentException if longer than 256 characters
         */
        public Builder keyPrefix(String value) {
            Objects.requireNonNull(value, "keyPrefix");
            if (value.length() > 256) {
                throw new IllegalArgumentException("keyPrefix must be at most 256 characters, was " + value.length());
            }
            this.keyPrefix = value;
            return this;
        }

        /**
         * Whether decisions this instance makes on one key while another is in flight wait for it
         * and then go to Redis together as one (bucket4j's batching optimization; default on).
         *
         * <p>On by default because compare-and-swap alone degrades on a hot key: every thread
         * reads the same state and all but one swap fail and start again, so each admitted
         * decision costs a round trip per contender and the unlucky ones run out of time. Batched,
         * an instance has at most one swap per key in flight. Decisions stay exact either way.
         */
        public Builder batching(boolean value) {
            this.batching = value;
            return this;
        }

        /** Tests: this node's clock, skewed at will; with server time on, its skew must not matter. */
        Builder localClock(Clock value) {
            this.localClock = Objects.requireNonNull(value, "localClock");
            return this;
        }

        /** Tests: off gives bucket4j's default, each node timing refills by its own clock. */
        Builder serverTime(boolean value) {
            this.serverTime = value;
            return this;
        }

        /**
         * Connects and builds the store.
         *
         * @throws IllegalStateException if Redis cannot be reached or refuses the credentials
         */
        public RedisBucketStore build() {
            return new RedisBucketStore(this);
        }
    }
}
