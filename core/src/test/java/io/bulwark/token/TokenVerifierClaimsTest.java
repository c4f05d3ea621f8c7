package io.bulwark.token;

import static io.bulwark.token.CraftedTokens.AUDIENCE;
import static io.bulwark.token.CraftedTokens.ISSUER;
import static io.bulwark.token.CraftedTokens.LIFETIME;
import static io.bulwark.token.CraftedTokens.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jwt.JWTClaimsSet;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The claim and header checks after the signature: time window, issuer, audience, type, custom checks. */
class TokenVerifierClaimsTest {

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

    private static String signed(JWTClaimsSet.Builder claims) {
        return CraftedTokens.sign(KEY, claims.build());
    }

    // --- Expiry, not-before, issue time, maximum age ------------------------------------------

    @Test
    void rejectsTokenExpiredBeyondClockSkew() {
        TokenVerifier verifier = verifier().build();
        String token = issuer().issue("alice", List.of(), List.of());

        clock.advance(LIFETIME.plus(SKEW));

        assertEquals(RejectionReason.EXPIRED, rejection(() -> verifier.verify(token)));
    }

    @Test
    void acceptsTokenExpiredWithinClockSkew() throws Exception {
        TokenVerifier verifier = verifier().build();
        String token = issuer().issue("alice", List.of(), List.of());

        clock.advance(LIFETIME.plus(SKEW).minusMillis(1));

        assertEquals("alice", verifier.verify(token).subject());
    }

    @Test
    void rejectsTokenAtItsExpiryWhenNoSkewIsAllowed() {
        TokenVerifier verifier = verifier().clockSkew(Duration.ZERO).build();
        String token = issuer().issue("alice", List.of(), List.of());

        clock.advance(LIFETIME); // RFC 7519 §4.1.4: not on or after exp

        assertEquals(RejectionReason.EXPIRED, rejection(() -> verifier.verify(token)));
    }

    @Test
    void rejectsTokenBeforeItsNotBeforeTimeBeyondSkew() {
        TokenVerifier verifier = verifier().build();
        String token = signed(CraftedTokens.claims().notBeforeTime(Date.from(T0.plus(Duration.ofMinutes(2)))));

        assertEquals(RejectionReason.NOT_YET_VALID, rejection(() -> verifier.verify(token)));
    }

    @Test
    void acceptsTokenBeforeItsNotBeforeTimeWithinSkew() throws Exception {
        TokenVerifier verifier = verifier().build();
        String token = signed(CraftedTokens.claims().notBeforeTime(Date.from(T0.plus(SKEW))));

        assertEquals(Optional.of(T0.plus(SKEW)), verifier.verify(token).notBefore());
    }

    @Test
    void rejectsTokenIssuedInTheFuture() {
        TokenVerifier verifier = verifier().build();
        String token = signed(CraftedTokens.claims()
                .issueTime(Date.from(T0.plus(Duration.ofMinutes(2))))
                .expirationTime(Date.from(T0.plus(Duration.ofMinutes(7)))));

        assertEquals(RejectionReason.NOT_YET_VALID, rejection(() -> verifier.verify(token)));
    }

    @Test
    void rejectsTokenOlderThanMaxTokenAge() {
        TokenVerifier verifier = verifier().maxTokenAge(Duration.ofMinutes(10)).build();
        String token = issuer().token("alice").lifetime(Duration.ofHours(1)).sign();

        clock.advance(Duration.ofMinutes(10).plus(SKEW));

        assertEquals(RejectionReason.EXPIRED, rejection(() -> verifier.verify(token)));
    }

    @Test
    void acceptsTokenYoungerThanMaxTokenAge() throws Exception {
        TokenVerifier verifier = verifier().maxTokenAge(Duration.ofMinutes(10)).build();
        String token = issuer().token("alice").lifetime(Duration.ofHours(1)).sign();

        clock.advance(Duration.ofMinutes(10));

        assertEquals("alice", verifier.verify(token).subject());
    }

    @Test
    void rejectsTokenWithoutIssueTimeWhenMaxTokenAgeIsSet() {
        TokenVerifier verifier = verifier().maxTokenAge(Duration.ofMinutes(10)).build();
        String token = signed(CraftedTokens.claims().issueTime(null));

        assertEquals(RejectionReason.MISSING_CLAIM, rejection(() -> verifier.verify(token)));
    }

    // --- Issuer and audience --------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"https://evil.example.test", "https://login.example.test/", "HTTPS://LOGIN.EXAMPLE.TEST",
            "https://login.example.test.evil.example", " https://login.example.test"})
    void rejectsTokenOfUntrustedIssuer(String iss) {
        TokenVerifier verifier = verifier().build();
        String token = signed(CraftedTokens.claims().issuer(iss));

        assertEquals(RejectionReason.ISSUER, rejection(() -> verifier.verify(token)));
    }

    @Test
    void rejectsTokenWithoutIssuer() {
        TokenVerifier verifier = verifier().build();
        String token = signed(CraftedTokens.claims().issuer(null));

        assertEquals(RejectionReason.ISSUER, rejection(() -> verifier.verify(token)));
    }

    @Test
    void rejectsTokenForAnotherAudience() {
        TokenVerifier verifier = verifier().build();
        String token = signed(CraftedTokens.claims().audience("billing-api"));

        assertEquals(RejectionReason.AUDIENCE, rejection(() -> verifier.verify(token)));
    }

    @Test
    void rejectsTokenWithoutAudience() {
        TokenVerifier verifier = verifier().build();
        String token = signed(CraftedTokens.claims().audience((String) null));

        assertEquals(RejectionReason.AUDIENCE, rejection(() -> verifier.verify(token)));
    }

    @Test
    void acceptsTokenNamingTheAudienceAmongOthers() throws Exception {
        TokenVerifier verifier = verifier().build();
        String token = signed(CraftedTokens.claims().audience(List.of("billing-api", AUDIENCE)));

        assertEquals(List.of("billing-api", AUDIENCE), verifier.verify(token).audience());
    }

    @Test
    void acceptsTokenWithoutAudienceWhenAnyAudienceIsAcceptedExplicitly() throws Exception {
        TokenVerifier verifier = TokenVerifier.builder().trust(ISSUER, CraftedTokens.publicJwks(KEY))
                .acceptAnyAudience().clock(clock).build();
        String token = signed(CraftedTokens.claims().audience((String) null));

        assertEquals(List.of(), verifier.verify(token).audience());
    }

    // --- Required claims and custom checks ----------------------------------------------------

    @Test
    void rejectsTokenWithoutExpiration() {
        TokenVerifier verifier = verifier().build();
        String token = signed(CraftedTokens.claims().expirationTime(null));

        assertEquals(RejectionReason.MISSING_CLAIM, rejection(() -> verifier.verify(token)));
    }

    @Test
    void acceptsTokenWithoutExpirationWhenExpirationIsNotRequired() throws Exception {
        TokenVerifier verifier = verifier().requireExpiration(false).build();
        String token = signed(CraftedTokens.claims().expirationTime(null));

        assertEquals(Optional.empty(), verifier.verify(token).expiresAt());
    }

    @Test
    void rejectsTokenWithoutSubject() {
        TokenVerifier verifier = verifier().build();
        String token = signed(CraftedTokens.claims().subject(null));

        assertEquals(RejectionReason.MISSING_CLAIM, rejection(() -> verifier.verify(token)));
    }

    @Test
    void rejectsTokenWithEmptySubject() {
        TokenVerifier verifier = verifier().build();
        String token = signed(CraftedTokens.claims().subject(""));

        assertEquals(RejectionReason.MISSING_CLAIM, rejection(() -> verifier.verify(token)));
    }

    @Test
    void rejectsTokenLackingARequiredClaim() {
        TokenVerifier verifier = verifier().requiredClaims("tenant").build();
        String token = issuer().issue("alice", List.of(), List.of());

        assertEquals(RejectionReason.MISSING_CLAIM, rejection(() -> verifier.verify(token)));
    }

    @Test
    void acceptsTokenCarryingTheRequiredClaim() throws Exception {
        TokenVerifier verifier = verifier().requiredClaims("tenant").build();
        String token = issuer().token("alice").claim("tenant", "acme").sign();

        assertEquals(Optional.of("acme"), verifier.verify(token).claim("tenant"));
    }

    @Test
    void rejectsTokenThatAClaimCheckRefuses() {
        TokenVerifier verifier = verifier().claimCheck(t -> "acme".equals(t.claims().get("tenant"))).build();
        String token = issuer().token("alice").claim("tenant", "globex").sign();

        assertEquals(RejectionReason.INVALID_CLAIM, rejection(() -> verifier.verify(token)));
    }

    @Test
    void rejectsTokenThatMakesAClaimCheckThrow() {
        TokenVerifier verifier = verifier().claimCheck(t -> {
            throw new IllegalStateException("tenant directory down");
        }).build();
        String token = issuer().issue("alice", List.of(), List.of());

        assertEquals(RejectionReason.INVALID_CLAIM, rejection(() -> verifier.verify(token)));
    }

    @Test
    void acceptsTokenThatEveryClaimCheckAccepts() throws Exception {
        TokenVerifier verifier = verifier()
                .claimCheck(t -> "acme".equals(t.claims().get("tenant")))
                .claimCheck(t -> t.hasScope("orders:read"))
                .build();
        String token = issuer().token("alice").claim("tenant", "acme").scopes("orders:read").sign();

        assertEquals("alice", verifier.verify(token).subject());
    }

    @Test
    void rejectsTokenWhenTheRevocationCheckThrows() {
        TokenVerifier verifier = verifier().revocation(t -> {
            throw new IllegalStateException("revocation store down");
        }).build();
        String token = issuer().issue("alice", List.of(), List.of());

        assertEquals(RejectionReason.REVOKED, rejection(() -> verifier.verify(token)));
    }

    // --- typ -------------------------------------------------------------------------------

    private static String typed(String typ) {
        JWSHeader.Builder header = CraftedTokens.header(KEY).type(typ == null ? null : new JOSEObjectType(typ));
        return CraftedTokens.sign(KEY, header.build(), CraftedTokens.claims().build());
    }

    @ParameterizedTest
    @ValueSource(strings = {"at+jwt", "application/at+jwt", "JWT", "jwt", "AT+JWT", "Application/AT+JWT"})
    void acceptsAccessTokenTypes(String typ) throws Exception {
        TokenVerifier verifier = verifier().build();

        assertEquals("alice", verifier.verify(typed(typ)).subject());
    }

    @ParameterizedTest
    @ValueSource(strings = {"JOSE+JSON", "JOSE", "secevent+jwt", "application/secevent+jwt", "logout+jwt", "dpop+jwt",
            "", "at+jwt "})
    void rejectsOtherTokenTypes(String typ) {
        TokenVerifier verifier = verifier().build();
        String token = typed(typ);

        assertEquals(RejectionReason.TYPE_NOT_ALLOWED, rejection(() -> verifier.verify(token)));
    }

    @Test
    void acceptsTokenWithoutTypeByDefault() throws Exception {
        TokenVerifier verifier = verifier().build();

        assertEquals("alice", verifier.verify(typed(null)).subject());
    }

    @Test
    void rejectsTokenWithoutTypeWhenTypeIsRequired() {
        TokenVerifier verifier = verifier().allowMissingType(false).build();
        String token = typed(null);

        assertEquals(RejectionReason.TYPE_NOT_ALLOWED, rejection(() -> verifier.verify(token)));
    }

    @Test
    void rejectsTypeOutsideACustomTypeList() throws Exception {
        TokenVerifier verifier = verifier().types("application/JWT").build();
        String token = typed("at+jwt");

        assertEquals(RejectionReason.TYPE_NOT_ALLOWED, rejection(() -> verifier.verify(token)));
        assertEquals("alice", verifier.verify(typed("JWT")).subject());
    }
}
