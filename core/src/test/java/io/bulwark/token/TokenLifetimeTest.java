package io.bulwark.token;

import static io.bulwark.token.CraftedTokens.AUDIENCE;
import static io.bulwark.token.CraftedTokens.ISSUER;
import static io.bulwark.token.CraftedTokens.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jwt.JWTClaimsSet;
import java.time.Duration;
import java.util.Date;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** The optional lifetime caps (exp − iat, and exp − now), and strict claims parsing in the JWT verifier. */
class TokenLifetimeTest {

    private static final JWK KEY = DevelopmentKeys.generate("ES256");

    private final MutableClock clock = new MutableClock(T0);

    private TokenVerifier.Builder verifier() {
        return TokenVerifier.builder().trust(ISSUER, CraftedTokens.publicJwks(KEY)).audience(AUDIENCE).clock(clock);
    }

    private static RejectionReason rejection(Executable verification) {
        return assertThrows(TokenRejectedException.class, verification).reason();
    }

    private static String living(Duration lifetime) {
        return CraftedTokens.sign(KEY, CraftedTokens.claims().issueTime(Date.from(T0))
                .expirationTime(Date.from(T0.plus(lifetime))).build());
    }

    @Test
    void acceptsTokensMintedToLiveForYearsWhenNoCapIsSet() throws Exception {
        assertEquals("alice", verifier().build().verify(living(Duration.ofDays(3650))).subject());
    }

    @Test
    void rejectsATokenMintedToLiveLongerThanTheMaximumLifetime() throws Exception {
        TokenVerifier verifier = verifier().maxTokenLifetime(Duration.ofHours(1)).build();

        assertEquals(RejectionReason.LIFETIME_TOO_LONG, rejection(() -> verifier.verify(living(Duration.ofHours(2)))));
        assertEquals("alice", verifier.verify(living(Duration.ofHours(1))).subject());
    }

    @Test
    void theMaximumLifetimeRequiresIssueTime() {
        TokenVerifier verifier = verifier().maxTokenLifetime(Duration.ofHours(1)).build();
        JWTClaimsSet noIat = CraftedTokens.claims().issueTime(null).build();

        assertEquals(RejectionReason.MISSING_CLAIM, rejection(() -> verifier.verify(CraftedTokens.sign(KEY, noIat))));
    }

    @Test
    void rejectsATokenValidTooFarIntoTheFutureWhateverItsIssueTimeSays() throws Exception {
        TokenVerifier verifier = verifier().maxFutureValidity(Duration.ofDays(1)).build();
        // Backdated iat, so exp - iat looks short; exp is still years away.
        String backdated = CraftedTokens.sign(KEY, CraftedTokens.claims()
                .issueTime(Date.from(T0.minusSeconds(30)))
                .expirationTime(Date.from(T0.plus(Duration.ofDays(3650)))).build());

        assertEquals(RejectionReason.LIFETIME_TOO_LONG, rejection(() -> verifier.verify(backdated)));
        assertEquals("alice", verifier.verify(living(Duration.ofHours(23))).subject());
    }

    @Test
    void buildersRefuseNonPositiveCaps() {
        assertThrows(IllegalArgumentException.class, () -> verifier().maxTokenLifetime(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> verifier().maxFutureValidity(Duration.ofSeconds(-1)));
    }

    @Test
    void rejectsClaimsWithADuplicateMemberNestedInside() {
        String token = CraftedTokens.signRaw(KEY, "{\"alg\":\"ES256\",\"kid\":\"" + KEY.getKeyID() + "\"}",
                CraftedTokens.b64("{\"iss\":\"" + ISSUER + "\",\"sub\":\"alice\",\"aud\":\"" + AUDIENCE + "\",\"exp\":"
                        + T0.plusSeconds(300).getEpochSecond() + ",\"realm\":{\"roles\":[\"user\"],\"roles\":[\"admin\"]}}"));

        assertEquals(RejectionReason.MALFORMED, rejection(() -> verifier().build().verify(token)));
    }

    @Test
    void rejectsClaimsNestedTooDeep() {
        String token = CraftedTokens.signRaw(KEY, "{\"alg\":\"ES256\",\"kid\":\"" + KEY.getKeyID() + "\"}",
                CraftedTokens.b64("{\"iss\":\"" + ISSUER + "\",\"sub\":\"alice\",\"aud\":\"" + AUDIENCE + "\",\"exp\":"
                        + T0.plusSeconds(300).getEpochSecond() + ",\"x\":" + "[".repeat(64) + "]".repeat(64) + "}"));

        assertEquals(RejectionReason.MALFORMED, rejection(() -> verifier().build().verify(token)));
    }
}
