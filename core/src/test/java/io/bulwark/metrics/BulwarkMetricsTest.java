package io.bulwark.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.bulwark.Bulwark;
import io.bulwark.Decision;
import io.bulwark.EndpointPolicy;
import io.bulwark.SecurityRequest;
import io.bulwark.event.SecurityEvent;
import io.bulwark.ratelimit.LocalBucketStore;
import io.bulwark.ratelimit.Quota;
import io.bulwark.ratelimit.RateLimit;
import io.bulwark.ratelimit.RateLimitKey;
import io.bulwark.ratelimit.RateLimiter;
import io.bulwark.ratelimit.UnreachableStore;
import io.bulwark.token.DevelopmentKeys;
import io.bulwark.token.KeySource;
import io.bulwark.token.TokenIssuer;
import io.bulwark.token.TokenVerifier;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The Micrometer binder counts what happened, times what cost, and never tags a secret. */
class BulwarkMetricsTest {

    private static final String ISSUER = "https://login.example.test";
    private static final JWK KEY = DevelopmentKeys.generate("ES256");
    private final TokenIssuer issuer = TokenIssuer.builder(KEY).issuer(ISSUER).audience("orders-api").build();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private static Bulwark.Builder bulwark() {
        return Bulwark.builder().defaultEventLogger(false).eventExecutor(Runnable::run)
                .tokenVerifier(TokenVerifier.builder()
                        .trust(ISSUER, KeySource.jwkSet(new JWKSet(KEY.toPublicJWK()))).audience("orders-api").build());
    }

    private static SecurityRequest request(String token) {
        SecurityRequest.Builder b = SecurityRequest.builder("GET", "/api/orders").remoteAddress("203.0.113.7");
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return b.build();
    }

    private double events(String kind, String reason) {
        var counter = registry.find("bulwark.security.events").tag("kind", kind).tag("reason", reason).counter();
        return counter == null ? 0 : counter.count();
    }

    private static String forged() throws Exception {
        // Right issuer and audience, signed by a key the verifier does not trust under a kid it knows.
        ECKey attacker = (ECKey) DevelopmentKeys.generate("ES256");
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(KEY.getKeyID()).build(),
                new JWTClaimsSet.Builder().issuer(ISSUER).audience("orders-api").subject("mallory")
                        .expirationTime(Date.from(Instant.now().plusSeconds(300))).build());
        jwt.sign(new ECDSASigner(attacker));
        return jwt.serialize();
    }

    @Test
    void countsEventsByKindAndReason() throws Exception {
        Bulwark bulwark = bulwark().build();
        new BulwarkMetrics(bulwark).bindTo(registry);

        bulwark.check(request(null), EndpointPolicy.authenticated());
        bulwark.check(request(null), EndpointPolicy.authenticated());
        bulwark.check(request(forged()), EndpointPolicy.authenticated());
        bulwark.check(request(issuer.issue("alice", Set.of("orders:read"), Set.of())),
                EndpointPolicy.builder().requireScopes("orders:write").build());
        bulwark.check(request(null), EndpointPolicy.denyAll());

        assertEquals(2, events("authentication_failed", "missing_token"));
        assertEquals(1, events("authentication_failed", "bad_signature"));
        assertEquals(1, events("access_denied", "insufficient_scope"));
        assertEquals(1, events("access_denied", "deny_all"));
    }

    @Test
    void timesFullVerificationsAndCountsCacheHits() {
        Bulwark bulwark = bulwark().build();
        new BulwarkMetrics(bulwark).bindTo(registry);
        String token = issuer.issue("alice", Set.of(), Set.of());

        for (int i = 0; i < 5; i++) {
            assertTrue(bulwark.check(request(token), EndpointPolicy.authenticated()) instanceof Decision.Allow);
        }

        var timer = registry.find("bulwark.token.verification").functionTimer();
        assertEquals(1, timer.count(), "verified once, then answered from the cache");
        assertTrue(timer.totalTime(TimeUnit.NANOSECONDS) > 0);
        assertEquals(4, registry.find("bulwark.token.cache.requests").tag("result", "hit").functionCounter().count());
        assertEquals(1, registry.find("bulwark.token.cache.requests").tag("result", "miss").functionCounter().count());
        assertEquals(0.8, registry.find("bulwark.token.cache.hit.ratio").gauge().value(), 1e-9);
        assertEquals(1, registry.find("bulwark.token.cache.size").gauge().value());
    }

    @Test
    void countsRateLimitsByLimitAndShowsTheKeysTheLocalStoreHolds() {
        Bulwark bulwark = bulwark().rateLimiter(RateLimiter.builder().store(LocalBucketStore.builder().build())
                .globalLimit(RateLimit.of("per-client", Quota.parse("2/PT1M"), RateLimitKey.clientAddress()))
                .build()).build();
        new BulwarkMetrics(bulwark).bindTo(registry);

        for (int i = 0; i < 5; i++) {
            bulwark.check(request(null), EndpointPolicy.permitAll());
        }
        bulwark.check(SecurityRequest.builder("GET", "/").remoteAddress("198.51.100.1").build(), EndpointPolicy.permitAll());

        assertEquals(3, events("rate_limited", "per-client"));
        assertEquals(2, registry.find("bulwark.ratelimit.store.keys").gauge().value());
        assertEquals(0, registry.find("bulwark.ratelimit.store.failures").functionCounter().count());
    }

    @Test
    void countsStoreFailures() {
        Bulwark bulwark = bulwark().rateLimiter(RateLimiter.builder().store(new UnreachableStore())
                .globalLimit(RateLimit.of("per-client", Quota.parse("2/PT1M"), RateLimitKey.clientAddress()))
                .build()).build();
        new BulwarkMetrics(bulwark).bindTo(registry);

        for (int i = 0; i < 3; i++) {
            bulwark.check(request(null), EndpointPolicy.permitAll());
        }

        assertEquals(3, registry.find("bulwark.ratelimit.store.failures").functionCounter().count());
        assertEquals(3, events("store_unavailable", "fail_open"));
        assertNull(registry.find("bulwark.ratelimit.store.keys").gauge(), "only the local store has a key count");
    }

    @Test
    void countsEventsDroppedByASlowListener() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch holding = new CountDownLatch(1);
        Bulwark bulwark = Bulwark.builder().defaultEventLogger(false).eventQueueCapacity(1)
                .tokenVerifier(TokenVerifier.builder()
                        .trust(ISSUER, KeySource.jwkSet(new JWKSet(KEY.toPublicJWK()))).audience("orders-api").build())
                .listener(event -> {
                    holding.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                })
                .build();
        new BulwarkMetrics(bulwark).bindTo(registry);
        try {
            bulwark.check(request(null), EndpointPolicy.authenticated());
            assertTrue(holding.await(10, TimeUnit.SECONDS));
            for (int i = 0; i < 10; i++) {
                bulwark.check(request(null), EndpointPolicy.authenticated());
            }

            // One event in the stuck listener's hands, one in its mailbox, nine dropped; the counting
            // listener's own mailbox of one may drop some too, and those count as well.
            double dropped = registry.find("bulwark.security.events.dropped").functionCounter().count();
            assertTrue(dropped >= 9, "dropped " + dropped);
            assertEquals(bulwark.droppedEvents(), dropped);
        } finally {
            release.countDown();
        }
    }

    @Test
    void countsEveryEventOfAFloodExactly() {
        Bulwark bulwark = Bulwark.builder().defaultEventLogger(false).eventQueueCapacity(1)
                .tokenVerifier(TokenVerifier.builder()
                        .trust(ISSUER, KeySource.jwkSet(new JWKSet(KEY.toPublicJWK()))).audience("orders-api").build())
                .build();
        new BulwarkMetrics(bulwark).bindTo(registry);

        for (int i = 0; i < 20_000; i++) {
            bulwark.check(request(null), EndpointPolicy.authenticated());
        }

        assertEquals(20_000, events("authentication_failed", "missing_token"), "exact counts are the metrics' job");
    }

    @Test
    void addsCommonTagsToEveryMeter() {
        Bulwark bulwark = bulwark().build();
        new BulwarkMetrics(bulwark, Tags.of("api", "orders")).bindTo(registry);
        bulwark.check(request(null), EndpointPolicy.authenticated());

        for (Meter meter : registry.getMeters()) {
            assertEquals("orders", meter.getId().getTag("api"), meter.getId().getName());
        }
    }

    @Test
    void noMeterNameOrTagCarriesATokenSubjectOrAddress() throws Exception {
        Bulwark bulwark = bulwark().rateLimiter(RateLimiter.builder().store(LocalBucketStore.builder().build())
                .globalLimit(RateLimit.of("per-client", Quota.parse("3/PT1M"), RateLimitKey.clientAddress()))
                .build()).build();
        new BulwarkMetrics(bulwark).bindTo(registry);
        List<String> tokens = new ArrayList<>(List.of(forged(), issuer.issue("alice", Set.of(), Set.of()),
                "eyJhbGciOiJub25lIn0.eyJzdWIiOiJtYWxsb3J5In0.", "x".repeat(20_000)));
        for (String token : tokens) {
            bulwark.check(request(token), EndpointPolicy.authenticated());
        }

        List<String> seen = new ArrayList<>();
        for (Meter meter : registry.getMeters()) {
            seen.add(meter.getId().getName());
            for (Tag tag : meter.getId().getTags()) {
                seen.add(tag.getKey());
                seen.add(tag.getValue());
            }
        }
        assertTrue(seen.contains("authentication_failed"), "the attack was counted: " + seen);
        for (String text : seen) {
            for (String token : tokens) {
                assertFalse(token.contains(text) && text.length() > 12, "a tag holds part of a token: " + text);
                for (String part : token.split("\\.")) {
                    assertFalse(!part.isEmpty() && text.contains(part), "a tag holds a token part: " + text);
                }
            }
            assertFalse(text.contains("alice") || text.contains("mallory") || text.contains("203.0.113.7"), text);
        }
    }

    @Test
    void boundsTheNumberOfReasonSeries() {
        BulwarkMetrics.EventCounter counter = new BulwarkMetrics.EventCounter(registry, Tags.empty());

        for (int i = 0; i < 1_000; i++) {
            counter.onEvent(new SecurityEvent(SecurityEvent.Kind.RATE_LIMITED, "limit-" + i, "203.0.113.7",
                    Optional.empty(), "GET /", Optional.empty(), "0123456789abcdef", Instant.now()));
        }

        assertEquals(BulwarkMetrics.MAX_REASONS + 1, registry.find("bulwark.security.events").counters().size());
        assertEquals(900, events("rate_limited", "other"));
    }
}
