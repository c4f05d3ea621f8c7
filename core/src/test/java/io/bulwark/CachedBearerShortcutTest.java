package io.bulwark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import io.bulwark.event.SecurityEvent;
import io.bulwark.token.DevelopmentKeys;
import io.bulwark.token.InMemoryRevocationList;
import io.bulwark.token.KeySource;
import io.bulwark.token.MutableClock;
import io.bulwark.token.TokenIssuer;
import io.bulwark.token.TokenVerifier;
import io.bulwark.token.VerifiedToken;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A cached token is admitted without its characters being scanned again (see
 * {@code Bulwark.cachedBearer}): these tests make sure the shortcut admits only what the full path
 * would, however the credential is dressed up once its token is cached.
 */
class CachedBearerShortcutTest {

    private static final String ISSUER = "https://login.example.test";
    private static final String AUDIENCE = "orders-api";
    private static final JWK KEY = DevelopmentKeys.generate("ES256");

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-29T10:00:00Z"));
    private final List<SecurityEvent> events = new CopyOnWriteArrayList<>();
    private final InMemoryRevocationList revoked = new InMemoryRevocationList(100, clock);
    private TokenVerifier verifier;
    private Bulwark bulwark;
    private String token;

    @BeforeEach
    void cacheAToken() throws Exception {
        verifier = TokenVerifier.builder()
                .trust(ISSUER, KeySource.jwkSet(new JWKSet(KEY.toPublicJWK())))
                .audience(AUDIENCE).clock(clock).revocation(revoked).build();
        bulwark = Bulwark.builder().tokenVerifier(verifier).clock(clock)
                .eventExecutor(Runnable::run).listener(events::add).defaultEventLogger(false).build();
        token = TokenIssuer.builder(KEY).issuer(ISSUER).audience(AUDIENCE).clock(clock)
                .lifetime(Duration.ofMinutes(5)).build().issue("alice", Set.of("orders:read"), Set.of());
        assertInstanceOf(Decision.Allow.class, check(SecurityRequest.builder("GET", "/api/orders")
                .header("Authorization", "Bearer " + token)));
        events.clear();
    }

    private Decision check(SecurityRequest.Builder request) {
        return bulwark.check(request.remoteAddress("203.0.113.7").build(), EndpointPolicy.authenticated());
    }

    private int status(SecurityRequest.Builder request) {
        return check(request) instanceof Decision.Deny deny ? deny.status() : 200;
    }

    @Test
    void cachedVerificationIsTheVerifiedTokenOnlyOnceVerified() throws Exception {
        String other = TokenIssuer.builder(KEY).issuer(ISSUER).audience(AUDIENCE).clock(clock).build()
                .issue("bob", Set.of(), Set.of());
        assertNull(verifier.cachedVerification(other), "never verified: nothing cached");
        VerifiedToken verified = verifier.verify(other);
        assertSame(verified, verifier.cachedVerification(other));
        assertNull(verifier.cachedVerification(other + "x"), "another string is not the cached token");
        assertNull(verifier.cachedVerification(" " + other), "nor is the token with a space before it");
    }

    @Test
    void aCachedTokenInAnotherDressStillGetsTheFullPathsAnswer() {
        SecurityRequest.Builder two = SecurityRequest.builder("GET", "/api/orders")
                .header("Authorization", "Bearer " + token).header("Authorization", "Bearer " + token);
        assertEquals(400, status(two), "two Authorization headers");
        assertEquals(400, status(SecurityRequest.builder("GET", "/api/orders")
                .header("Authorization", "Bearer " + token + ", Basic YWxpY2U6cHc=")), "a second credential behind it");
        assertEquals(400, status(SecurityRequest.builder("GET", "/api/orders").queryParameter("access_token", token)
                .header("Authorization", "Bearer " + token)), "the token in the query as well");
        assertEquals(401, status(SecurityRequest.builder("GET", "/api/orders")
                .header("Authorization", "Bearer " + token + "x")), "one character more");
        assertEquals(401, status(SecurityRequest.builder("GET", "/api/orders")
                .header("Authorization", "Basic " + token)), "another scheme");
        // Forms the extractor accepts reach the same token through the full path.
        assertEquals(200, status(SecurityRequest.builder("GET", "/api/orders")
                .header("Authorization", "bearer " + token)));
        assertEquals(200, status(SecurityRequest.builder("GET", "/api/orders")
                .header("Authorization", "  Bearer   " + token + " ")));
    }

    @Test
    void aCachedTokenIsRefusedOnceItExpiresOrIsRevoked() throws Exception {
        SecurityRequest.Builder request = SecurityRequest.builder("GET", "/api/orders")
                .header("Authorization", "Bearer " + token);
        VerifiedToken verified = verifier.verify(token);
        revoked.revokeSubject("alice", clock.instant().plusSeconds(1), clock.instant().plus(Duration.ofHours(1)));

        assertNull(verifier.cachedVerification(token));
        assertEquals(401, status(request));
        assertEquals("revoked", events.get(0).reason());

        CachedBearerShortcutTest fresh = new CachedBearerShortcutTest();
        fresh.cacheAToken();
        fresh.clock.advance(Duration.ofMinutes(10));
        assertNull(fresh.verifier.cachedVerification(fresh.token));
        assertEquals(401, fresh.status(SecurityRequest.builder("GET", "/api/orders")
                .header("Authorization", "Bearer " + fresh.token)));
        assertEquals("expired", fresh.events.get(0).reason());
        assertEquals("alice", verified.subject());
    }

    @Test
    void eachRequestCountsOneLookupInTheCacheStatistics() {
        SecurityRequest.Builder request = SecurityRequest.builder("GET", "/api/orders")
                .header("Authorization", "Bearer " + token);
        long hits = verifier.statistics().cacheHits();
        long misses = verifier.statistics().cacheMisses();
        for (int i = 0; i < 5; i++) {
            assertInstanceOf(Decision.Allow.class, check(request));
        }
        assertEquals(hits + 5, verifier.statistics().cacheHits());
        assertEquals(misses, verifier.statistics().cacheMisses());

        String other = TokenIssuer.builder(KEY).issuer(ISSUER).audience(AUDIENCE).clock(clock).build()
                .issue("carol", Set.of(), Set.of());
        assertInstanceOf(Decision.Allow.class, check(SecurityRequest.builder("GET", "/api/orders")
                .header("Authorization", "Bearer " + other)));
        assertEquals(misses + 1, verifier.statistics().cacheMisses(), "a first request is one miss, not two");
    }
}
