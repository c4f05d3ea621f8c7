package io.bulwark.token;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jose.util.Base64URL;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** EdDSA verifies alike on both engines: nimbus with Tink when present, the JDK otherwise. */
class Ed25519EnginesTest {

    private static final OctetKeyPair KEY = (OctetKeyPair) DevelopmentKeys.generate("EdDSA");
    private static final OctetKeyPair OTHER = (OctetKeyPair) DevelopmentKeys.generate("EdDSA");
    private static final TokenIssuer ISSUER = TokenIssuer.builder(KEY).issuer("https://issuer.test").build();

    @ParameterizedTest(name = "tink={0}")
    @ValueSource(booleans = {true, false})
    void acceptsGenuineAndRejectsForgedOrTamperedSignatures(boolean useTink) throws Exception {
        JWSVerifier verifier = JwkKeyResolver.ed25519Verifier(KEY.toPublicJWK(), useTink);
        JWSVerifier wrongKey = JwkKeyResolver.ed25519Verifier(OTHER.toPublicJWK(), useTink);
        SignedJWT jwt = SignedJWT.parse(ISSUER.issue("alice", Set.of(), Set.of()));
        byte[] signature = jwt.getSignature().decode();
        signature[10] ^= 1;

        assertTrue(jwt.verify(verifier));
        assertFalse(jwt.verify(wrongKey));
        assertFalse(verifier.verify(jwt.getHeader(), jwt.getSigningInput(), Base64URL.encode(signature)));
        assertFalse(verifier.verify(jwt.getHeader(), jwt.getSigningInput(), Base64URL.encode(new byte[64])));
    }

    @ParameterizedTest(name = "tink={0}")
    @ValueSource(booleans = {true, false})
    void rejectsSignaturesOfTheWrongLength(boolean useTink) throws Exception {
        JWSVerifier verifier = JwkKeyResolver.ed25519Verifier(KEY.toPublicJWK(), useTink);
        SignedJWT jwt = SignedJWT.parse(ISSUER.issue("alice", Set.of(), Set.of()));
        byte[] longer = java.util.Arrays.copyOf(jwt.getSignature().decode(), 65);

        assertFalse(verifier.verify(jwt.getHeader(), jwt.getSigningInput(), Base64URL.encode(longer)));
    }

    @org.junit.jupiter.api.Test
    void usesTinkWhenItIsOnTheClasspath() {
        assertTrue(JwkKeyResolver.TINK_PRESENT, "Tink is an optional dependency of core, so tests see it");
    }
}
