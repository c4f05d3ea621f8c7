package io.bulwark.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.nimbusds.jose.jwk.JWKSet;
import io.bulwark.Bulwark;
import io.bulwark.Decision;
import io.bulwark.EndpointPolicy;
import io.bulwark.SecurityRequest;
import io.bulwark.event.SecurityEvent;
import io.bulwark.token.DevelopmentKeys;
import io.bulwark.token.KeySource;
import io.bulwark.token.TokenVerifier;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The whole pipeline on a real redis-server that goes away mid-test and comes back: the failure
 * policy is honoured, nothing escapes, and limiting resumes without a restart.
 */
class BulwarkRedisOutageIT {

    private final List<SecurityEvent> events = new CopyOnWriteArrayList<>();
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

    private Bulwark bulwark(RateLimiter.FailurePolicy policy) throws Exception {
        redis = RedisServerProcess.startNew();
        store = RedisBucketStore.builder(redis.uri()).keyPrefix("outage-" + policy + ":").timeout(Duration.ofMillis(500))
                .build();
        return Bulwark.builder()
                .tokenVerifier(TokenVerifier.builder()
                        .trustAnyIssuer(KeySource.jwkSet(new JWKSet(DevelopmentKeys.generate("ES256").toPublicJWK())))
                        .acceptAnyAudience().build())
                .rateLimiter(RateLimiter.builder().store(store).failurePolicy(policy)
                        .globalLimit(RateLimit.of("per-ip", Quota.parse("3/PT1H"), RateLimitKey.clientAddress())).build())
                .eventExecutor(Runnable::run).listener(events::add)
                .defaultEventLogger(false)
                .build();
    }

    /** Lettuce reconnects in the background: wait (bounded) until the store answers again. */
    private void awaitReconnect() {
        RateLimit probe = RateLimit.of("probe", Quota.parse("1/PT1M"), RateLimitKey.clientAddress());
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (true) {
            try {
                store.peek("probe:reconnect", probe, 1);
                return;
            } catch (StoreUnavailableException e) {
                if (System.nanoTime() - deadline > 0) {
                    throw new AssertionError("the Redis store did not reconnect within 15 s", e);
                }
                java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
            }
        }
    }

    private static Decision ping(Bulwark bulwark) {
        return bulwark.check(SecurityRequest.builder("GET", "/api/ping").remoteAddress("203.0.113.50").build(),
                EndpointPolicy.permitAll());
    }

    @Test
    void failsOpenWhileRedisIsDownAndLimitsAgainWhenItIsBack() throws Exception {
        Bulwark bulwark = bulwark(RateLimiter.FailurePolicy.FAIL_OPEN);
        for (int i = 0; i < 3; i++) {
            assertInstanceOf(Decision.Allow.class, ping(bulwark));
        }
        assertEquals(429, assertInstanceOf(Decision.Deny.class, ping(bulwark)).status());

        redis.stop();
        for (int i = 0; i < 5; i++) {
            Decision.Allow open = assertInstanceOf(Decision.Allow.class, ping(bulwark), "fail open: unlimited while down");
            assertEquals(null, open.headers().get("RateLimit"), "no limit was decided, so none is advertised");
        }
        assertEquals(SecurityEvent.Kind.STORE_UNAVAILABLE,
                events.get(events.size() - 1).kind());

        redis.start();
        awaitReconnect();
        // A restarted redis-server (no persistence) starts empty: the budget is whole again, then spent.
        int allowed = 0;
        for (int i = 0; i < 10; i++) {
            allowed += ping(bulwark) instanceof Decision.Allow ? 1 : 0;
        }
        assertEquals(3, allowed, "limiting resumed without a restart");
    }

    @Test
    void failsClosedWhileRedisIsDownWhenConfiguredTo() throws Exception {
        Bulwark bulwark = bulwark(RateLimiter.FailurePolicy.FAIL_CLOSED);
        assertInstanceOf(Decision.Allow.class, ping(bulwark));

        redis.stop();
        Decision.Deny closed = assertInstanceOf(Decision.Deny.class, ping(bulwark));
        assertEquals(503, closed.status());
        assertEquals("fail_closed", events.get(events.size() - 1).reason());

        redis.start();
        awaitReconnect();
        int allowed = 0;
        for (int i = 0; i < 10; i++) {
            allowed += ping(bulwark) instanceof Decision.Allow ? 1 : 0;
        }
        assertEquals(3, allowed);
    }
}
