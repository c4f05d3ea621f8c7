package io.bulwark.token;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyOperation;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Keys are checked when their set is loaded; what passes is selected by kid, type and alg, never tried blindly. */
class JwkSetScreenTest {

    private static final byte[] DOCUMENT = "signed document".getBytes(StandardCharsets.UTF_8);

    private static RejectionReason rejection(Executable verification) {
        return assertThrows(TokenRejectedException.class, verification).reason();
    }

    private static JwsVerifier verifier(JWK... keys) {
        return JwsVerifier.builder().keys(KeySource.jwkSet(new JWKSet(List.of(keys)))).build();
    }

    private static String sign(JWK key, JWSAlgorithm alg) {
        String header = "{\"alg\":\"" + alg + "\",\"kid\":\"" + key.getKeyID() + "\"}";
        return JwsVerifierTest.sign(new RSAKeyOrSame(key, alg).key, header, DOCUMENT);
    }

    /** Re-labels a key's alg so the test signer signs with another algorithm (as an attacker's library would). */
    private record RSAKeyOrSame(JWK key) {
        RSAKeyOrSame(JWK key, JWSAlgorithm alg) {
            this(relabel(key, alg));
        }

        private static JWK relabel(JWK key, JWSAlgorithm alg) {
            if (key instanceof RSAKey rsa) {
                return new RSAKey.Builder(rsa).algorithm(alg).build();
            } else if (key instanceof OctetSequenceKey oct) {
                return new OctetSequenceKey.Builder(oct).algorithm(alg).build();
            }
            return key;
        }
    }

    // --- A key's own alg binds it ---------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"RS256", "RS512", "PS256", "PS384"})
    void aKeyDeclaringPs512NeverVerifiesAnotherRsaAlgorithm(String other) {
        JWK ps512 = DevelopmentKeys.generate("PS512");
        String genuine = sign(ps512, JWSAlgorithm.parse(other));

        RejectionReason reason = rejection(() -> verifier(ps512).verify(genuine));

        assertTrue(reason == RejectionReason.ALGORITHM_NOT_ALLOWED || reason == RejectionReason.UNKNOWN_KEY, reason.code());
    }

    @Test
    void aKeyWithoutAlgServesEveryAlgorithmOfItsFamily() throws Exception {
        RSAKey noAlg = new RSAKey.Builder((RSAKey) DevelopmentKeys.generate("RS256")).algorithm(null).build();

        assertArrayEquals(DOCUMENT, verifier(noAlg).verify(sign(noAlg, JWSAlgorithm.PS384)));
        assertArrayEquals(DOCUMENT, verifier(noAlg).verify(sign(noAlg, JWSAlgorithm.RS512)));
    }

    @Test
    void readsRfc7520sEs521AsEs512() throws Exception {
        ECKey p521 = (ECKey) DevelopmentKeys.generate("ES512");
        ECKey labelled = new ECKey.Builder(p521).algorithm(new com.nimbusds.jose.Algorithm("ES521")).build();
        String header = "{\"alg\":\"ES512\",\"kid\":\"" + p521.getKeyID() + "\"}";

        assertArrayEquals(DOCUMENT, verifier(labelled).verify(JwsVerifierTest.sign(p521, header, DOCUMENT)));
    }

    @Test
    void refusesAKeyWhoseAlgDoesNotFitIt() {
        ECKey p256 = (ECKey) DevelopmentKeys.generate("ES256");

        assertEquals(JwkSetScreen.Refusal.ALGORITHM_DOES_NOT_FIT_KEY,
                JwkSetScreen.refusal(new ECKey.Builder(p256).algorithm(JWSAlgorithm.ES512).build(), true));
        assertEquals(JwkSetScreen.Refusal.ALGORITHM_DOES_NOT_FIT_KEY,
                JwkSetScreen.refusal(new ECKey.Builder(p256).algorithm(new com.nimbusds.jose.Algorithm("ES521")).build(), true));
        assertEquals(JwkSetScreen.Refusal.ALGORITHM_DOES_NOT_FIT_KEY, JwkSetScreen.refusal(
                new OctetSequenceKey.Builder(new byte[32]).algorithm(new com.nimbusds.jose.Algorithm("A256GCM")).build(), true));
    }

    // --- use and key_ops ------------------------------------------------------------------------

    @Test
    void refusesKeysMarkedForEncryptionByUseOrKeyOps() {
        RSAKey rsa = (RSAKey) DevelopmentKeys.generate("RS256");
        RSAKey encryption = new RSAKey.Builder(rsa).keyUse(KeyUse.ENCRYPTION).build();
        RSAKey encryptOnly = new RSAKey.Builder(rsa).keyUse(null).keyOperations(Set.of(KeyOperation.ENCRYPT)).build();
        RSAKey verifyOnly = new RSAKey.Builder(rsa).keyUse(null).keyOperations(Set.of(KeyOperation.VERIFY)).build();

        assertEquals(RejectionReason.UNKNOWN_KEY, rejection(() -> verifier(encryption).verify(sign(rsa, JWSAlgorithm.RS256))));
        assertEquals(RejectionReason.UNKNOWN_KEY, rejection(() -> verifier(encryptOnly).verify(sign(rsa, JWSAlgorithm.RS256))));
        assertEquals(JwkSetScreen.Refusal.NOT_FOR_SIGNATURES, JwkSetScreen.refusal(encryptOnly.toPublicJWK(), true));
        assertNull(JwkSetScreen.refusal(verifyOnly.toPublicJWK(), true));
    }

    // --- Weak keys --------------------------------------------------------------------------------

    @Test
    void refusesRsaUnder2048Bits() throws Exception {
        RSAKey weak = new RSAKeyGenerator(1024, true).keyID("weak").algorithm(JWSAlgorithm.RS256).generate();

        assertEquals(JwkSetScreen.Refusal.RSA_MODULUS_TOO_SHORT, JwkSetScreen.refusal(weak.toPublicJWK(), true));
        assertEquals(RejectionReason.UNKNOWN_KEY, rejection(() -> verifier(weak).verify(sign(weak, JWSAlgorithm.RS256))));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 65536})
    void refusesRsaPublicExponentsThatAreNoRsa(int exponent) {
        RSAKey rsa = (RSAKey) DevelopmentKeys.generate("RS256").toPublicJWK();
        RSAKey bad = new RSAKey.Builder(rsa.getModulus(), Base64URL.encode(BigInteger.valueOf(exponent))).keyID("e").build();

        assertEquals(JwkSetScreen.Refusal.RSA_EXPONENT_INVALID, JwkSetScreen.refusal(bad, true));
    }

    @Test
    void refusesRocaVulnerableModuli() {
        // Any number that is a power of 65537 is, modulo every small prime, in the subgroup 65537
        // generates: the fingerprint of Infineon's generator, whatever the number's other factors.
        BigInteger fingerprinted = BigInteger.valueOf(65537).pow(160);
        RSAKey roca = new RSAKey.Builder(Base64URL.encode(fingerprinted), Base64URL.encode(BigInteger.valueOf(65537)))
                .keyID("roca").build();

        assertTrue(fingerprinted.bitLength() >= 2048);
        assertEquals(JwkSetScreen.Refusal.RSA_ROCA_MODULUS, JwkSetScreen.refusal(roca, true));
    }

    @Test
    void ordinaryModuliHaveNoRocaFingerprint() {
        SecureRandom random = new SecureRandom();
        for (int i = 0; i < 200; i++) {
            assertFalse(RocaFingerprint.matches(new BigInteger(2048, random).setBit(2047).setBit(0)));
        }
        assertFalse(RocaFingerprint.matches(((RSAKey) DevelopmentKeys.generate("RS256")).getModulus().decodeToBigInteger()));
    }

    @Test
    void refusesEcPointsOffTheirCurve() {
        ECKey key = (ECKey) DevelopmentKeys.generate("ES256").toPublicJWK();
        String json = key.toJSONString();
        Base64URL y = key.getY();
        BigInteger moved = y.decodeToBigInteger().add(BigInteger.ONE);
        String offCurve = json.replace(y.toString(), Base64URL.encode(toFixed(moved, 32)).toString());

        assertTrue(JwkSetScreen.onCurve(key));
        assertThrows(IllegalArgumentException.class, () -> KeySource.jwkSet("{\"keys\":[" + offCurve + "]}"));
    }

    @Test
    void refusesHmacSecretsShorterThanTheirAlgorithmsOutput() {
        OctetSequenceKey hs384Short = new OctetSequenceKey.Builder(new byte[47]).keyID("short")
                .algorithm(JWSAlgorithm.HS384).build();
        OctetSequenceKey hs256Short = new OctetSequenceKey.Builder(new byte[31]).keyID("short256").build();
        OctetSequenceKey good = (OctetSequenceKey) DevelopmentKeys.generate("HS256");

        assertEquals(JwkSetScreen.Refusal.HMAC_SECRET_TOO_SHORT, JwkSetScreen.refusal(hs384Short, true));
        assertEquals(JwkSetScreen.Refusal.HMAC_SECRET_TOO_SHORT, JwkSetScreen.refusal(hs256Short, true));
        assertThrows(IllegalArgumentException.class, () -> KeySource.jwkSet(new JWKSet(hs384Short)));
        // The set's only HS384 key was refused, so HS384 is not even an algorithm of this set.
        assertEquals(RejectionReason.ALGORITHM_NOT_ALLOWED,
                rejection(() -> verifier(good, hs384Short).verify(CraftedTokens.b64("{\"alg\":\"HS384\",\"kid\":\"short\"}")
                        + "." + CraftedTokens.b64(DOCUMENT) + "." + CraftedTokens.b64(new byte[48]))));
    }

    @Test
    void neverLogsKeyMaterial() {
        // The log names the kid, the key type and a reason code; the refusal carries nothing else.
        for (JwkSetScreen.Refusal refusal : JwkSetScreen.Refusal.values()) {
            assertTrue(refusal.code.matches("[a-z_]+"), refusal.code);
        }
    }

    // --- Several keys, one kid ----------------------------------------------------------------------

    @Test
    void refusesTwoKeysOfOneTypeUnderOneKid() {
        OctetSequenceKey a = new OctetSequenceKey.Builder((OctetSequenceKey) DevelopmentKeys.generate("HS256")).keyID("k").build();
        OctetSequenceKey b = new OctetSequenceKey.Builder((OctetSequenceKey) DevelopmentKeys.generate("HS256")).keyID("k").build();
        OctetSequenceKey other = (OctetSequenceKey) DevelopmentKeys.generate("HS256");
        JwsVerifier verifier = verifier(a, b, other);

        assertEquals(RejectionReason.UNKNOWN_KEY, rejection(() -> verifier.verify(sign(a, JWSAlgorithm.HS256))));
        assertEquals(RejectionReason.UNKNOWN_KEY, rejection(() -> verifier.verify(sign(b, JWSAlgorithm.HS256))));
        assertEquals(2, JwkSetScreen.screen(List.of(a, b, other), true, "test").size() + 1);
    }

    @Test
    void tellsKeysUnderOneKidApartByTypeAndAlgorithm() throws Exception {
        JWK rsa = new RSAKey.Builder((RSAKey) DevelopmentKeys.generate("RS256")).keyID("k").build();
        JWK ec = new ECKey.Builder((ECKey) DevelopmentKeys.generate("ES256")).keyID("k").build();
        JWK rsaPs = new RSAKey.Builder((RSAKey) DevelopmentKeys.generate("PS256")).keyID("k").build();
        JwsVerifier verifier = verifier(rsa, ec, rsaPs);

        assertArrayEquals(DOCUMENT, verifier.verify(sign(rsa, JWSAlgorithm.RS256)));
        assertArrayEquals(DOCUMENT, verifier.verify(JwsVerifierTest.sign(ec, "{\"alg\":\"ES256\",\"kid\":\"k\"}", DOCUMENT)));
        assertArrayEquals(DOCUMENT, verifier.verify(sign(rsaPs, JWSAlgorithm.PS256)));
    }

    @Test
    void refusesASetMixingSecretsWithPublicKeys() {
        JWK secret = DevelopmentKeys.generate("HS256");
        JWK ec = DevelopmentKeys.generate("ES256").toPublicJWK();

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> KeySource.jwkSet(new JWKSet(List.of(secret, ec))));
        assertTrue(e.getMessage().contains("mixes"), e.getMessage());
    }

    @Test
    void aRemoteSetNeverKeepsSecrets() {
        JWK secret = DevelopmentKeys.generate("HS256");

        assertEquals(JwkSetScreen.Refusal.SECRET_IN_REMOTE_SET, JwkSetScreen.refusal(secret, false));
        assertTrue(JwkSetScreen.screen(List.of(secret), false, "test").isEmpty());
    }

    private static byte[] toFixed(BigInteger value, int length) {
        byte[] raw = value.toByteArray();
        byte[] out = new byte[length];
        int copy = Math.min(raw.length, length);
        System.arraycopy(raw, raw.length - copy, out, length - copy, copy);
        return out;
    }
}
