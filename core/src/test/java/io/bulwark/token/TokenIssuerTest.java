package io.bulwark.token;

import static io.bulwark.token.CraftedTokens.AUDIENCE;
import static io.bulwark.token.CraftedTokens.ISSUER;
import static io.bulwark.token.CraftedTokens.T0;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.OctetSequenceKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What {@link TokenIssuer} writes and which keys it refuses. */
class TokenIssuerTest {

    private static final JWK KEY = DevelopmentKeys.generate("ES256");

    private final MutableClock clock = new MutableClock(T0);

    private TokenIssuer.Builder issuer(JWK key) {
        return TokenIssuer.builder(key).issuer(ISSUER).audience(AUDIENCE).clock(clock);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ES256", "RS256", "PS256", "EdDSA", "HS256"})
    void writesAtJwtTypeTheKeysKidAndTheKeysAlgorithm(String algorithm) throws Exception {
        JWK key = DevelopmentKeys.generate(algorithm);
        TokenIssuer issuer = issuer(key).build();

        JWSHeader header = SignedJWT.parse(issuer.issue("alice", List.of(), List.of())).getHeader();

        assertAll(
                () -> assertEquals(new JOSEObjectType("at+jwt"), header.getType()),
                () -> assertEquals(key.getKeyID(), header.getKeyID()),
                () -> assertEquals(JWSAlgorithm.parse(algorithm), header.getAlgorithm()),
                () -> assertEquals(algorithm, issuer.algorithm()));
    }

    @Test
    void writesIssuerAudienceSubjectAndARandomTokenId() throws Exception {
        TokenIssuer issuer = issuer(KEY).build();

        JWTClaimsSet first = SignedJWT.parse(issuer.issue("alice", List.of(), List.of())).getJWTClaimsSet();
        JWTClaimsSet second = SignedJWT.parse(issuer.issue("alice", List.of(), List.of())).getJWTClaimsSet();

        assertAll(
                () -> assertEquals(ISSUER, first.getIssuer()),
                () -> assertEquals(List.of(AUDIENCE), first.getAudience()),
                () -> assertEquals("alice", first.getSubject()),
                () -> assertNotNull(UUID.fromString(first.getJWTID())),
                () -> assertNotEquals(first.getJWTID(), second.getJWTID()));
    }

    @Test
    void writesIssueTimeFromTheClockAndExpiryFiveMinutesLaterByDefault() throws Exception {
        TokenIssuer issuer = issuer(KEY).build();

        JWTClaimsSet claims = SignedJWT.parse(issuer.issue("alice", List.of(), List.of())).getJWTClaimsSet();

        assertEquals(Date.from(T0), claims.getIssueTime());
        assertEquals(Date.from(T0.plus(Duration.ofMinutes(5))), claims.getExpirationTime());
    }

    @Test
    void writesExpiryFromTheConfiguredLifetimes() throws Exception {
        TokenIssuer issuer = issuer(KEY).lifetime(Duration.ofMinutes(10)).build();
        clock.advance(Duration.ofSeconds(7));

        JWTClaimsSet byDefault = SignedJWT.parse(issuer.issue("alice", List.of(), List.of())).getJWTClaimsSet();
        JWTClaimsSet perToken = SignedJWT.parse(issuer.token("alice").lifetime(Duration.ofMinutes(1)).sign())
                .getJWTClaimsSet();

        assertEquals(Date.from(T0.plusSeconds(7)), byDefault.getIssueTime());
        assertEquals(Date.from(T0.plusSeconds(7).plus(Duration.ofMinutes(10))), byDefault.getExpirationTime());
        assertEquals(Date.from(T0.plusSeconds(7).plus(Duration.ofMinutes(1))), perToken.getExpirationTime());
    }

    @Test
    void writesScopesSpaceSeparatedAndRolesAsAnArrayOfTheRolesClaim() throws Exception {
        TokenIssuer issuer = issuer(KEY).rolesClaim("groups").build();

        JWTClaimsSet claims = SignedJWT.parse(issuer.issue("alice", List.of("orders:read", "orders:write"),
                List.of("admin", "auditor"))).getJWTClaimsSet();

        assertEquals("orders:read orders:write", claims.getStringClaim("scope"));
        assertEquals(List.of("admin", "auditor"), claims.getStringListClaim("groups"));
        assertEquals(null, claims.getClaim("roles"));
    }

    @Test
    void standardClaimsWinOverCustomClaimsOfTheSameName() throws Exception {
        TokenIssuer issuer = issuer(KEY).build();

        JWTClaimsSet claims = SignedJWT.parse(issuer.token("alice").claim("iss", "https://evil.example")
                .claim("sub", "admin").sign()).getJWTClaimsSet();

        assertEquals(ISSUER, claims.getIssuer());
        assertEquals("alice", claims.getSubject());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ES256", "RS256", "EdDSA"})
    void refusesAKeyWithoutItsPrivatePart(String algorithm) {
        JWK publicOnly = DevelopmentKeys.generate(algorithm).toPublicJWK();
        TokenIssuer.Builder builder = issuer(publicOnly);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, builder::build);

        assertTrue(e.getMessage().contains("private"), e.getMessage());
    }

    @Test
    void refusesAnRsaKeyUnder2048Bits() throws Exception {
        RSAKey weak = new RSAKeyGenerator(1024, true).keyID("weak").generate();
        TokenIssuer.Builder builder = issuer(weak);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, builder::build);

        assertTrue(e.getMessage().contains("2048"), e.getMessage());
    }

    @Test
    void refusesAnHmacSecretUnder256Bits() throws Exception {
        OctetSequenceKey weak = new OctetSequenceKeyGenerator(128).generate();

        assertThrows(IllegalArgumentException.class, issuer(weak)::build);
    }

    @Test
    void refusesAKeyWhoseDeclaredAlgorithmDoesNotFitIt() {
        ECKey p256WithEs384 = new ECKey.Builder((ECKey) KEY).algorithm(JWSAlgorithm.ES384).build();

        assertThrows(IllegalArgumentException.class, issuer(p256WithEs384)::build);
    }

    @Test
    void requiresAnIssuer() {
        TokenIssuer.Builder builder = TokenIssuer.builder(KEY);

        IllegalStateException e = assertThrows(IllegalStateException.class, builder::build);

        assertTrue(e.getMessage().contains("issuer(...)"), e.getMessage());
    }

    @Test
    void refusesScopeContainingASpace() {
        TokenIssuer.TokenBuilder token = issuer(KEY).build().token("alice");

        assertThrows(IllegalArgumentException.class, () -> token.scopes("orders:read orders:write"));
    }

    @Test
    void refusesBlankSubjectAndNonPositiveLifetime() {
        TokenIssuer issuer = issuer(KEY).build();

        assertThrows(IllegalArgumentException.class, () -> issuer.token(" "));
        assertThrows(IllegalArgumentException.class, () -> issuer.token("alice").lifetime(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> issuer(KEY).lifetime(Duration.ofSeconds(-1)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ES256", "RS256", "EdDSA", "HS256"})
    void toStringHidesTheKey(String algorithm) {
        JWK key = DevelopmentKeys.generate(algorithm);
        String secretPart;
        if (key instanceof ECKey ec) {
            secretPart = ec.getD().toString();
        } else if (key instanceof RSAKey rsa) {
            secretPart = rsa.getPrivateExponent().toString();
        } else if (key instanceof OctetKeyPair okp) {
            secretPart = okp.getD().toString();
        } else {
            secretPart = ((OctetSequenceKey) key).getKeyValue().toString();
        }

        String text = issuer(key).build().toString();

        assertTrue(text.contains(ISSUER), text);
        assertFalse(text.contains(secretPart), text);
        assertFalse(text.contains(secretPart.substring(0, 12)), text);
    }

    @Test
    void issuedTokensVerifyWithTheMatchingPublicKey() throws Exception {
        JWK ed = DevelopmentKeys.generate("EdDSA");
        assertEquals(Curve.Ed25519, ((OctetKeyPair) ed).getCurve());
        TokenVerifier verifier = TokenVerifier.builder().trust(ISSUER, CraftedTokens.publicJwks(ed))
                .audience(AUDIENCE).clock(clock).build();

        VerifiedToken token = verifier.verify(issuer(ed).build().issue("alice", List.of("a"), List.of("b")));

        assertEquals("alice", token.subject());
    }
}
