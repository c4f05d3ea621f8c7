package io.bulwark.token;

import static io.bulwark.token.CraftedTokens.AUDIENCE;
import static io.bulwark.token.CraftedTokens.ISSUER;
import static io.bulwark.token.CraftedTokens.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.jwk.JWK;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** Revocation by token id and by subject, its bound, and its purging of lapsed entries. */
class InMemoryRevocationListTest {

    private static final JWK KEY = DevelopmentKeys.generate("ES256");
    private static final Instant LATER = T0.plus(Duration.ofHours(1));

    private final MutableClock clock = new MutableClock(T0);

    private static VerifiedToken token(@Nullable String jti, String subject, @Nullable Instant issuedAt) {
        return new VerifiedToken(subject, ISSUER, List.of(AUDIENCE), Set.of(), Set.of(), LATER, null, issuedAt, jti,
                Map.of(), "fingerprint");
    }

    @Test
    void rejectsTokenRevokedByItsId() throws Exception {
        InMemoryRevocationList revoked = new InMemoryRevocationList(10, clock);
        TokenVerifier verifier = TokenVerifier.builder().trust(ISSUER, CraftedTokens.publicJwks(KEY))
                .audience(AUDIENCE).clock(clock).revocation(revoked).build();
        TokenIssuer issuer = TokenIssuer.builder(KEY).issuer(ISSUER).audience(AUDIENCE).clock(clock).build();
        String kept = issuer.issue("alice", List.of(), List.of());
        String dropped = CraftedTokens.sign(KEY, CraftedTokens.claims().jwtID("jti-to-revoke").build());

        revoked.revokeTokenId("jti-to-revoke", LATER);

        assertEquals(RejectionReason.REVOKED,
                assertThrows(TokenRejectedException.class, () -> verifier.verify(dropped)).reason());
        assertEquals("alice", verifier.verify(kept).subject());
    }

    @Test
    void rejectsSubjectsTokensIssuedBeforeTheRevocationInstant() throws Exception {
        InMemoryRevocationList revoked = new InMemoryRevocationList(10, clock);
        TokenVerifier verifier = TokenVerifier.builder().trust(ISSUER, CraftedTokens.publicJwks(KEY))
                .audience(AUDIENCE).clock(clock).revocation(revoked).build();
        TokenIssuer issuer = TokenIssuer.builder(KEY).issuer(ISSUER).audience(AUDIENCE).clock(clock).build();
        String before = issuer.issue("alice", List.of(), List.of());
        String otherSubject = issuer.issue("bob", List.of(), List.of());
        clock.advance(Duration.ofSeconds(10));

        revoked.revokeSubject("alice", clock.instant(), LATER);
        clock.advance(Duration.ofSeconds(1));
        String after = issuer.issue("alice", List.of(), List.of());

        assertEquals(RejectionReason.REVOKED,
                assertThrows(TokenRejectedException.class, () -> verifier.verify(before)).reason());
        assertEquals("alice", verifier.verify(after).subject());
        assertEquals("bob", verifier.verify(otherSubject).subject());
    }

    @Test
    void subjectRevocationCoversTokensWithoutIssueTime() {
        InMemoryRevocationList revoked = new InMemoryRevocationList(10, clock);

        revoked.revokeSubject("alice", T0, LATER);

        assertTrue(revoked.isRevoked(token(null, "alice", null)));
        assertTrue(revoked.isRevoked(token(null, "alice", T0.minusSeconds(1))));
        assertFalse(revoked.isRevoked(token(null, "alice", T0)));
    }

    @Test
    void refusesNewRevocationWhenFullOfLiveEntries() {
        InMemoryRevocationList revoked = new InMemoryRevocationList(2, clock);
        revoked.revokeTokenId("a", LATER);
        revoked.revokeSubject("alice", T0, LATER);

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> revoked.revokeTokenId("c", LATER));

        assertTrue(e.getMessage().contains("maxEntries"), e.getMessage());
        assertTrue(revoked.isRevoked(token("a", "bob", T0)));
        assertFalse(revoked.isRevoked(token("c", "bob", T0)));
    }

    @Test
    void purgesLapsedEntriesToMakeRoom() {
        InMemoryRevocationList revoked = new InMemoryRevocationList(2, clock);
        revoked.revokeTokenId("a", T0.plus(Duration.ofMinutes(1)));
        revoked.revokeSubject("alice", T0, T0.plus(Duration.ofMinutes(1)));
        clock.advance(Duration.ofMinutes(1));

        revoked.revokeTokenId("c", LATER);

        assertEquals(1, revoked.size());
        assertTrue(revoked.isRevoked(token("c", "bob", T0)));
        assertFalse(revoked.isRevoked(token("a", "bob", T0)));
    }

    @Test
    void keepsLiveEntriesWhilePurgingLapsedOnes() {
        InMemoryRevocationList revoked = new InMemoryRevocationList(2, clock);
        revoked.revokeTokenId("short", T0.plus(Duration.ofMinutes(1)));
        revoked.revokeTokenId("long", LATER);
        clock.advance(Duration.ofMinutes(2));

        revoked.revokeTokenId("new", LATER);

        assertEquals(2, revoked.size());
        assertTrue(revoked.isRevoked(token("long", "bob", T0)));
        assertTrue(revoked.isRevoked(token("new", "bob", T0)));
        assertThrows(IllegalStateException.class, () -> revoked.revokeTokenId("one-too-many", LATER));
    }

    @Test
    void refusesNonPositiveCapacity() {
        assertThrows(IllegalArgumentException.class, () -> new InMemoryRevocationList(0, clock));
    }

    @Test
    void toStringShowsCountsButNoTokenIds() {
        InMemoryRevocationList revoked = new InMemoryRevocationList(10, clock);
        revoked.revokeTokenId("secret-jti", LATER);

        assertFalse(revoked.toString().contains("secret-jti"), revoked.toString());
    }

    @Test
    void revokingAnAlreadyRevokedIdAgainSucceedsWhenTheListIsFull() {
        InMemoryRevocationList revoked = new InMemoryRevocationList(2, clock);
        revoked.revokeTokenId("a", LATER);
        revoked.revokeSubject("alice", T0, LATER);

        revoked.revokeTokenId("a", LATER.plusSeconds(60));
        revoked.revokeSubject("alice", T0.plusSeconds(1), LATER);

        assertEquals(2, revoked.size());
        assertThrows(IllegalStateException.class, () -> revoked.revokeTokenId("b", LATER));
    }
}
