package io.bulwark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.util.JSONObjectUtils;
import io.bulwark.health.ComponentHealth;
import io.bulwark.health.HealthStatus;
import io.bulwark.health.SecurityHealth;
import io.bulwark.ratelimit.BucketStore;
import io.bulwark.ratelimit.LocalBucketStore;
import io.bulwark.ratelimit.Quota;
import io.bulwark.ratelimit.RateLimit;
import io.bulwark.ratelimit.RateLimitKey;
import io.bulwark.ratelimit.RateLimitProbe;
import io.bulwark.ratelimit.RateLimiter;
import io.bulwark.token.DevelopmentKeys;
import io.bulwark.token.KeySource;
import io.bulwark.token.TokenVerifier;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link Bulwark#health()}: the issuers' keys and the rate-limit store, in one report. */
class BulwarkHealthTest {

    private static final String ISSUER = "https://login.example.test";
    private static final OctetSequenceKey SECRET = (OctetSequenceKey) DevelopmentKeys.generate("HS256");

    private static TokenVerifier verifier() {
        return TokenVerifier.builder().trust(ISSUER, KeySource.hmacSecret(SECRET.toByteArray())).audience("orders-api").build();
    }

    @Test
    void reportsTheKeysOfEachIssuerAndTheRateLimitStore() throws Exception {
        LocalBucketStore store = LocalBucketStore.builder().build();
        RateLimit perIp = RateLimit.of("per-ip", Quota.parse("10/PT1M"), RateLimitKey.clientAddress());
        store.tryConsume("per-ip:203.0.113.1", perIp, 1);
        store.tryConsume("per-ip:203.0.113.2", perIp, 1);
        Bulwark bulwark = Bulwark.builder().tokenVerifier(verifier())
                .rateLimiter(RateLimiter.builder().store(store).limit(perIp).build()).build();

        SecurityHealth health = bulwark.health();

        assertEquals(HealthStatus.UP, health.status());
        assertEquals(List.of(
                new ComponentHealth("keys:" + ISSUER, HealthStatus.UP, Map.of("source", "HMAC secret", "keysCached", "1")),
                new ComponentHealth("rate-limit-store", HealthStatus.UP, Map.of("store", "LocalBucketStore", "buckets", "2"))),
                health.components());
        assertEquals(Map.of("status", "UP", "components", Map.of(
                "keys:" + ISSUER, Map.of("status", "UP", "details", Map.of("source", "HMAC secret", "keysCached", "1")),
                "rate-limit-store", Map.of("status", "UP", "details", Map.of("store", "LocalBucketStore", "buckets", "2")))),
                JSONObjectUtils.parse(health.toJson()));
    }

    @Test
    void reportsOnlyTheKeysWithoutARateLimiter() {
        Bulwark bulwark = Bulwark.builder().tokenVerifier(verifier()).build();

        assertEquals(List.of("keys:" + ISSUER), bulwark.health().components().stream().map(ComponentHealth::name).toList());
    }

    @Test
    void reportsAStoreWhoseHealthCheckThrowsAsDown() {
        Bulwark bulwark = Bulwark.builder().tokenVerifier(verifier())
                .rateLimiter(RateLimiter.builder().store(new ThrowingStore()).build()).build();

        SecurityHealth health = bulwark.health();

        assertEquals(HealthStatus.DOWN, health.status());
        assertEquals(503, health.httpStatus());
        assertEquals(new ComponentHealth("rate-limit-store", HealthStatus.DOWN,
                Map.of("failure", "java.lang.IllegalStateException")), health.component("rate-limit-store").orElseThrow());
        assertFalse(health.toJson().contains("s3cret"), health.toJson());
    }

    @Test
    void neverShowsTheHmacSecret() {
        Bulwark bulwark = Bulwark.builder().tokenVerifier(verifier())
                .rateLimiter(RateLimiter.builder().build()).build();

        String shown = bulwark.health().toJson() + bulwark.health();

        byte[] secret = SECRET.toByteArray();
        for (String form : List.of(SECRET.getKeyValue().toString(), Base64.getEncoder().encodeToString(secret),
                HexFormat.of().formatHex(secret))) {
            assertFalse(shown.contains(form.substring(0, 12)), shown);
        }
    }

    /** An application's store whose health check fails with a message that must not be shown. */
    private static final class ThrowingStore implements BucketStore {
        @Override
        public RateLimitProbe tryConsume(String key, RateLimit limit, long cost) {
            return new RateLimitProbe(true, 1, 0, 0);
        }

        @Override
        public RateLimitProbe peek(String key, RateLimit limit, long cost) {
            return new RateLimitProbe(true, 1, 0, 0);
        }

        @Override
        public long size() {
            return 0;
        }

        @Override
        public ComponentHealth health() {
            throw new IllegalStateException("cannot reach redis://:s3cret@cache.internal");
        }
    }
}
