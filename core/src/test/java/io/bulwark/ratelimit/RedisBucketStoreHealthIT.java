package io.bulwark.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bulwark.health.ComponentHealth;
import io.bulwark.health.HealthStatus;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link RedisBucketStore#health()} on a real redis-server that stops and starts again: a PING
 * bounded by the store's timeout, never an exception.
 */
class RedisBucketStoreHealthIT {

    private RedisServerProcess redis;
    private RedisBucketStore store;

    @AfterEach
    void stop() {
        if (store != null) {
            store.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void isUpThenDownWhileRedisIsStoppedThenUpAgainOnceItIsBack() throws Exception {
        redis = RedisServerProcess.startNew();
        store = RedisBucketStore.builder(redis.uri()).keyPrefix("health:").timeout(Duration.ofMillis(500)).build();

        ComponentHealth up = store.health();
        assertEquals(HealthStatus.UP, up.status(), up.toString());
        assertEquals("rate-limit-store", up.name());
        assertEquals("RedisBucketStore", up.details().get("store"));
        assertEquals("500", up.details().get("timeoutMillis"));
        assertTrue(Long.parseLong(up.details().get("latencyMillis")) <= 500, up.toString());

        redis.stop();
        long before = System.nanoTime();
        ComponentHealth down = store.health();
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - before);

        assertEquals(HealthStatus.DOWN, down.status(), down.toString());
        assertTrue(tookMillis < 2_000, "bounded by the 500 ms timeout (and scheduling): " + tookMillis + " ms");
        assertTrue(down.details().get("failure").startsWith("Redis "), down.toString());
        assertFalse(down.details().containsKey("latencyMillis"));

        redis.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        ComponentHealth again = store.health();
        while (again.status() != HealthStatus.UP && System.nanoTime() - deadline < 0) {
            // Lettuce reconnects in the background, within two seconds of Redis returning.
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
            again = store.health();
        }
        assertEquals(HealthStatus.UP, again.status(), "back up once Lettuce has reconnected: " + again);
    }

    @Test
    void isDownOnceClosed() throws Exception {
        redis = RedisServerProcess.startNew();
        store = RedisBucketStore.builder(redis.uri()).keyPrefix("health:").build();

        store.close();
        ComponentHealth closed = store.health();

        assertEquals(HealthStatus.DOWN, closed.status());
        assertEquals("the Redis bucket store is closed", closed.details().get("failure"));
    }

    @Test
    void neverShowsThePasswordOrTheAddress() throws Exception {
        redis = RedisServerProcess.startNew("--requirepass", "s3cret-pa55");
        store = RedisBucketStore.builder("redis://:s3cret-pa55@127.0.0.1:" + redis.port()).keyPrefix("health:").build();

        String up = store.health().toString();
        redis.stop();
        String down = store.health().toString();

        assertTrue(up.contains("UP") && down.contains("DOWN"), up + " / " + down);
        for (String shown : new String[] {up, down}) {
            assertFalse(shown.contains("s3cret") || shown.contains("127.0.0.1") || shown.contains(Integer.toString(redis.port())),
                    shown);
        }
    }
}
