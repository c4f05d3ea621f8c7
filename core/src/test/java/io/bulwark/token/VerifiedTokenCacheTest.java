package io.bulwark.token;

import static io.bulwark.token.CraftedTokens.AUDIENCE;
import static io.bulwark.token.CraftedTokens.ISSUER;
import static io.bulwark.token.CraftedTokens.LIFETIME;
import static io.bulwark.token.CraftedTokens.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** The verified-token cache, seen through the verifier and on its own. */
class VerifiedTokenCacheTest {

    private static final JWK KEY = DevelopmentKeys.generate("ES256");
    private static final Duration SKEW = Duration.ofSeconds(60);

    private final MutableClock clock = new MutableClock(T0);

    private TokenVerifier.Builder verifier() {
        return TokenVerifier.builder().trust(ISSUER, CraftedTokens.publicJwks(KEY)).audience(AUDIENCE).clock(clock);
    }

    private TokenIssuer issuer() {
        return TokenIssuer.builder(KEY).issuer(ISSUER).audience(AUDIENCE).clock(clock).build();
    }

    private static RejectionReason rejection(Executable verification) {
        return assertThrows(TokenRejectedException.class, verification).reason();
    }

    @Test
    void secondVerificationOfTheSameTokenIsACacheHit() throws Exception {
        TokenVerifier verifier = verifier().build();
        String token = issuer().issue("alice", List.of("orders:read"), List.of());

        VerifiedToken first = verifier.verify(token);
        VerifiedToken second = verifier.verify(token);

        assertSame(first, second);
        assertEquals(1, verifier.cachedTokens());
    }

    @Test
    void cachedTokenPresentedAsAFreshStringStillHits() throws Exception {
        TokenVerifier verifier = verifier().build();
        String token = issuer().issue("alice", List.of(), List.of());
        VerifiedToken first = verifier.verify(token);
        String fresh = new String(token.toCharArray());
        assertNotSame(token, fresh);

        assertSame(first, verifier.verify(fresh));
    }

    @Test
    void cacheHitWithinClockSkewAfterExpiryIsStillAccepted() throws Exception {
        TokenVerifier verifier = verifier().build();
        String token = issuer().issue("alice", List.of(), List.of());
        VerifiedToken first = verifier.verify(token);

        clock.advance(LIFETIME.plus(SKEW).minusSeconds(1));

        assertSame(first, verifier.verify(token));
    }

    @Test
    void cachedTokenIsRejectedOnceTheClockPassesItsExpiry() throws Exception {
        TokenVerifier verifier = verifier().build();
        String token = issuer().issue("alice", List.of(), List.of());
        verifier.verify(token);

        clock.advance(LIFETIME.plus(SKEW));

        assertEquals(RejectionReason.EXPIRED, rejection(() -> verifier.verify(token)));
        assertEquals(0, verifier.cachedTokens());
    }

    @Test
    void cachedTokenIsRejectedOnceOlderThanMaxTokenAge() throws Exception {
        TokenVerifier verifier = verifier().maxTokenAge(Duration.ofMinutes(2)).build();
        String token = issuer().token("alice").lifetime(Duration.ofHours(1)).sign();
        verifier.verify(token);

        clock.advance(Duration.ofMinutes(2).plus(SKEW));

        assertEquals(RejectionReason.EXPIRED, rejection(() -> verifier.verify(token)));
    }

    @Test
    void revocationIsConsultedOnCacheHits() throws Exception {
        InMemoryRevocationList revoked = new InMemoryRevocationList(100, clock);
        TokenVerifier verifier = verifier().revocation(revoked).build();
        String token = issuer().issue("alice", List.of(), List.of());
        VerifiedToken first = verifier.verify(token);
        assertEquals(1, verifier.cachedTokens());

        revoked.revokeTokenId(first.tokenId().orElseThrow(), first.expiresAt().orElseThrow());

        assertEquals(RejectionReason.REVOKED, rejection(() -> verifier.verify(token)));
    }

    @Test
    void cacheStaysWithinItsSize() throws Exception {
        JWK secret = DevelopmentKeys.generate("HS256");
        TokenVerifier verifier = TokenVerifier.builder()
                .trust(ISSUER, KeySource.hmacSecret(((OctetSequenceKey) secret).toByteArray()))
                .audience(AUDIENCE).clock(clock).cacheSize(1000).build();
        TokenIssuer issuer = TokenIssuer.builder(secret).issuer(ISSUER).audience(AUDIENCE).clock(clock).build();

        for (int i = 0; i < 12_000; i++) {
            verifier.verify(issuer.issue("user-" + i, List.of(), List.of()));
        }

        long cached = verifier.cachedTokens();
        assertTrue(cached > 0 && cached <= 1000, "cached tokens: " + cached);
    }

    @Test
    void disabledCacheVerifiesEveryTimeAndHoldsNothing() throws Exception {
        TokenVerifier verifier = verifier().disableCache().build();
        String token = issuer().issue("alice", List.of(), List.of());

        VerifiedToken first = verifier.verify(token);
        VerifiedToken second = verifier.verify(token);

        assertNotSame(first, second);
        assertEquals(first, second);
        assertEquals(0, verifier.cachedTokens());
    }

    @Test
    void rejectedTokenIsNotCached() {
        TokenVerifier verifier = verifier().build();
        String token = CraftedTokens.sign(KEY, CraftedTokens.claims().audience("billing-api").build());

        assertEquals(RejectionReason.AUDIENCE, rejection(() -> verifier.verify(token)));
        assertEquals(RejectionReason.AUDIENCE, rejection(() -> verifier.verify(token)));
        assertEquals(0, verifier.cachedTokens());
    }

    @Test
    void tokenWithoutExpiryIsNotCached() throws Exception {
        TokenVerifier verifier = verifier().requireExpiration(false).build();
        String token = CraftedTokens.sign(KEY, CraftedTokens.claims().expirationTime(null).build());

        verifier.verify(token);

        assertEquals(0, verifier.cachedTokens());
    }

    @Test
    void cacheIsNotSharedBetweenVerifiers() throws Exception {
        TokenVerifier orders = verifier().build();
        TokenVerifier billing = TokenVerifier.builder().trust(ISSUER, CraftedTokens.publicJwks(KEY))
                .audience("billing-api").clock(clock).build();
        String token = issuer().issue("alice", List.of(), List.of());
        orders.verify(token);

        assertEquals(RejectionReason.AUDIENCE, rejection(() -> billing.verify(token)));
    }

    @Test
    void tokenDifferingOnlyBeforeTheTailOfACachedTokenIsVerifiedInFull() throws Exception {
        TokenVerifier verifier = verifier().build();
        String genuine = issuer().token("alice").roles("reader").sign();
        verifier.verify(genuine);
        List<String> parts = CraftedTokens.parts(genuine);
        String elevatedPayload = CraftedTokens.b64(CraftedTokens.decode(parts.get(1)).replace("\"reader\"",
                "\"admins\""));
        String forged = CraftedTokens.join(parts.get(0), elevatedPayload, parts.get(2));
        assertEquals(genuine.length(), forged.length());
        assertNotEquals(genuine, forged);

        assertEquals(RejectionReason.BAD_SIGNATURE, rejection(() -> verifier.verify(forged)));
    }

    @Test
    void comparesWholeTokensWhenTheirHashedTailsCollide() throws Exception {
        VerifiedTokenCache cache = new VerifiedTokenCache(10, clock);
        String genuine = issuer().issue("alice", List.of(), List.of());
        VerifiedToken verified = verifier().disableCache().build().verify(genuine);
        cache.put(genuine, new VerifiedTokenCache.Entry(verified, Long.MIN_VALUE, T0.plus(LIFETIME).toEpochMilli()));
        // Same length, same last 32 characters: the same hash, another token.
        String sameTail = "X" + genuine.substring(1);

        assertNotNull(cache.get(genuine));
        assertNull(cache.get(sameTail));
    }

    @Test
    void entryLapsesWhenItsTokenStopsBeingValid() throws Exception {
        VerifiedTokenCache cache = new VerifiedTokenCache(10, clock);
        String token = issuer().issue("alice", List.of(), List.of());
        VerifiedToken verified = verifier().disableCache().build().verify(token);
        cache.put(token, new VerifiedTokenCache.Entry(verified, Long.MIN_VALUE, T0.plusSeconds(30).toEpochMilli()));

        clock.advance(Duration.ofSeconds(29));
        assertNotNull(cache.get(token));
        clock.advance(Duration.ofSeconds(1));
        assertNull(cache.get(token));
        assertEquals(0, cache.estimatedSize(), "a lapsed entry asked for is dropped, not kept until evicted");
    }
}
