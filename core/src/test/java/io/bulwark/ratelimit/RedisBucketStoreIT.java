package io.bulwark.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link RedisBucketStore} against a real redis-server started on a free port for this class. */
class RedisBucketStoreIT {

    @RegisterExtension
    static final RedisServerProcess REDIS = new RedisServerProcess();

    private static final RateLimit HOT = RateLimit.of("hot", Quota.of(500, Duration.ofHours(1)), RateLimitKey.clientAddress());

    private final List<AutoCloseable> resources = new ArrayList<>();
    private String prefix = "it:";

    @AfterEach
    void release() throws Exception {
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
    }

    @BeforeEach
    void prefixFor(TestInfo test) {
        prefix = "it:" + test.getTestMethod().map(java.lang.reflect.Method::getName).orElse("test") + ":";
    }

    /**
     * A store on the class's Redis. Tests that are not about timing wait up to a second: they run on
     * loaded CI machines too, where a thread can stall for longer than the 100 ms default.
     */
    private RedisBucketStore store(UnaryOperator<RedisBucketStore.Builder> settings) {
        RedisBucketStore.Builder builder = RedisBucketStore.builder(REDIS.uri()).keyPrefix(prefix).timeout(Duration.ofSeconds(1));
        RedisBucketStore store = settings.apply(builder).build();
        resources.add(store);
        return store;
    }

    private RedisBucketStore store() {
        return store(b -> b);
    }

    @Test
    void admitsExactlyCapacityUnderContention() throws Exception {
        // A generous timeout: this test is about counting, and a decision that times out after its
        // swap landed takes a token nobody is told about.
        Hammering run = hammer(16, 1_000, HOT, store());
        run.report("exactness, capacity 500, batching on (default)");
        assertEquals(500, run.admitted);
        assertEquals(0, run.unavailable);
    }

    @Test
    void admitsExactlyCapacityWithoutBatchingToo() throws Exception {
        Hammering run = hammer(16, 1_000, HOT, store(b -> b.batching(false).timeout(Duration.ofSeconds(5))));
        run.report("exactness, capacity 500, batching off");
        assertEquals(500, run.admitted);
        assertEquals(0, run.unavailable);
    }

    @Test
    void hotKeyUnderContentionNeitherTimesOutNorLivelocks() throws Exception {
        // Every attempt takes a token, so every attempt is a swap on the one key; default settings.
        RateLimit roomy = RateLimit.of("roomy", Quota.of(1_000_000, Duration.ofHours(1)), RateLimitKey.clientAddress());
        Hammering batched = hammer(16, 1_000, roomy, store(b -> b.timeout(RedisBucketStore.DEFAULT_TIMEOUT)));
        batched.report("contention, every attempt a swap, default settings (timeout 100 ms, batching on)");
        // Batched, a decision waits for at most the swap in flight and its own: milliseconds. The
        // tolerance is for a loaded machine, where one stalled swap makes the decisions queued
        // behind it miss their 100 ms together; contention itself must cost no timeouts.
        assertEquals(16_000, batched.admitted + batched.unavailable, "every attempt is answered");
        assertTrue(batched.unavailable <= 160, "more than 1% of decisions on a hot key timed out: " + batched.unavailable);
        assertTrue(batched.percentileNanos(99) < TimeUnit.MILLISECONDS.toNanos(100),
                "p99 of a decision on a hot key: " + batched.percentileNanos(99) / 1_000_000 + " ms");

        // For comparison, bucket4j's bare compare-and-swap (fewer attempts: it is the slow one).
        Hammering bare = hammer(16, 125, roomy, store(b -> b.batching(false).timeout(RedisBucketStore.DEFAULT_TIMEOUT)
                .keyPrefix(prefix + "bare:")));
        bare.report("contention, every attempt a swap, timeout 100 ms, batching off");
        assertEquals(16 * 125, bare.admitted + bare.unavailable, "every attempt is answered, one way or the other");
    }

    @Test
    void twoStoresOnTwoClientsShareTheCapacity() throws Exception {
        RedisBucketStore own = store();
        RedisClient client = RedisClient.create(REDIS.uri());
        resources.add(client::shutdown);
        client.setOptions(ClientOptions.builder()
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS).build());
        RedisBucketStore supplied = RedisBucketStore.builder(client).keyPrefix(prefix).timeout(Duration.ofSeconds(1)).build();
        resources.add(supplied);

        Hammering run = hammer(16, 1_000, HOT, own, supplied);
        run.report("two stores, capacity 500");
        assertEquals(500, run.admitted);
        assertEquals(0, run.unavailable);
    }

    @Test
    void keysExpireOnceTheirBucketWouldBeFullAgain() throws Exception {
        RedisBucketStore store = store();
        RateLimit perMinute = RateLimit.of("pm", Quota.of(10, Duration.ofMinutes(1)), RateLimitKey.clientAddress());
        assertTrue(store.tryConsume("pm:one", perMinute, 1).allowed());
        for (int i = 0; i < 10; i++) {
            store.tryConsume("pm:all", perMinute, 1);
        }
        store.peek("pm:never", perMinute, 1);

        try (Inspector redis = new Inspector()) {
            // One token of ten a minute comes back in 6 s; the store keeps a bucket 1 s past full.
            long one = redis.connection.sync().pttl((prefix + "pm:one").getBytes());
            assertTrue(one > 5_000 && one <= 7_000, "TTL of a bucket one token short: " + one + " ms");
            long all = redis.connection.sync().pttl((prefix + "pm:all").getBytes());
            assertTrue(all > 59_000 && all <= 61_000, "TTL of an empty bucket: " + all + " ms");
            assertEquals(0, redis.connection.sync().exists((prefix + "pm:never").getBytes()),
                    "looking at a bucket must not create it");
        }
    }

    @Test
    void peekReportsWithoutTaking() throws Exception {
        RedisBucketStore store = store();
        RateLimit five = RateLimit.of("five", Quota.of(5, Duration.ofHours(1)), RateLimitKey.clientAddress());
        RateLimitProbe unseen = store.peek("five:k", five, 1);
        assertTrue(unseen.allowed());
        assertEquals(5, unseen.remaining());
        for (int i = 0; i < 4; i++) {
            assertTrue(store.tryConsume("five:k", five, 1).allowed());
        }
        RateLimitProbe looked = store.peek("five:k", five, 1);
        assertTrue(looked.allowed());
        assertEquals(1, looked.remaining());
        assertEquals(1, store.peek("five:k", five, 1).remaining(), "peeking takes nothing");
        assertFalse(store.peek("five:k", five, 2).allowed());
        assertTrue(store.tryConsume("five:k", five, 1).allowed());
        RateLimitProbe refused = store.tryConsume("five:k", five, 1);
        assertFalse(refused.allowed());
        assertTrue(refused.nanosToRetry() > 0);
        assertEquals(-1, store.size());
    }

    @Test
    void failsFastWhileRedisIsDownAndRecoversWhenItReturns() throws Exception {
        try (RedisServerProcess own = RedisServerProcess.startNew()) {
            RedisBucketStore store = RedisBucketStore.builder(own.uri()).keyPrefix(prefix).build();
            resources.add(store);
            RateLimit limit = RateLimit.of("outage", Quota.of(100, Duration.ofHours(1)), RateLimitKey.clientAddress());
            String key = "outage:198.51.100.23";
            assertTrue(firstAnswer(store, key, limit).allowed());

            // Redis up but silent (CLIENT PAUSE holds every command): the timeout must answer.
            RedisClient admin = RedisClient.create(own.uri());
            try (StatefulRedisConnection<String, String> connection = admin.connect()) {
                connection.sync().clientPause(400);
                long start = System.nanoTime();
                StoreUnavailableException e = assertThrows(StoreUnavailableException.class,
                        () -> store.tryConsume(key, limit, 1));
                long took = System.nanoTime() - start;
                System.out.printf("[redis-it] Redis paused: StoreUnavailableException after %.1f ms (timeout 100 ms): %s%n",
                        took / 1e6, e.getMessage());
                assertTrue(took < TimeUnit.MILLISECONDS.toNanos(300), "waited " + took / 1_000_000 + " ms");
                assertFalse(e.getMessage().contains("198.51.100.23"), e.getMessage());
            } finally {
                admin.shutdown();
            }

            own.stop();
            long worst = 0;
            long total = 0;
            for (int i = 0; i < 50; i++) {
                long start = System.nanoTime();
                StoreUnavailableException e = assertThrows(StoreUnavailableException.class,
                        () -> store.tryConsume(key, limit, 1));
                long took = System.nanoTime() - start;
                worst = Math.max(worst, took);
                total += took;
                assertFalse(e.getMessage().contains("198.51.100.23"), e.getMessage());
            }
            assertThrows(StoreUnavailableException.class, () -> store.peek(key, limit, 1));
            System.out.printf("[redis-it] outage: 50 decisions failed, worst %.1f ms, mean %.2f ms (timeout 100 ms)%n",
                    worst / 1e6, total / 50 / 1e6);
            assertTrue(worst < TimeUnit.MILLISECONDS.toNanos(500), "worst wait during the outage: " + worst / 1_000_000 + " ms");

            own.start();
            long restarted = System.nanoTime();
            RateLimitProbe back = firstAnswer(store, key, limit);
            System.out.printf("[redis-it] recovery: first decision %.0f ms after redis-server answered PING%n",
                    (System.nanoTime() - restarted) / 1e6);
            assertTrue(back.allowed());
        }
    }

    @Test
    void nodesWhoseClocksDisagreeByFiveSecondsStillAdmitExactlyCapacity() throws Exception {
        // A fixed window of 100 per 4 s: a node 5 s ahead that trusted its own clock would see a
        // whole new window in every bucket the other node wrote.
        RateLimit window = RateLimit.of("window", new Quota(100, Duration.ofSeconds(4), Quota.Refill.INTERVAL),
                RateLimitKey.clientAddress());
        RedisBucketStore behind = store(b -> b.localClock(Clock.systemUTC()));
        RedisBucketStore ahead = store(b -> b.localClock(Clock.offset(Clock.systemUTC(), Duration.ofSeconds(5))));

        int admitted = drain(behind, "window:seq", window, 150) + drain(ahead, "window:seq", window, 150);
        assertEquals(100, admitted, "the node behind wrote first, the node ahead came after");

        long retryBehind = behind.peek("window:seq", window, 1).nanosToRetry();
        long retryAhead = ahead.peek("window:seq", window, 1).nanosToRetry();
        System.out.printf("[redis-it] skew 5 s, server time: admitted %d of 100; Retry-After %.3f s vs %.3f s%n",
                admitted, retryBehind / 1e9, retryAhead / 1e9);
        assertTrue(Math.abs(retryBehind - retryAhead) < TimeUnit.MILLISECONDS.toNanos(250),
                "both nodes must tell clients the same wait");

        Hammering together = hammer(16, 20, window, behind, ahead);
        together.report("skew 5 s, server time, both nodes at once, capacity 100");
        assertEquals(100, together.admitted);
        assertEquals(0, together.unavailable);
    }

    @Test
    void eachNodesOwnClockIsWhatSkewBreaks() throws Exception {
        // bucket4j's default for its Redis managers, kept behind a package-private switch to show why
        // the store does not use it.
        RateLimit window = RateLimit.of("window", new Quota(100, Duration.ofSeconds(4), Quota.Refill.INTERVAL),
                RateLimitKey.clientAddress());
        RedisBucketStore behind = store(b -> b.serverTime(false).localClock(Clock.systemUTC()));
        RedisBucketStore ahead = store(b -> b.serverTime(false)
                .localClock(Clock.offset(Clock.systemUTC(), Duration.ofSeconds(5))));

        int admitted = drain(behind, "window:seq", window, 150) + drain(ahead, "window:seq", window, 150);
        System.out.printf("[redis-it] skew 5 s, each node's own clock (bucket4j default): admitted %d of 100%n", admitted);
        assertEquals(200, admitted, "the node ahead refilled a whole window the other node had just emptied");
    }

    @Test
    void readsTheServerClockOnceInAWhileNotPerDecision() throws Exception {
        // A server of its own: on the class's server, a store another test left behind may resample
        // at any moment, and INFO counts every client's TIME.
        try (RedisServerProcess own = RedisServerProcess.startNew(); Inspector redis = new Inspector(own.uri())) {
            // A local clock with an arbitrary origin, as System.nanoTime has.
            AtomicLong local = new AtomicLong(42_000_000_000L);
            RedisBucketStore.RedisServerClock clock = new RedisBucketStore.RedisServerClock(
                    local::get, redis.connection.async(), Duration.ofSeconds(1));
            assertTrue(Math.abs(clock.currentTimeNanos() - serverNanos(redis)) < TimeUnit.MILLISECONDS.toNanos(100),
                    "the first reading follows the server");

            long timeCalls = timeCalls(redis);
            for (int i = 0; i < 1_000; i++) {
                local.addAndGet(1_000_000); // a second in all: not yet due
                clock.currentTimeNanos();
            }
            assertEquals(timeCalls, timeCalls(redis), "no TIME per decision");

            // The local clock steps an hour ahead: the next decision sends for a new reading without
            // waiting for it, and the readings after follow the server again. (The redis-server runs
            // here: this machine's wall clock stands in for its TIME, so only the clock sends TIME.)
            local.addAndGet(TimeUnit.HOURS.toNanos(1));
            clock.currentTimeNanos();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (Math.abs(clock.currentTimeNanos() - wallNanos()) > TimeUnit.MILLISECONDS.toNanos(100)) {
                assertTrue(System.nanoTime() - deadline < 0, "the clock never came back to the server's");
                Thread.onSpinWait();
            }
            assertEquals(timeCalls + 1, timeCalls(redis), "one new reading");
        }
    }

    private static long wallNanos() {
        java.time.Instant now = Clock.systemUTC().instant();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    private static long serverNanos(Inspector redis) {
        List<byte[]> time = redis.connection.sync().time();
        return Long.parseLong(new String(time.get(0))) * 1_000_000_000L + Long.parseLong(new String(time.get(1))) * 1_000L;
    }

    /** How many TIME commands Redis has served, from INFO commandstats, less the one asking. */
    private static long timeCalls(Inspector redis) {
        String stats = redis.connection.sync().info("commandstats");
        int at = stats.indexOf("cmdstat_time:calls=");
        if (at < 0) {
            return 0;
        }
        int from = at + "cmdstat_time:calls=".length();
        return Long.parseLong(stats.substring(from, stats.indexOf(',', from)));
    }

    @Test
    void neverShowsThePassword() throws Exception {
        try (RedisServerProcess secured = RedisServerProcess.startNew("--requirepass", "s3cret-pass")) {
            RedisBucketStore store = RedisBucketStore.builder("redis://:s3cret-pass@127.0.0.1:" + secured.port())
                    .keyPrefix(prefix).timeout(Duration.ofSeconds(1)).build();
            resources.add(store);
            assertTrue(store.tryConsume("pw:k", HOT, 1).allowed());
            assertFalse(store.toString().contains("s3cret"), store.toString());
            assertTrue(store.toString().contains("127.0.0.1:" + secured.port()), store.toString());

            IllegalStateException refused = assertThrows(IllegalStateException.class,
                    () -> RedisBucketStore.builder("redis://:wrong-pass@127.0.0.1:" + secured.port()).build());
            for (Throwable t = refused; t != null; t = t.getCause()) {
                assertFalse(String.valueOf(t.getMessage()).contains("wrong-pass"), t.toString());
            }
        }
        IllegalArgumentException unreadable = assertThrows(IllegalArgumentException.class,
                () -> RedisBucketStore.builder("redis://:s3cret@[::1"));
        assertFalse(unreadable.getMessage().contains("s3cret"), unreadable.getMessage());
    }

    @Test
    void builderRejectsSettingsThatCannotWork() {
        RedisBucketStore.Builder builder = RedisBucketStore.builder(REDIS.uri());
        assertThrows(IllegalArgumentException.class, () -> builder.timeout(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> builder.timeout(Duration.ofMinutes(2)));
        assertThrows(IllegalArgumentException.class, () -> builder.keyPrefix("x".repeat(257)));
        assertThrows(IllegalArgumentException.class, () -> RedisBucketStore.builder("http://example.com"));
    }

    /** The first decision the store makes within 10 s, through refusals while it (re)connects or warms up. */
    private static RateLimitProbe firstAnswer(BucketStore store, String key, RateLimit limit) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try {
                return store.tryConsume(key, limit, 1);
            } catch (StoreUnavailableException e) {
                assertTrue(System.nanoTime() - deadline < 0, "no decision within 10 s: " + e.getMessage());
                Thread.onSpinWait();
            }
        }
    }

    private static int drain(BucketStore store, String key, RateLimit limit, int attempts) throws StoreUnavailableException {
        int admitted = 0;
        for (int i = 0; i < attempts; i++) {
            if (store.tryConsume(key, limit, 1).allowed()) {
                admitted++;
            }
        }
        return admitted;
    }

    /** What {@code threads} threads saw, each making {@code attempts} decisions on one key. */
    private record Hammering(int threads, int attempts, int admitted, int unavailable, long elapsedNanos,
            long[] sortedNanos, List<Throwable> unexpected) {

        long percentileNanos(double p) {
            return sortedNanos[Math.min(sortedNanos.length - 1, (int) Math.ceil(p / 100 * sortedNanos.length) - 1)];
        }

        void report(String what) {
            int decisions = threads * attempts;
            System.out.printf("[redis-it] %s: %d threads x %d attempts in %.0f ms (%.0f decisions/s), admitted %d, "
                            + "StoreUnavailableException %d, decision p50 %.2f ms, p99 %.1f ms, worst %.1f ms%n",
                    what, threads, attempts, elapsedNanos / 1e6, decisions / (elapsedNanos / 1e9), admitted, unavailable,
                    percentileNanos(50) / 1e6, percentileNanos(99) / 1e6, sortedNanos[sortedNanos.length - 1] / 1e6);
            assertTrue(unexpected.isEmpty(), "only StoreUnavailableException may escape, got " + unexpected);
        }
    }

    /**
     * Threads spread round-robin over the stores, all on one key; measured after the same threads
     * have warmed up on a key of their own, so that class loading and compilation are not counted.
     */
    private static Hammering hammer(int threads, int attempts, RateLimit limit, BucketStore... stores) throws Exception {
        hammer(threads, 100, limit, limit.name() + ":warm-up", stores);
        return hammer(threads, attempts, limit, limit.name() + ":hot", stores);
    }

    private static Hammering hammer(int threads, int attempts, RateLimit limit, String key, BucketStore... stores)
            throws Exception {
        AtomicInteger admitted = new AtomicInteger();
        AtomicInteger unavailable = new AtomicInteger();
        long[] nanos = new long[threads * attempts];
        ConcurrentLinkedQueue<Throwable> unexpected = new ConcurrentLinkedQueue<>();
        CountDownLatch ready = new CountDownLatch(threads);
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long began;
        try {
            List<Future<?>> tasks = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                BucketStore store = stores[t % stores.length];
                int first = t * attempts;
                tasks.add(pool.submit(() -> {
                    ready.countDown();
                    start.await();
                    for (int i = 0; i < attempts; i++) {
                        long before = System.nanoTime();
                        try {
                            if (store.tryConsume(key, limit, 1).allowed()) {
                                admitted.incrementAndGet();
                            }
                        } catch (StoreUnavailableException e) {
                            unavailable.incrementAndGet();
                        } catch (RuntimeException e) {
                            unexpected.add(e);
                        }
                        nanos[first + i] = System.nanoTime() - before;
                    }
                    return null;
                }));
            }
            ready.await();
            began = System.nanoTime();
            start.countDown();
            for (Future<?> task : tasks) {
                task.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        long elapsed = System.nanoTime() - began;
        // Future.get above orders the threads' writes to nanos before this read.
        Arrays.sort(nanos);
        return new Hammering(threads, attempts, admitted.get(), unavailable.get(), elapsed, nanos, List.copyOf(unexpected));
    }

    /** A separate Lettuce connection to look at what the store wrote. */
    private static final class Inspector implements AutoCloseable {
        private final RedisClient client;
        private final StatefulRedisConnection<byte[], byte[]> connection;

        Inspector() {
            this(REDIS.uri());
        }

        Inspector(String uri) {
            client = RedisClient.create(uri);
            connection = client.connect(io.lettuce.core.codec.ByteArrayCodec.INSTANCE);
        }

        @Override
        public void close() {
            connection.close();
            client.shutdown();
        }
    }
}
