package io.bulwark.token;

import static io.bulwark.token.CraftedTokens.b64;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The JWS-level entry point: strict parsing before crypto, then the shared key selection and signature checks. */
class JwsVerifierTest {

    private static final JWK EC = DevelopmentKeys.generate("ES256");
    private static final JWK RSA = DevelopmentKeys.generate("RS256");
    private static final JWK HMAC = DevelopmentKeys.generate("HS256");
    private static final byte[] DOCUMENT = "{\"event\":\"payment.settled\",\"id\":42}\n".getBytes(StandardCharsets.UTF_8);

    private static JwsVerifier verifier(JWK... keys) {
        return JwsVerifier.builder().keys(CraftedTokens.publicJwks(keys)).build();
    }

    private static RejectionReason rejection(Executable verification) {
        return assertThrows(TokenRejectedException.class, verification).reason();
    }

    /** Signs the header text exactly as given (even text no parser accepts) with the key's algorithm. */
    static String sign(JWK key, String headerJson, byte[] payload) {
        String input = b64(headerJson) + "." + b64(payload);
        try {
            JWSHeader header = new JWSHeader(JWSAlgorithm.parse(key.getAlgorithm().getName()));
            return input + "." + CraftedTokens.signer(key).sign(header, input.getBytes(StandardCharsets.US_ASCII));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    static String header(JWK key) {
        return "{\"alg\":\"" + key.getAlgorithm() + "\",\"kid\":\"" + key.getKeyID() + "\"}";
    }

    // --- The entry point ----------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"ES256", "ES384", "ES512", "RS256", "PS384", "EdDSA"})
    void returnsThePayloadOfAJwsSignedByATrustedKey(String algorithm) throws Exception {
        JWK key = DevelopmentKeys.generate(algorithm);

        assertArrayEquals(DOCUMENT, verifier(key).verify(sign(key, header(key), DOCUMENT)));
    }

    @Test
    void returnsAnEmptyOrBinaryPayload() throws Exception {
        byte[] binary = {0, 1, 2, (byte) 0xff, (byte) 0xfe};
        JwsVerifier verifier = verifier(EC);

        assertArrayEquals(new byte[0], verifier.verify(sign(EC, header(EC), new byte[0])));
        assertArrayEquals(binary, verifier.verify(sign(EC, header(EC), binary)));
    }

    @Test
    void verifiesWithAnHmacSecret() throws Exception {
        JwsVerifier verifier = JwsVerifier.builder().keys(KeySource.jwkSet(new JWKSet(HMAC))).build();

        assertArrayEquals(DOCUMENT, verifier.verify(sign(HMAC, header(HMAC), DOCUMENT)));
    }

    @Test
    void rejectsAJwsSignedByAnotherKeyUnderATrustedKid() {
        JWK attacker = new ECKey.Builder((ECKey) DevelopmentKeys.generate("ES256")).keyID(EC.getKeyID()).build();

        assertEquals(RejectionReason.BAD_SIGNATURE,
                rejection(() -> verifier(EC).verify(sign(attacker, header(EC), DOCUMENT))));
    }

    @Test
    void rejectsAJwsUnderAnUnknownKid() {
        JWK other = DevelopmentKeys.generate("ES256");

        assertEquals(RejectionReason.UNKNOWN_KEY,
                rejection(() -> verifier(EC).verify(sign(other, header(other), DOCUMENT))));
    }

    @Test
    void rejectsAlgorithmsOffTheAllowList() {
        JwsVerifier esOnly = JwsVerifier.builder().keys(CraftedTokens.publicJwks(EC, RSA)).algorithms("ES256").build();

        assertEquals(RejectionReason.ALGORITHM_NOT_ALLOWED,
                rejection(() -> esOnly.verify(sign(RSA, header(RSA), DOCUMENT))));
    }

    @Test
    void rejectsAJwsLongerThanTheLimitBeforeParsing() {
        JwsVerifier verifier = JwsVerifier.builder().keys(CraftedTokens.publicJwks(EC)).maxLength(1024).build();

        assertEquals(RejectionReason.TOO_LARGE, rejection(() -> verifier.verify("x".repeat(1025))));
        assertEquals(RejectionReason.TOO_LARGE,
                rejection(() -> verifier.verify(sign(EC, header(EC), new byte[2048]))));
    }

    @Test
    void builderSaysWhatIsMissingOrWrong() {
        assertThrows(IllegalStateException.class, () -> JwsVerifier.builder().build());
        assertThrows(IllegalArgumentException.class, () -> JwsVerifier.builder().algorithms("none"));
        assertThrows(IllegalArgumentException.class, () -> JwsVerifier.builder().maxLength(10));
        assertThrows(IllegalStateException.class,
                () -> JwsVerifier.builder().keys(CraftedTokens.publicJwks(EC)).algorithms("RS256").build());
    }

    // --- Strict parsing, before any key is looked up ------------------------------------------

    static Stream<Arguments> malformed() {
        String valid = sign(EC, header(EC), DOCUMENT);
        List<String> p = CraftedTokens.parts(valid);
        String h = p.get(0);
        String pl = p.get(1);
        String s = p.get(2);
        String kid = EC.getKeyID();
        return Stream.of(
                Arguments.of(Named.of("JSON serialization", "{\"payload\":\"" + pl + "\",\"signatures\":[{\"protected\":\""
                        + h + "\",\"signature\":\"" + s + "\"}]}")),
                Arguments.of(Named.of("padding on the signature", valid + "=")),
                Arguments.of(Named.of("padding on the header", h + "=." + pl + "." + s)),
                Arguments.of(Named.of("space inside the payload", h + ". " + pl + "." + s)),
                Arguments.of(Named.of("newline inside the signature", h + "." + pl + "." + s.substring(0, 10) + "\n"
                        + s.substring(10))),
                Arguments.of(Named.of("standard base64 alphabet", h + "." + pl + "." + s.replace('-', '+').replace('_', '/')
                        + (s.contains("-") || s.contains("_") ? "" : "+"))),
                Arguments.of(Named.of("illegal character", h + "." + pl + "?." + s)),
                Arguments.of(Named.of("two parts", h + "." + pl)),
                Arguments.of(Named.of("four parts", valid + "." + s)),
                Arguments.of(Named.of("empty header", "." + pl + "." + s)),
                Arguments.of(Named.of("empty signature", h + "." + pl + ".")),
                Arguments.of(Named.of("header length 1 mod 4", h + "A." + pl + "." + s)),
                Arguments.of(Named.of("non-canonical trailing bits in the payload", h + "." + b64("Test").replace("dA", "dB")
                        + "." + s)),
                Arguments.of(Named.of("duplicate alg in the header", sign(EC,
                        "{\"alg\":\"ES256\",\"kid\":\"" + kid + "\",\"alg\":\"ES256\"}", DOCUMENT))),
                Arguments.of(Named.of("duplicate member after unescaping", sign(EC,
                        "{\"alg\":\"ES256\",\"kid\":\"" + kid + "\",\"\\u006bid\":\"x\"}", DOCUMENT))),
                Arguments.of(Named.of("duplicate member nested in the header", sign(EC,
                        "{\"alg\":\"ES256\",\"kid\":\"" + kid + "\",\"x\":{\"a\":1,\"a\":2}}", DOCUMENT))),
                Arguments.of(Named.of("header nested too deep", sign(EC, "{\"alg\":\"ES256\",\"kid\":\"" + kid + "\",\"x\":"
                        + "[".repeat(40) + "]".repeat(40) + "}", DOCUMENT))),
                Arguments.of(Named.of("header with single quotes", sign(EC, "{'alg':'ES256','kid':'" + kid + "'}",
                        DOCUMENT))),
                Arguments.of(Named.of("header with trailing garbage", sign(EC, header(EC) + "x", DOCUMENT))),
                Arguments.of(Named.of("header not UTF-8", b64(new byte[] {'{', (byte) 0xc3, '}'}) + "." + pl + "." + s)),
                Arguments.of(Named.of("crit header", sign(EC, "{\"alg\":\"ES256\",\"kid\":\"" + kid
                        + "\",\"crit\":[\"exp\"],\"exp\":1}", DOCUMENT))),
                Arguments.of(Named.of("unencoded payload", sign(EC, "{\"alg\":\"ES256\",\"kid\":\"" + kid
                        + "\",\"b64\":false,\"crit\":[\"b64\"]}", DOCUMENT))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void rejectsWhatIsNotAStrictCompactJws(String jws) {
        assertEquals(RejectionReason.MALFORMED, rejection(() -> verifier(EC).verify(jws)));
    }

    @Test
    void rejectsAlgNoneAndJweAsAlgorithmsNotAllowed() {
        String none = b64("{\"alg\":\"none\"}") + "." + b64(DOCUMENT) + ".";
        String jwe = b64("{\"alg\":\"RSA-OAEP\",\"enc\":\"A256GCM\"}") + ".AAAA.AAAA.AAAA.AAAA";

        assertEquals(RejectionReason.ALGORITHM_NOT_ALLOWED, rejection(() -> verifier(EC).verify(none)));
        assertEquals(RejectionReason.ALGORITHM_NOT_ALLOWED, rejection(() -> verifier(EC).verify(jwe)));
    }

    @Test
    void acceptsWhitespaceBetweenJsonTokensOfTheHeader() throws Exception {
        String spaced = "{ \"alg\" :\t\"ES256\",\n \"kid\": \"" + EC.getKeyID() + "\" }";

        assertArrayEquals(DOCUMENT, verifier(EC).verify(sign(EC, spaced, DOCUMENT)));
    }

    @Test
    void rejectsAMacOverANonCanonicalPayloadSpelling() {
        // "AB" decodes to the same byte as "AA": nimbus would verify the MAC over the text "AB".
        String token = CraftedTokens.signRaw(HMAC, header(HMAC), "AB");
        JwsVerifier verifier = JwsVerifier.builder().keys(KeySource.jwkSet(new JWKSet(HMAC))).build();

        assertEquals(RejectionReason.MALFORMED, rejection(() -> verifier.verify(token)));
    }

    // --- Signature shape, before the JCA -------------------------------------------------------

    private static final BigInteger P256_ORDER = new BigInteger(
            "FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", 16);

    static Stream<Arguments> badEcdsaShapes() {
        byte[] n = fixed(P256_ORDER);
        byte[] one = fixed(BigInteger.ONE);
        byte[] zero = new byte[32];
        return Stream.of(
                Arguments.of(Named.of("r = 0, s = 0", concat(zero, zero))),
                Arguments.of(Named.of("r = 0, s = 1", concat(zero, one))),
                Arguments.of(Named.of("r = n, s = 1", concat(n, one))),
                Arguments.of(Named.of("r = 1, s = n", concat(one, n))),
                Arguments.of(Named.of("r = 1, s = 2^256 - 1", concat(one, filled(32)))),
                Arguments.of(Named.of("65 bytes", new byte[65])),
                Arguments.of(Named.of("63 bytes", new byte[63])));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badEcdsaShapes")
    void rejectsEcdsaSignaturesOfTheWrongShape(byte[] signature) {
        String token = CraftedTokens.withSignature(sign(EC, header(EC), DOCUMENT), signature);

        assertEquals(RejectionReason.BAD_SIGNATURE, rejection(() -> verifier(EC).verify(token)));
    }

    @Test
    void rejectsAValidEcdsaSignatureWithBytesAppended() {
        String valid = sign(EC, header(EC), DOCUMENT);
        byte[] longer = Arrays.copyOf(CraftedTokens.signatureBytes(valid), 65);

        assertEquals(RejectionReason.BAD_SIGNATURE,
                rejection(() -> verifier(EC).verify(CraftedTokens.withSignature(valid, longer))));
    }

    @Test
    void rejectsAValidRsaSignatureWithAZeroPrependedOrAppended() {
        String valid = sign(RSA, header(RSA), DOCUMENT);
        byte[] signature = CraftedTokens.signatureBytes(valid);
        byte[] prepended = concat(new byte[1], signature);
        byte[] appended = Arrays.copyOf(signature, signature.length + 1);

        assertEquals(RejectionReason.BAD_SIGNATURE,
                rejection(() -> verifier(RSA).verify(CraftedTokens.withSignature(valid, prepended))));
        assertEquals(RejectionReason.BAD_SIGNATURE,
                rejection(() -> verifier(RSA).verify(CraftedTokens.withSignature(valid, appended))));
    }

    @Test
    void badShapesNeverReachTheCryptography() throws JOSEException {
        int[] calls = {0};
        com.nimbusds.jose.JWSVerifier counting = new com.nimbusds.jose.crypto.ECDSAVerifier((ECKey) EC.toPublicJWK()) {
            @Override
            public boolean verify(JWSHeader header, byte[] signingInput, com.nimbusds.jose.util.Base64URL signature)
                    throws JOSEException {
                calls[0]++;
                return super.verify(header, signingInput, signature);
            }
        };
        ShapeCheckedVerifier checked = new ShapeCheckedVerifier(counting, 0, P256_ORDER);
        JWSHeader header = new JWSHeader(JWSAlgorithm.ES256);

        checked.verify(header, new byte[1], com.nimbusds.jose.util.Base64URL.encode(concat(fixed(P256_ORDER),
                fixed(BigInteger.ONE))));
        checked.verify(header, new byte[1], com.nimbusds.jose.util.Base64URL.encode(new byte[72]));

        assertEquals(0, calls[0]);
    }

    @Test
    void nimbusAndBulwarkAgreeOnAWellFormedJws() throws Exception {
        JWSObject jws = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(EC.getKeyID()).build(),
                new Payload(DOCUMENT));
        jws.sign(CraftedTokens.signer(EC));

        assertArrayEquals(DOCUMENT, verifier(EC).verify(jws.serialize()));
    }

    private static byte[] fixed(BigInteger value) {
        byte[] raw = value.toByteArray();
        byte[] out = new byte[32];
        int copy = Math.min(raw.length, 32);
        System.arraycopy(raw, raw.length - copy, out, 32 - copy, copy);
        return out;
    }

    private static byte[] filled(int length) {
        byte[] out = new byte[length];
        Arrays.fill(out, (byte) 0xff);
        return out;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
