package io.bulwark.token;

import static io.bulwark.token.CraftedTokens.AUDIENCE;
import static io.bulwark.token.CraftedTokens.ISSUER;
import static io.bulwark.token.CraftedTokens.LIFETIME;
import static io.bulwark.token.CraftedTokens.T0;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** What a verifier accepts, what the verified principal holds, and what its builder refuses. */
class TokenVerifierTest {

    private static final JWK ES256_KEY = DevelopmentKeys.generate("ES256");

    private final MutableClock clock = new MutableClock(T0);

    private TokenVerifier.Builder verifier(KeySource keys) {
        return TokenVerifier.builder().trust(ISSUER, keys).audience(AUDIENCE).clock(clock);
    }

    private TokenIssuer issuer(JWK key) {
        return TokenIssuer.builder(key).issuer(ISSUER).audience(AUDIENCE).clock(clock).build();
    }

    private static PublicKey publicKeyOf(JWK key) throws JOSEException {
        if (key instanceof RSAKey rsa) {
            return rsa.toRSAPublicKey();
        } else if (key instanceof ECKey ec) {
            return ec.toECPublicKey();
        }
        return Ed25519Keys.publicKey((OctetKeyPair) key);
    }

    // --- Accepted algorithms ---------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA",
            "Ed25519"})
    void acceptsTokenSignedWithKeyOfTrustedJwkSet(String algorithm) throws Exception {
        JWK key = DevelopmentKeys.generate(algorithm);
        TokenVerifier verifier = verifier(CraftedTokens.publicJwks(key)).build();

        VerifiedToken token = verifier.verify(issuer(key).issue("alice", List.of("orders:read"), List.of("admin")));

        assertAll(
                () -> assertEquals("alice", token.subject()),
                () -> assertEquals(ISSUER, token.issuer()),
                () -> assertEquals(List.of(AUDIENCE), token.audience()),
                () -> assertEquals(Set.of("orders:read"), token.scopes()),
                () -> assertEquals(Set.of("admin"), token.roles()),
                () -> assertEquals(Optional.of(T0.plus(LIFETIME)), token.expiresAt()));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"RS256", "PS256", "ES256", "ES384", "ES512", "EdDSA"})
    void acceptsTokenSignedWithTrustedSinglePublicKeyWhateverItsKid(String algorithm) throws Exception {
        JWK key = DevelopmentKeys.generate(algorithm);
        TokenVerifier verifier = verifier(KeySource.publicKey(publicKeyOf(key))).build();

        VerifiedToken token = verifier.verify(issuer(key).issue("alice", List.of(), List.of()));

        assertEquals("alice", token.subject());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"HS256", "HS384", "HS512"})
    void acceptsTokenSignedWithSharedHmacSecret(String algorithm) throws Exception {
        JWK key = DevelopmentKeys.generate(algorithm);
        TokenVerifier verifier = verifier(KeySource.hmacSecret(((OctetSequenceKey) key).toByteArray())).build();

        VerifiedToken token = verifier.verify(issuer(key).issue("alice", List.of("orders:read"), List.of("admin")));

        assertAll(
                () -> assertEquals("alice", token.subject()),
                () -> assertEquals(Set.of("orders:read"), token.scopes()),
                () -> assertEquals(Set.of("admin"), token.roles()));
    }

    // --- The verified principal ------------------------------------------------------------

    @Test
    void exposesEveryStandardClaimOfTheVerifiedToken() throws Exception {
        TokenVerifier verifier = verifier(CraftedTokens.publicJwks(ES256_KEY)).build();
        String compact = issuer(ES256_KEY).token("alice").scopes("orders:read", "orders:write").roles("admin")
                .claim("tenant", "acme").sign();

        VerifiedToken token = verifier.verify(compact);

        assertAll(
                () -> assertEquals("alice", token.subject()),
                () -> assertEquals("alice", token.getName()),
                () -> assertEquals(ISSUER, token.issuer()),
                () -> assertEquals(List.of(AUDIENCE), token.audience()),
                () -> assertEquals(Set.of("orders:read", "orders:write"), token.scopes()),
                () -> assertTrue(token.hasScope("orders:write")),
                () -> assertFalse(token.hasScope("orders")),
                () -> assertEquals(Set.of("admin"), token.roles()),
                () -> assertTrue(token.hasRole("admin")),
                () -> assertEquals(Optional.of(T0.plus(LIFETIME)), token.expiresAt()),
                () -> assertEquals(Optional.of(T0), token.issuedAt()),
                () -> assertEquals(Optional.empty(), token.notBefore()),
                () -> assertTrue(token.tokenId().isPresent()),
                () -> assertEquals(Optional.of("acme"), token.claim("tenant")),
                () -> assertEquals(Fingerprints.of(compact), token.fingerprint()));
    }

    @Test
    void readsScopesFromSpaceSeparatedScopeClaim() throws Exception {
        TokenVerifier verifier = verifier(CraftedTokens.publicJwks(ES256_KEY)).build();

        VerifiedToken token = verifier.verify(issuer(ES256_KEY).token("alice")
                .claim("scope", "orders:read  orders:write openid").sign());

        assertEquals(Set.of("orders:read", "orders:write", "openid"), token.scopes());
    }

    static Stream<Arguments> scpValues() {
        return Stream.of(
                Arguments.of(Named.of("scp as a space-separated string", "orders:read orders:write")),
                Arguments.of(Named.of("scp as an array", List.of("orders:read", "orders:write"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scpValues")
    void readsScopesFromScpClaim(Object scp) throws Exception {
        TokenVerifier verifier = verifier(CraftedTokens.publicJwks(ES256_KEY)).build();

        VerifiedToken token = verifier.verify(issuer(ES256_KEY).token("alice").claim("scp", scp).sign());

        assertEquals(Set.of("orders:read", "orders:write"), token.scopes());
    }

    @Test
    void hasNoScopesNorRolesWhenTheTokenCarriesNone() throws Exception {
        TokenVerifier verifier = verifier(CraftedTokens.publicJwks(ES256_KEY)).build();

        VerifiedToken token = verifier.verify(issuer(ES256_KEY).token("alice").sign());

        assertEquals(Set.of(), token.scopes());
        assertEquals(Set.of(), token.roles());
    }

    static Stream<Arguments> rolesClaims() {
        UnaryOperator<TokenVerifier.Builder> byDefault = b -> b;
        return Stream.of(
                Arguments.of(Named.of("default roles claim", byDefault), "roles",
                        List.of("admin", "auditor")),
                Arguments.of(Named.of("default roles claim holding one string", byDefault), "roles", "admin"),
                Arguments.of(Named.of("rolesClaim(realm_access.roles)",
                        (UnaryOperator<TokenVerifier.Builder>) b -> b.rolesClaim("realm_access.roles")),
                        "realm_access", Map.of("roles", List.of("admin", "auditor"))),
                Arguments.of(Named.of("rolesClaim(resource_access.my-client.roles)",
                        (UnaryOperator<TokenVerifier.Builder>) b -> b.rolesClaim("resource_access.my-client.roles")),
                        "resource_access", Map.of(
                                "my-client", Map.of("roles", List.of("admin", "auditor")),
                                "other-client", Map.of("roles", List.of("superuser")))),
                Arguments.of(Named.of("rolesClaim(groups)",
                        (UnaryOperator<TokenVerifier.Builder>) b -> b.rolesClaim("groups")),
                        "groups", List.of("admin", "auditor")),
                Arguments.of(Named.of("rolesClaimPath(https://example.com/roles)",
                        (UnaryOperator<TokenVerifier.Builder>) b -> b.rolesClaimPath("https://example.com/roles")),
                        "https://example.com/roles", List.of("admin", "auditor")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rolesClaims")
    void readsRolesFromTheConfiguredClaim(UnaryOperator<TokenVerifier.Builder> configure, String claim, Object value)
            throws Exception {
        TokenVerifier verifier = configure.apply(verifier(CraftedTokens.publicJwks(ES256_KEY))).build();

        VerifiedToken token = verifier.verify(issuer(ES256_KEY).token("alice").claim(claim, value).sign());

        Set<String> expected = value instanceof String single ? Set.of(single) : Set.of("admin", "auditor");
        assertEquals(expected, token.roles());
    }

    @Test
    void readsNoRolesFromAnotherClaimThanTheConfiguredOne() throws Exception {
        TokenVerifier verifier = verifier(CraftedTokens.publicJwks(ES256_KEY)).rolesClaim("realm_access.roles")
                .build();

        VerifiedToken token = verifier.verify(issuer(ES256_KEY).token("alice").roles("admin").sign());

        assertEquals(Set.of(), token.roles());
    }

    @Test
    void claimsAreDeeplyImmutable() throws Exception {
        TokenVerifier verifier = verifier(CraftedTokens.publicJwks(ES256_KEY)).build();
        Map<String, Object> nested = new HashMap<>();
        nested.put("roles", new ArrayList<>(List.of("admin")));
        VerifiedToken token = verifier.verify(issuer(ES256_KEY).token("alice").claim("realm_access", nested).sign());

        Map<String, Object> claims = token.claims();
        Map<?, ?> realmAccess = assertInstanceOf(Map.class, claims.get("realm_access"));
        List<?> roles = assertInstanceOf(List.class, realmAccess.get("roles"));
        @SuppressWarnings("unchecked")
        Map<String, Object> writableNested = (Map<String, Object>) realmAccess;
        @SuppressWarnings("unchecked")
        List<Object> writableList = (List<Object>) roles;

        assertAll(
                () -> assertThrows(UnsupportedOperationException.class, () -> claims.put("sub", "mallory")),
                () -> assertThrows(UnsupportedOperationException.class, () -> claims.remove("sub")),
                () -> assertThrows(UnsupportedOperationException.class,
                        () -> writableNested.put("roles", List.of("superuser"))),
                () -> assertThrows(UnsupportedOperationException.class, () -> writableList.add("superuser")),
                () -> assertThrows(UnsupportedOperationException.class, () -> writableList.set(0, "superuser")),
                () -> assertThrows(UnsupportedOperationException.class, () -> token.scopes().add("admin:all")),
                () -> assertThrows(UnsupportedOperationException.class, () -> token.roles().add("superuser")),
                () -> assertThrows(UnsupportedOperationException.class, () -> token.audience().add("other")));
        // The issuer's own mutable map did not leak into the verified token either.
        nested.put("roles", List.of("superuser"));
        assertEquals(List.of("admin"), realmAccess.get("roles"));
    }

    @Test
    void toStringShowsNeitherTheTokenNorClaimsBeyondSubjectAndIssuer() throws Exception {
        TokenVerifier verifier = verifier(CraftedTokens.publicJwks(ES256_KEY)).build();
        String compact = issuer(ES256_KEY).token("alice").scopes("orders:secret-scope").roles("secret-role")
                .claim("email", "alice@private.example").claim("tenant", "tenant-7731").sign();

        VerifiedToken token = verifier.verify(compact);
        String text = token.toString();

        assertTrue(text.contains("alice"), text);
        assertTrue(text.contains(ISSUER), text);
        List<String> forbidden = new ArrayList<>(CraftedTokens.parts(compact));
        forbidden.addAll(List.of(compact, token.tokenId().orElseThrow(), AUDIENCE, "orders:secret-scope",
                "secret-role", "alice@private.example", "tenant-7731",
                String.valueOf(T0.getEpochSecond()), String.valueOf(T0.plus(LIFETIME).getEpochSecond())));
        for (String value : forbidden) {
            assertFalse(text.contains(value), () -> "toString reveals " + value);
        }
    }

    @Test
    void rejectionMessageIsTheFixedDescriptionAndCarriesNoStackTrace() {
        TokenVerifier verifier = verifier(CraftedTokens.publicJwks(ES256_KEY)).build();
        String token = "eyJhbGciOiJFUzI1NiJ9.c2VjcmV0LXBheWxvYWQ.c2lnbmF0dXJl";

        TokenRejectedException e = assertThrows(TokenRejectedException.class, () -> verifier.verify(token));

        assertEquals(RejectionReason.MALFORMED, e.reason());
        assertEquals(RejectionReason.MALFORMED.description(), e.getMessage());
        assertEquals(0, e.getStackTrace().length);
    }

    @Test
    void acceptsTokenOfAnyIssuerWhenTrustingAnyIssuerExplicitly() throws Exception {
        TokenVerifier verifier = TokenVerifier.builder().trustAnyIssuer(CraftedTokens.publicJwks(ES256_KEY))
                .audience(AUDIENCE).clock(clock).build();

        VerifiedToken other = verifier.verify(CraftedTokens.sign(ES256_KEY,
                CraftedTokens.claims().issuer("https://elsewhere.example").build()));
        VerifiedToken none = verifier.verify(CraftedTokens.sign(ES256_KEY, CraftedTokens.claims().issuer(null).build()));

        assertEquals("https://elsewhere.example", other.issuer());
        assertEquals("", none.issuer());
    }

    @Test
    void verifierToStringNamesIssuersButNoKeyMaterial() {
        byte[] secret = ((OctetSequenceKey) DevelopmentKeys.generate("HS256")).toByteArray();
        TokenVerifier verifier = verifier(KeySource.hmacSecret(secret)).build();

        String text = verifier.toString();

        assertTrue(text.contains(ISSUER), text);
        assertFalse(text.contains(CraftedTokens.b64(secret)), text);
    }

    // --- Builder errors --------------------------------------------------------------------

    @Test
    void buildWithoutTrustedIssuerSaysWhatToCall() {
        TokenVerifier.Builder builder = TokenVerifier.builder().audience(AUDIENCE);

        IllegalStateException e = assertThrows(IllegalStateException.class, builder::build);

        assertTrue(e.getMessage().contains("trust(issuer, keySource)"), e.getMessage());
        assertTrue(e.getMessage().contains("trustAnyIssuer"), e.getMessage());
    }

    @Test
    void buildWithoutAudienceSaysWhatToCall() {
        TokenVerifier.Builder builder = TokenVerifier.builder().trust(ISSUER, CraftedTokens.publicJwks(ES256_KEY));

        IllegalStateException e = assertThrows(IllegalStateException.class, builder::build);

        assertTrue(e.getMessage().contains("audience(...)"), e.getMessage());
        assertTrue(e.getMessage().contains("acceptAnyAudience()"), e.getMessage());
    }

    @Test
    void refusesHmacSecretShorterThan256Bits() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> KeySource.hmacSecret(new byte[31]));

        assertTrue(e.getMessage().contains("256 bits"), e.getMessage());
    }

    @Test
    void buildFailsWhenTheAllowListExcludesEveryAlgorithmOfTheKeys() {
        TokenVerifier.Builder builder = verifier(CraftedTokens.publicJwks(ES256_KEY)).algorithms("RS256", "PS256");

        IllegalStateException e = assertThrows(IllegalStateException.class, builder::build);

        assertTrue(e.getMessage().contains(ISSUER), e.getMessage());
    }

    @Test
    void buildFailsWhenTheAllowListNamesHmacForAnRsaKey() {
        JWK rsa = DevelopmentKeys.generate("RS256");
        TokenVerifier.Builder builder = verifier(CraftedTokens.publicJwks(rsa)).algorithms("HS256");

        assertThrows(IllegalStateException.class, builder::build);
    }

    @Test
    void refusesTrustingTheSameIssuerTwice() {
        TokenVerifier.Builder builder = verifier(CraftedTokens.publicJwks(ES256_KEY));
        KeySource other = CraftedTokens.publicJwks(DevelopmentKeys.generate("ES256"));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> builder.trust(ISSUER, other));

        assertTrue(e.getMessage().contains(ISSUER), e.getMessage());
    }

    @Test
    void refusesTrustAnyIssuerCombinedWithNamedIssuers() {
        TokenVerifier.Builder builder = verifier(CraftedTokens.publicJwks(ES256_KEY))
                .trustAnyIssuer(CraftedTokens.publicJwks(ES256_KEY));

        assertThrows(IllegalStateException.class, builder::build);
    }

    @Test
    void refusesAcceptAnyAudienceCombinedWithNamedAudiences() {
        TokenVerifier.Builder builder = verifier(CraftedTokens.publicJwks(ES256_KEY)).acceptAnyAudience();

        assertThrows(IllegalStateException.class, builder::build);
    }

    @ParameterizedTest
    @ValueSource(strings = {"none", "None", "ES256K", "RSA-OAEP", "HS1"})
    void refusesUnsupportedAlgorithmsInTheAllowList(String algorithm) {
        TokenVerifier.Builder builder = TokenVerifier.builder();

        assertThrows(IllegalArgumentException.class, () -> builder.algorithms(algorithm));
    }

    @Test
    void refusesAnEmptyTypeListWhenTypIsRequired() {
        TokenVerifier.Builder builder = verifier(CraftedTokens.publicJwks(ES256_KEY)).types().allowMissingType(false);

        assertThrows(IllegalStateException.class, builder::build);
    }

    @Test
    void refusesOutOfRangeSettingsWithTheirName() {
        TokenVerifier.Builder builder = TokenVerifier.builder();

        assertAll(
                () -> assertTrue(assertThrows(IllegalArgumentException.class,
                        () -> builder.clockSkew(Duration.ofMinutes(6))).getMessage().contains("clockSkew")),
                () -> assertTrue(assertThrows(IllegalArgumentException.class,
                        () -> builder.clockSkew(Duration.ofSeconds(-1))).getMessage().contains("clockSkew")),
                () -> assertTrue(assertThrows(IllegalArgumentException.class,
                        () -> builder.maxTokenAge(Duration.ZERO)).getMessage().contains("maxTokenAge")),
                () -> assertTrue(assertThrows(IllegalArgumentException.class,
                        () -> builder.maxTokenLength(255)).getMessage().contains("maxTokenLength")),
                () -> assertTrue(assertThrows(IllegalArgumentException.class,
                        () -> builder.cacheSize(0)).getMessage().contains("disableCache()")),
                () -> assertThrows(IllegalArgumentException.class, () -> builder.rolesClaim("realm_access..roles")),
                () -> assertTrue(assertThrows(IllegalArgumentException.class,
                        () -> builder.rolesClaim("https://example.com/roles")).getMessage().contains("rolesClaimPath")),
                () -> assertThrows(IllegalArgumentException.class, () -> builder.rolesClaimPath()),
                () -> assertThrows(IllegalArgumentException.class, () -> builder.trust(" ", KeySource.hmacSecret(
                        new byte[32]))),
                () -> assertThrows(IllegalArgumentException.class, () -> builder.audience("")));
    }
}
