package io.bulwark.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LocalBucketStoreTest {

    private final SteppingClock clock = new SteppingClock();

    @Test
    void admitsExactlyCapacityUnderContention() throws Exception {
        LocalBucketStore store = LocalBucketStore.builder().build();
        RateLimit limit = RateLimit.of("hot", Quota.of(500, Duration.ofHours(1)), RateLimitKey.clientAddress());
        AtomicInteger admitted = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<?>> tasks = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                tasks.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < 1_000; i++) {
                        if (store.tryConsume("hot:203.0.113.7", limit, 1).allowed()) {
                            admitted.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> task : tasks) {
                task.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(500, admitted.get());
    }

    @Test
    void refillsOverTimeByTheInjectedClock() {
        LocalBucketStore store = LocalBucketStore.builder().clock(clock).build();
        RateLimit limit = RateLimit.of("per-ip", Quota.of(60, Duration.ofMinutes(1)), RateLimitKey.clientAddress());
        for (int i = 0; i < 60; i++) {
            assertTrue(store.tryConsume("k", limit, 1).allowed());
        }
        RateLimitProbe refused = store.tryConsume("k", limit, 1);
        assertFalse(refused.allowed());
        assertEquals(1, refused.retryAfterSeconds(), "greedy refill: one token a second");

        clock.advance(Duration.ofSeconds(1));
        assertTrue(store.tryConsume("k", limit, 1).allowed());
        assertFalse(store.tryConsume("k", limit, 1).allowed());

        clock.advance(Duration.ofMinutes(1));
        assertEquals(59, store.tryConsume("k", limit, 1).remaining(), "full again after a whole period");
    }

    @Test
    void intervalRefillComesBackAllAtOnce() {
        LocalBucketStore store = LocalBucketStore.builder().clock(clock).build();
        RateLimit limit = RateLimit.of("window", new Quota(10, Duration.ofMinutes(1), Quota.Refill.INTERVAL),
                RateLimitKey.clientAddress());
        for (int i = 0; i < 10; i++) {
            store.tryConsume("k", limit, 1);
        }
        clock.advance(Duration.ofSeconds(30));
        assertFalse(store.tryConsume("k", limit, 1).allowed(), "nothing comes back mid-window");
        clock.advance(Duration.ofSeconds(30));
        assertEquals(9, store.tryConsume("k", limit, 1).remaining());
    }

    @Test
    void burstAndSustainedQuotasBothBind() {
        LocalBucketStore store = LocalBucketStore.builder().clock(clock).build();
        RateLimit limit = RateLimit.builder("combined")
                .quota(Quota.of(5, Duration.ofSeconds(1)))
                .quota(Quota.of(8, Duration.ofMinutes(1)))
                .build();
        int admitted = 0;
        for (int second = 0; second < 3; second++) {
            for (int i = 0; i < 10; i++) {
                admitted += store.tryConsume("k", limit, 1).allowed() ? 1 : 0;
            }
            clock.advance(Duration.ofSeconds(1));
        }
        assertEquals(8, admitted, "bursts of 5 a second, but no more than about 8 a minute");
    }

    @Test
    void expensiveRequestsCostMore() {
        LocalBucketStore store = LocalBucketStore.builder().clock(clock).build();
        RateLimit limit = RateLimit.of("costly", Quota.of(25, Duration.ofMinutes(1)), RateLimitKey.clientAddress());
        assertTrue(store.tryConsume("k", limit, 10).allowed());
        assertTrue(store.tryConsume("k", limit, 10).allowed());
        RateLimitProbe third = store.tryConsume("k", limit, 10);
        assertFalse(third.allowed());
        assertEquals(5, third.remaining(), "a refused request takes nothing");
    }

    @Test
    void millionDistinctKeysLeaveTheStoreAtItsMaximum() {
        LocalBucketStore store = LocalBucketStore.builder().maximumKeys(10_000).clock(clock).build();
        RateLimit limit = RateLimit.of("per-ip", Quota.of(100, Duration.ofMinutes(1)), RateLimitKey.clientAddress());
        for (int i = 0; i < 1_000_000; i++) {
            store.tryConsume("per-ip:" + i, limit, 1);
        }
        assertTrue(store.size() <= 10_000, "held " + store.size() + " keys");
    }

    @Test
    void forgetsABucketOnlyOnceItWouldBeFullAgain() {
        LocalBucketStore store = LocalBucketStore.builder().clock(clock).build();
        RateLimit limit = RateLimit.of("per-ip", Quota.of(3, Duration.ofMinutes(1)), RateLimitKey.clientAddress());
        for (int i = 0; i < 3; i++) {
            store.tryConsume("k", limit, 1);
        }
        clock.advance(Duration.ofSeconds(30));
        assertEquals(0, store.forgetFullBuckets());
        assertEquals(1, store.size(), "half-refilled: still remembered");
        assertFalse(store.peek("k", limit, 2).allowed(), "only 1 token came back in 30 s");

        clock.advance(Duration.ofSeconds(31));
        assertEquals(1, store.forgetFullBuckets());
        assertEquals(0, store.size(), "full again, so forgetting it hands out nothing");
        assertEquals(2, store.tryConsume("k", limit, 1).remaining());
    }

    @Test
    void aBucketOfASlowLimitIsRememberedUntilItIsFull() {
        LocalBucketStore store = LocalBucketStore.builder().clock(clock).build();
        RateLimit fast = RateLimit.of("per-ip", Quota.of(3, Duration.ofMinutes(1)), RateLimitKey.clientAddress());
        RateLimit slow = RateLimit.builder("per-day").quota(Quota.of(100, Duration.ofMinutes(1)))
                .quota(Quota.of(2, Duration.ofDays(1))).key(RateLimitKey.clientAddress()).build();
        store.tryConsume("k", fast, 3);
        store.tryConsume("k", slow, 2);

        // The per-minute quota of the slow limit is full again long before its daily one.
        clock.advance(Duration.ofHours(23).plusMinutes(59));
        assertEquals(1, store.forgetFullBuckets(), "only the per-minute bucket is full again");
        assertFalse(store.peek("k", slow, 2).allowed(), "the daily bucket, remembered, is not full yet");

        clock.advance(Duration.ofMinutes(2));
        assertEquals(1, store.forgetFullBuckets());
        assertEquals(0, store.size());
    }

    @Test
    void sweepsFullBucketsInTheBackground() throws InterruptedException {
        try (LocalBucketStore store = LocalBucketStore.builder().clock(clock).sweepInterval(Duration.ofMillis(10)).build()) {
            RateLimit limit = RateLimit.of("per-ip", Quota.of(3, Duration.ofMinutes(1)), RateLimitKey.clientAddress());
            for (int i = 0; i < 100; i++) {
                store.tryConsume("k" + i, limit, 3);
            }

            clock.advance(Duration.ofSeconds(30));
            awaitTwoMoreSweeps(store);
            assertEquals(100, store.size(), "half-refilled buckets are kept by the background sweep");

            clock.advance(Duration.ofSeconds(31));
            awaitTwoMoreSweeps(store);
            assertEquals(0, store.size(), "refilled buckets were swept without anyone asking");
        }
    }

    /** Two sweeps, so that one whole sweep started after the clock moved. */
    private static void awaitTwoMoreSweeps(LocalBucketStore store) throws InterruptedException {
        long target = store.sweep().runs() + 2;
        assertTrue(store.sweep().awaitRuns(target, Duration.ofSeconds(10)), "the sweeper ran");
    }

    @Test
    void rejectsASweepIntervalTooShort() {
        assertThrows(IllegalArgumentException.class,
                () -> LocalBucketStore.builder().sweepInterval(Duration.ofMillis(1)));
    }

    @Test
    void peekTakesNothingAndMakesNoBucket() {
        LocalBucketStore store = LocalBucketStore.builder().clock(clock).build();
        RateLimit limit = RateLimit.of("per-ip", Quota.of(2, Duration.ofMinutes(1)), RateLimitKey.clientAddress());
        assertTrue(store.peek("k", limit, 1).allowed());
        assertEquals(0, store.size());
        store.tryConsume("k", limit, 2);
        assertFalse(store.peek("k", limit, 1).allowed());
        assertFalse(store.peek("k", limit, 1).allowed());
    }

    @Test
    void namesABucketTheSameWhicheverMethodIsCalled() {
        // BucketStore's contract: tryConsumeFor(limit, key) is the bucket tryConsume calls "name:key".
        LocalBucketStore store = LocalBucketStore.builder().clock(clock).build();
        RateLimit limit = RateLimit.of("per-ip", Quota.of(3, Duration.ofMinutes(1)), RateLimitKey.clientAddress());
        assertEquals(2, store.tryConsume("per-ip:203.0.113.7", limit, 1).remaining());
        assertEquals(1, store.tryConsumeFor(limit, "203.0.113.7", 1).remaining());
        assertEquals(1, store.peek("per-ip:203.0.113.7", limit, 1).remaining());
        assertEquals(1, store.peekFor(limit, "203.0.113.7", 1).remaining());

        // Names that only look alike are other buckets.
        assertEquals(2, store.tryConsume("203.0.113.7", limit, 1).remaining());
        assertEquals(2, store.tryConsume("per-ipx203.0.113.7", limit, 1).remaining());
        assertEquals(2, store.tryConsumeFor(limit, "per-ip:203.0.113.7", 1).remaining());
        assertEquals(3, store.peekFor(limit, "198.51.100.1", 1).remaining());
    }
}
