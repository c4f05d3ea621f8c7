package io.bulwark.token;

import static io.bulwark.token.CraftedTokens.AUDIENCE;
import static io.bulwark.token.CraftedTokens.ISSUER;
import static io.bulwark.token.CraftedTokens.T0;
import static io.bulwark.token.CraftedTokens.b64;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Forged, tampered, confused and oversized tokens: each must be refused for the right reason. */
class TokenVerifierAttackTest {

    private static final JWK VICTIM = DevelopmentKeys.generate("ES256");
    private static final RSAKey VICTIM_RSA = (RSAKey) DevelopmentKeys.generate("RS256");
    /** The attacker's own key pair, with a self-signed certificate for x5c/x5u (test resources). */
    private static final X509Certificate ATTACKER_CERT = attackerCertificate();
    private static final ECKey ATTACKER = attackerKey(ATTACKER_CERT);

    private final MutableClock clock = new MutableClock(T0);
    private final AtomicInteger attackerRequests = new AtomicInteger();
    private HttpServer attackerServer;
    private URI attackerBase;

    @BeforeEach
    void startAttackerServer() throws IOException {
        attackerServer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        byte[] jwks = new JWKSet(ATTACKER.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
        byte[] cert = pem(ATTACKER_CERT).getBytes(StandardCharsets.US_ASCII);
        attackerServer.createContext("/", exchange -> {
            attackerRequests.incrementAndGet();
            byte[] body = exchange.getRequestURI().getPath().endsWith(".pem") ? cert : jwks;
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        attackerServer.start();
        attackerBase = URI.create("http://" + InetAddress.getLoopbackAddress().getHostAddress() + ":"
                + attackerServer.getAddress().getPort());
    }

    @AfterEach
    void stopAttackerServer() {
        attackerServer.stop(0);
    }

    private TokenVerifier.Builder verifier(KeySource keys) {
        return TokenVerifier.builder().trust(ISSUER, keys).audience(AUDIENCE).clock(clock);
    }

    private TokenVerifier victimVerifier() {
        return verifier(CraftedTokens.publicJwks(VICTIM)).build();
    }

    private static RejectionReason rejection(Executable verification) {
        return assertThrows(TokenRejectedException.class, verification).reason();
    }

    private static String validClaimsJson() {
        return CraftedTokens.claims().build().toString();
    }

    // --- alg "none" and other unsigned tokens ----------------------------------------------------

    static Stream<Arguments> unsignedTokens() {
        String payload = b64(validClaimsJson());
        return Stream.of(
                Arguments.of(Named.of("alg none, empty signature", b64("{\"alg\":\"none\"}") + "." + payload + ".")),
                Arguments.of(Named.of("alg none with typ JWT",
                        b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + payload + ".")),
                Arguments.of(Named.of("alg None", b64("{\"alg\":\"None\"}") + "." + payload + ".")),
                Arguments.of(Named.of("alg NONE", b64("{\"alg\":\"NONE\"}") + "." + payload + ".")),
                Arguments.of(Named.of("alg nOnE", b64("{\"alg\":\"nOnE\"}") + "." + payload + ".")),
                Arguments.of(Named.of("alg none, no trailing dot", b64("{\"alg\":\"none\"}") + "." + payload)),
                Arguments.of(Named.of("alg none with a signature",
                        b64("{\"alg\":\"none\"}") + "." + payload + "." + b64(new byte[64]))),
                Arguments.of(Named.of("alg NONE with a signature",
                        b64("{\"alg\":\"NONE\"}") + "." + payload + "." + b64(new byte[64]))),
                Arguments.of(Named.of("alg none with the victim's kid",
                        b64("{\"alg\":\"none\",\"kid\":\"" + VICTIM.getKeyID() + "\"}") + "." + payload + ".")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unsignedTokens")
    void rejectsUnsignedToken(String token) {
        assertEquals(RejectionReason.ALGORITHM_NOT_ALLOWED, rejection(() -> victimVerifier().verify(token)));
    }

    // --- HMAC / RSA key confusion ------------------------------------------------------------

    static Stream<Arguments> rsaPublicKeyAsHmacSecret() throws JOSEException {
        RSAPublicKey key = VICTIM_RSA.toRSAPublicKey();
        String pem = "-----BEGIN PUBLIC KEY-----\n"
                + java.util.Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(key.getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
        return Stream.of(
                Arguments.of(Named.of("DER encoding", key.getEncoded())),
                Arguments.of(Named.of("PEM text", pem.getBytes(StandardCharsets.US_ASCII))),
                Arguments.of(Named.of("PEM text without final newline", pem.strip().getBytes(StandardCharsets.US_ASCII))),
                Arguments.of(Named.of("public JWK JSON",
                        VICTIM_RSA.toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8))),
                Arguments.of(Named.of("modulus bytes", VICTIM_RSA.getModulus().decode())));
    }

    private static String hmacSignedWith(byte[] secret) throws JOSEException {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(VICTIM_RSA.getKeyID()).build(),
                CraftedTokens.claims().claim("roles", List.of("admin")).build());
        jwt.sign(new MACSigner(secret));
        return jwt.serialize();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rsaPublicKeyAsHmacSecret")
    void rejectsHmacTokenKeyedWithTheTrustedRsaPublicKeyOfAJwkSet(byte[] secret) throws Exception {
        TokenVerifier verifier = verifier(CraftedTokens.publicJwks(VICTIM_RSA)).build();
        String token = hmacSignedWith(secret);

        assertEquals(RejectionReason.ALGORITHM_NOT_ALLOWED, rejection(() -> verifier.verify(token)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rsaPublicKeyAsHmacSecret")
    void rejectsHmacTokenKeyedWithTheTrustedSingleRsaPublicKey(byte[] secret) throws Exception {
        TokenVerifier verifier = verifier(KeySource.publicKey(VICTIM_RSA.toRSAPublicKey())).build();
        String token = hmacSignedWith(secret);

        assertEquals(RejectionReason.ALGORITHM_NOT_ALLOWED, rejection(() -> verifier.verify(token)));
    }

    @Test
    void rejectsHmacTokenKeyedWithTheRsaPublicKeyEvenWhenTheAllowListNamesHs256() throws Exception {
        TokenVerifier verifier = verifier(CraftedTokens.publicJwks(VICTIM_RSA)).algorithms("RS256", "HS256").build();
        String token = hmacSignedWith(VICTIM_RSA.toRSAPublicKey().getEncoded());

        assertEquals(RejectionReason.ALGORITHM_NOT_ALLOWED, rejection(() -> verifier.verify(token)));
    }

    // --- Tampered and forged signatures ---------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"ES256", "ES384", "ES512", "RS256", "PS256", "EdDSA", "HS256"})
    void rejectsTokenWithOneSignatureBitFlipped(String algorithm) {
        JWK key = DevelopmentKeys.generate(algorithm);
        KeySource keys = key instanceof OctetSequenceKey oct ? KeySource.hmacSecret(oct.toByteArray())
                : CraftedTokens.publicJwks(key);
        TokenVerifier verifier = verifier(keys).disableCache().build();
        String token = CraftedTokens.sign(key, CraftedTokens.claims().build());
        byte[] signature = CraftedTokens.signatureBytes(token);

        for (int index : new int[] {0, signature.length / 2, signature.length - 1}) {
            byte[] flipped = signature.clone();
            flipped[index] ^= 0x01;
            String tampered = CraftedTokens.withSignature(token, flipped);
            assertEquals(RejectionReason.BAD_SIGNATURE, rejection(() -> verifier.verify(tampered)),
                    "bit flipped in signature byte " + index);
        }
    }

    static Stream<Arguments> illegalEcdsaSignatures() {
        byte[] p256Order = hex("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551");
        byte[] rsEqualOrder = new byte[64];
        System.arraycopy(p256Order, 0, rsEqualOrder, 0, 32);
        System.arraycopy(p256Order, 0, rsEqualOrder, 32, 32);
        byte[] derZeros = {0x30, 0x06, 0x02, 0x01, 0x00, 0x02, 0x01, 0x00};
        return Stream.of(
                Arguments.of("ES256", Named.of("64 zero bytes (CVE-2022-21449)", new byte[64])),
                Arguments.of("ES256", Named.of("r = s = n", rsEqualOrder)),
                Arguments.of("ES256", Named.of("DER-encoded r = s = 0", derZeros)),
                Arguments.of("ES256", Named.of("a single zero byte", new byte[1])),
                Arguments.of("ES384", Named.of("96 zero bytes", new byte[96])),
                Arguments.of("ES512", Named.of("132 zero bytes", new byte[132])));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("illegalEcdsaSignatures")
    void rejectsIllegalEcdsaSignature(String algorithm, byte[] signature) {
        JWK key = DevelopmentKeys.generate(algorithm);
        TokenVerifier verifier = verifier(CraftedTokens.publicJwks(key)).build();
        String token = CraftedTokens.withSignature(CraftedTokens.sign(key, CraftedTokens.claims().build()), signature);

        assertEquals(RejectionReason.BAD_SIGNATURE, rejection(() -> verifier.verify(token)));
    }

    @Test
    void rejectsTokenWhosePayloadWasChangedUnderTheOriginalSignature() {
        TokenVerifier verifier = victimVerifier();
        List<String> parts = CraftedTokens.parts(CraftedTokens.sign(VICTIM, CraftedTokens.claims().build()));
        JWTClaimsSet elevated = CraftedTokens.claims().claim("roles", List.of("admin")).build();
        String token = CraftedTokens.join(parts.get(0), b64(elevated.toString()), parts.get(2));

        assertEquals(RejectionReason.BAD_SIGNATURE, rejection(() -> verifier.verify(token)));
    }

    @Test
    void rejectsTokenResignedByAnotherKeyWithTheTrustedKid() throws Exception {
        TokenVerifier verifier = victimVerifier();
        String original = CraftedTokens.sign(VICTIM, CraftedTokens.claims().claim("roles", List.of("reader")).build());
        JWTClaimsSet elevated = new JWTClaimsSet.Builder(SignedJWT.parse(original).getJWTClaimsSet())
                .claim("roles", List.of("admin")).build();
        JWK impostor = new ECKey.Builder(ATTACKER).keyID(VICTIM.getKeyID()).build();
        String token = CraftedTokens.sign(impostor, CraftedTokens.header(VICTIM).build(), elevated);

        assertEquals(RejectionReason.BAD_SIGNATURE, rejection(() -> verifier.verify(token)));
    }

    @Test
    void rejectsTokenSignedWithUnknownKey() {
        TokenVerifier verifier = victimVerifier();
        String token = CraftedTokens.sign(ATTACKER, CraftedTokens.claims().build());

        assertEquals(RejectionReason.UNKNOWN_KEY, rejection(() -> verifier.verify(token)));
    }

    @Test
    void rejectsTrustedKeysTokenWhoseKidWasChanged() {
        TokenVerifier verifier = victimVerifier();
        String token = CraftedTokens.sign(VICTIM, CraftedTokens.header(VICTIM).keyID("rotated-out").build(),
                CraftedTokens.claims().build());

        assertEquals(RejectionReason.UNKNOWN_KEY, rejection(() -> verifier.verify(token)));
    }

    @Test
    void neverVerifiesWithAnRsaKeyUnder2048BitsFromTheJwkSet() throws Exception {
        RSAKey weak = new RSAKeyGenerator(1024, true).keyID("weak").keyUse(KeyUse.SIGNATURE).generate();
        TokenVerifier verifier = verifier(CraftedTokens.publicJwks(weak)).build();
        String token = CraftedTokens.sign(weak, new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("weak").build(),
                CraftedTokens.claims().build());

        assertEquals(RejectionReason.UNKNOWN_KEY, rejection(() -> verifier.verify(token)));
    }

    // --- Keys named by the token itself: jku, x5u, jwk, x5c ------------------------------------------

    private static Stream<Arguments> embeddedKeyHeaders() {
        List<Arguments> cases = new ArrayList<>();
        List<Named<Function<URI, JWSHeader.Builder>>> headers = List.of(
                Named.of("jku", base -> header().jwkURL(base.resolve("/jwks.json"))),
                Named.of("x5u", base -> header().x509CertURL(base.resolve("/cert.pem"))),
                Named.of("jku and x5u", base -> header().jwkURL(base.resolve("/jwks.json"))
                        .x509CertURL(base.resolve("/cert.pem"))),
                Named.of("jwk", base -> header().jwk(ATTACKER.toPublicJWK())),
                Named.of("x5c", base -> header().x509CertChain(List.of(certificateBase64()))));
        for (Named<Function<URI, JWSHeader.Builder>> header : headers) {
            cases.add(Arguments.of(header, Named.of("attacker's kid", ATTACKER.getKeyID()),
                    RejectionReason.UNKNOWN_KEY));
            cases.add(Arguments.of(header, Named.of("trusted key's kid", VICTIM.getKeyID()),
                    RejectionReason.BAD_SIGNATURE));
            cases.add(Arguments.of(header, Named.of("no kid", null), RejectionReason.BAD_SIGNATURE));
        }
        return cases.stream();
    }

    private static JWSHeader.Builder header() {
        return new JWSHeader.Builder(JWSAlgorithm.ES256);
    }

    @ParameterizedTest(name = "{0} header, {1}")
    @MethodSource("embeddedKeyHeaders")
    void neverUsesOrFetchesAKeyTheTokenNames(Function<URI, JWSHeader.Builder> header, String kid,
            RejectionReason expected) {
        TokenVerifier verifier = victimVerifier();
        String token = CraftedTokens.sign(ATTACKER, header.apply(attackerBase).keyID(kid).build(),
                CraftedTokens.claims().claim("roles", List.of("admin")).build());

        assertEquals(expected, rejection(() -> verifier.verify(token)));
        assertEquals(0, attackerRequests.get(), "requests to the attacker's server");
    }

    @Test
    void neverFetchesJkuEvenWhenTheTrustedKeysAreRemote() throws IOException {
        AtomicInteger trustedRequests = new AtomicInteger();
        HttpServer trusted = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        byte[] jwks = new JWKSet(VICTIM.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
        trusted.createContext("/jwks.json", exchange -> {
            trustedRequests.incrementAndGet();
            exchange.sendResponseHeaders(200, jwks.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(jwks);
            }
        });
        trusted.start();
        try {
            URI trustedUri = URI.create("http://" + InetAddress.getLoopbackAddress().getHostAddress() + ":"
                    + trusted.getAddress().getPort() + "/jwks.json");
            TokenVerifier verifier = verifier(KeySource.remoteJwks(trustedUri)).build();
            String token = CraftedTokens.sign(ATTACKER, header().jwkURL(attackerBase.resolve("/jwks.json"))
                    .x509CertURL(attackerBase.resolve("/cert.pem")).keyID(ATTACKER.getKeyID()).build(),
                    CraftedTokens.claims().build());

            assertEquals(RejectionReason.UNKNOWN_KEY, rejection(() -> verifier.verify(token)));
            assertEquals(0, attackerRequests.get(), "requests to the attacker's server");
            assertTrue(trustedRequests.get() >= 1, "the trusted JWK set was fetched");
        } finally {
            trusted.stop(0);
        }
    }

    // --- Other spellings of a genuine token -------------------------------------------------

    private static final String BASE64URL_ALPHABET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    static Stream<Arguments> respellings() {
        return Stream.of(
                Arguments.of(Named.of("trailing space", (Function<String, String>) t -> t + " ")),
                Arguments.of(Named.of("trailing newline", (Function<String, String>) t -> t + "\n")),
                Arguments.of(Named.of("base64 padding", (Function<String, String>) t -> t + "==")),
                Arguments.of(Named.of("trailing junk", (Function<String, String>) t -> t + "!~*")),
                Arguments.of(Named.of("space inside the signature",
                        (Function<String, String>) t -> t.substring(0, t.length() - 10) + " " + t.substring(
                                t.length() - 10))),
                Arguments.of(Named.of("space inside the header",
                        (Function<String, String>) t -> t.substring(0, 5) + " " + t.substring(5))),
                Arguments.of(Named.of("unused bits of the last character set", (Function<String, String>) t -> {
                    // 64 signature bytes fill 86 characters: the low 4 bits of the last one are unused.
                    int last = BASE64URL_ALPHABET.indexOf(t.charAt(t.length() - 1));
                    return t.substring(0, t.length() - 1) + BASE64URL_ALPHABET.charAt(last ^ 0x01);
                })));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("respellings")
    void rejectsAnotherSpellingOfAVerifiedTokenAndCachesOnlyTheGenuineOne(Function<String, String> respell)
            throws Exception {
        TokenVerifier verifier = victimVerifier();
        String token = CraftedTokens.sign(VICTIM, CraftedTokens.claims().build());
        verifier.verify(token);
        String respelled = respell.apply(token);

        assertEquals(RejectionReason.MALFORMED, rejection(() -> verifier.verify(respelled)));
        assertEquals(1, verifier.cachedTokens());
    }

    // --- Headers Bulwark does not understand -------------------------------------------------

    @Test
    void rejectsTokenWithUnknownCriticalHeader() {
        TokenVerifier verifier = victimVerifier();
        String token = CraftedTokens.sign(VICTIM, CraftedTokens.header(VICTIM)
                .criticalParams(Set.of("urn:example:must-understand"))
                .customParam("urn:example:must-understand", true).build(), CraftedTokens.claims().build());

        assertEquals(RejectionReason.MALFORMED, rejection(() -> verifier.verify(token)));
    }

    @ParameterizedTest
    @ValueSource(strings = {",\"b64\":false,\"crit\":[\"b64\"]", ",\"b64\":false"})
    void rejectsTokenWithUnencodedPayload(String b64Members) {
        TokenVerifier verifier = victimVerifier();
        String header = "{\"alg\":\"ES256\",\"kid\":\"" + VICTIM.getKeyID() + "\"" + b64Members + "}";
        String token = CraftedTokens.signRaw(VICTIM, header, b64(validClaimsJson()));

        assertEquals(RejectionReason.MALFORMED, rejection(() -> verifier.verify(token)));
    }

    // --- Size -------------------------------------------------------------------------------

    @Test
    void rejectsA100KilobyteToken() {
        TokenVerifier verifier = victimVerifier();
        String token = CraftedTokens.sign(VICTIM, CraftedTokens.claims().claim("padding", "x".repeat(100 * 1024))
                .build());

        assertEquals(RejectionReason.TOO_LARGE, rejection(() -> verifier.verify(token)));
        assertEquals(RejectionReason.TOO_LARGE, rejection(() -> verifier.verify(".".repeat(100 * 1024))));
    }

    @Test
    void rejectsTokenOneCharacterOverTheMaximumLength() throws Exception {
        String token = CraftedTokens.sign(VICTIM, CraftedTokens.claims().build());
        TokenVerifier exact = verifier(CraftedTokens.publicJwks(VICTIM)).maxTokenLength(token.length()).build();
        TokenVerifier tooSmall = verifier(CraftedTokens.publicJwks(VICTIM)).maxTokenLength(token.length() - 1).build();

        assertEquals("alice", exact.verify(token).subject());
        assertEquals(RejectionReason.TOO_LARGE, rejection(() -> tooSmall.verify(token)));
    }

    // --- Garbage ------------------------------------------------------------------------------

    static Stream<Arguments> malformedTokens() {
        String valid = CraftedTokens.sign(VICTIM, CraftedTokens.claims().build());
        List<String> p = CraftedTokens.parts(valid);
        String header = p.get(0);
        String sig = p.get(2);
        return Stream.of(
                Arguments.of(Named.of("empty", "")),
                Arguments.of(Named.of("one word", "garbage")),
                Arguments.of(Named.of("dots only", "..")),
                Arguments.of(Named.of("four dots", "....")),
                Arguments.of(Named.of("three random parts", "abc.def.ghi")),
                Arguments.of(Named.of("two parts of a real token", p.get(0) + "." + p.get(1))),
                Arguments.of(Named.of("real token without signature", p.get(0) + "." + p.get(1) + ".")),
                Arguments.of(Named.of("four parts", valid + "." + sig)),
                Arguments.of(Named.of("with Bearer prefix", "Bearer " + valid)),
                Arguments.of(Named.of("with a space inside", p.get(0) + ". " + p.get(1) + "." + sig)),
                Arguments.of(Named.of("JWS JSON serialization", "{\"payload\":\"" + p.get(1) + "\",\"protected\":\""
                        + header + "\",\"signature\":\"" + sig + "\"}")),
                Arguments.of(Named.of("header not JSON", b64("not json") + "." + p.get(1) + "." + sig)),
                Arguments.of(Named.of("header a JSON array", b64("[\"ES256\"]") + "." + p.get(1) + "." + sig)),
                Arguments.of(Named.of("header without alg", b64("{\"typ\":\"JWT\"}") + "." + p.get(1) + "." + sig)),
                Arguments.of(Named.of("header with alg twice",
                        b64("{\"alg\":\"ES256\",\"alg\":\"none\"}") + "." + p.get(1) + "." + sig)),
                Arguments.of(Named.of("payload not JSON", header + "." + b64("not json") + "." + sig)),
                Arguments.of(Named.of("payload a JSON array", header + "." + b64("[1,2,3]") + "." + sig)),
                Arguments.of(Named.of("payload with exp as text",
                        header + "." + b64("{\"iss\":\"" + ISSUER + "\",\"sub\":\"alice\",\"exp\":\"tomorrow\"}")
                                + "." + sig)),
                Arguments.of(Named.of("payload with sub twice", CraftedTokens.signRaw(VICTIM,
                        "{\"alg\":\"ES256\",\"kid\":\"" + VICTIM.getKeyID() + "\"}",
                        b64("{\"iss\":\"" + ISSUER + "\",\"sub\":\"alice\",\"aud\":\"" + AUDIENCE
                                + "\",\"exp\":" + T0.plusSeconds(300).getEpochSecond()
                                + ",\"sub\":\"admin\"}")))),
                Arguments.of(Named.of("NUL bytes", "\0\0\0.\0\0\0.\0\0\0")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedTokens")
    void rejectsMalformedToken(String token) {
        assertEquals(RejectionReason.MALFORMED, rejection(() -> victimVerifier().verify(token)));
    }

    static Stream<Arguments> encryptedTokens() {
        String rest = ".ZW5jcnlwdGVkLWtleQ.aXY.Y2lwaGVydGV4dA.dGFn";
        return Stream.of(
                Arguments.of(Named.of("RSA-OAEP-256 / A256GCM",
                        b64("{\"alg\":\"RSA-OAEP-256\",\"enc\":\"A256GCM\"}") + rest)),
                Arguments.of(Named.of("dir / A128CBC-HS256", b64("{\"alg\":\"dir\",\"enc\":\"A128CBC-HS256\"}") + rest)),
                Arguments.of(Named.of("ES256 claimed with enc",
                        b64("{\"alg\":\"ES256\",\"enc\":\"A256GCM\"}") + rest)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("encryptedTokens")
    void rejectsEncryptedFivePartToken(String token) {
        assertEquals(RejectionReason.ALGORITHM_NOT_ALLOWED, rejection(() -> victimVerifier().verify(token)));
    }

    @Test
    void rejectsDeeplyNestedClaimsWithoutAnError() {
        TokenVerifier verifier = verifier(CraftedTokens.publicJwks(VICTIM)).maxTokenLength(1024 * 1024).build();
        int depth = 100_000;
        String payload = "{\"iss\":\"" + ISSUER + "\",\"sub\":\"alice\",\"deep\":" + "[".repeat(depth)
                + "]".repeat(depth) + "}";
        String token = CraftedTokens.join(CraftedTokens.parts(CraftedTokens.sign(VICTIM,
                CraftedTokens.claims().build())).get(0), b64(payload), b64(new byte[64]));

        assertEquals(RejectionReason.MALFORMED, rejection(() -> verifier.verify(token)));
    }

    // --- Algorithms -------------------------------------------------------------------------

    @Test
    void rejectsAlgorithmOutsideTheAllowList() throws Exception {
        TokenVerifier verifier = verifier(CraftedTokens.publicJwks(VICTIM, VICTIM_RSA)).algorithms("ES256").build();
        String rsaToken = CraftedTokens.sign(VICTIM_RSA, CraftedTokens.claims().build());
        String ecToken = CraftedTokens.sign(VICTIM, CraftedTokens.claims().build());

        assertEquals(RejectionReason.ALGORITHM_NOT_ALLOWED, rejection(() -> verifier.verify(rsaToken)));
        assertEquals("alice", verifier.verify(ecToken).subject());
    }

    @Test
    void rejectsAlgorithmTheTrustedKeyDoesNotDeclare() {
        TokenVerifier verifier = verifier(CraftedTokens.publicJwks(VICTIM_RSA)).build();
        // The key says alg RS256; the same key under PS256 is another algorithm.
        String token = CraftedTokens.sign(VICTIM_RSA, CraftedTokens.header(VICTIM_RSA).build(), CraftedTokens.claims()
                .build()).replaceFirst("^[^.]+", b64("{\"alg\":\"PS256\",\"kid\":\"" + VICTIM_RSA.getKeyID() + "\"}"));

        assertEquals(RejectionReason.ALGORITHM_NOT_ALLOWED, rejection(() -> verifier.verify(token)));
    }

    @Test
    void rejectsEcdsaAlgorithmOfAnotherCurve() {
        TokenVerifier verifier = victimVerifier();
        String token = CraftedTokens.sign(VICTIM, CraftedTokens.claims().build())
                .replaceFirst("^[^.]+", b64("{\"alg\":\"ES384\",\"kid\":\"" + VICTIM.getKeyID() + "\"}"));

        assertEquals(RejectionReason.ALGORITHM_NOT_ALLOWED, rejection(() -> verifier.verify(token)));
    }

    // --- Several issuers ----------------------------------------------------------------------

    private static final String ISSUER_A = "https://a.example.test";
    private static final String ISSUER_B = "https://b.example.test";

    @Test
    void acceptsEachIssuersTokensSignedWithItsOwnKeys() throws Exception {
        JWK keyA = DevelopmentKeys.generate("ES256");
        JWK keyB = DevelopmentKeys.generate("ES256");
        TokenVerifier verifier = TokenVerifier.builder().trust(ISSUER_A, CraftedTokens.publicJwks(keyA))
                .trust(ISSUER_B, CraftedTokens.publicJwks(keyB)).audience(AUDIENCE).clock(clock).build();

        VerifiedToken a = verifier.verify(CraftedTokens.sign(keyA, CraftedTokens.claims().issuer(ISSUER_A).build()));
        VerifiedToken b = verifier.verify(CraftedTokens.sign(keyB, CraftedTokens.claims().issuer(ISSUER_B).build()));

        assertEquals(ISSUER_A, a.issuer());
        assertEquals(ISSUER_B, b.issuer());
    }

    static Stream<Arguments> kidsOnIssuerBsForgery() {
        return Stream.of(
                Arguments.of(Named.of("issuer A's kid", "kid-a"), RejectionReason.BAD_SIGNATURE),
                Arguments.of(Named.of("issuer B's kid", "kid-b"), RejectionReason.UNKNOWN_KEY),
                Arguments.of(Named.of("the kid both issuers use", "shared"), RejectionReason.BAD_SIGNATURE),
                Arguments.of(Named.of("no kid", null), RejectionReason.BAD_SIGNATURE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kidsOnIssuerBsForgery")
    void rejectsTokenClaimingIssuerASignedWithIssuerBsKey(String kid, RejectionReason expected) {
        JWK keyA = new ECKey.Builder((ECKey) DevelopmentKeys.generate("ES256")).keyID("kid-a").build();
        JWK sharedA = new ECKey.Builder((ECKey) DevelopmentKeys.generate("ES256")).keyID("shared").build();
        JWK keyB = new ECKey.Builder((ECKey) DevelopmentKeys.generate("ES256")).keyID("kid-b").build();
        JWK sharedB = new ECKey.Builder((ECKey) DevelopmentKeys.generate("ES256")).keyID("shared").build();
        TokenVerifier verifier = TokenVerifier.builder().trust(ISSUER_A, CraftedTokens.publicJwks(keyA, sharedA))
                .trust(ISSUER_B, CraftedTokens.publicJwks(keyB, sharedB)).audience(AUDIENCE).clock(clock).build();
        JWK signingKey = "shared".equals(kid) ? sharedB : keyB;
        String token = CraftedTokens.sign(signingKey, header().keyID(kid).build(),
                CraftedTokens.claims().issuer(ISSUER_A).build());

        assertEquals(expected, rejection(() -> verifier.verify(token)));
    }

    @Test
    void rejectsTokenClaimingRsaIssuerMintedWithAnotherIssuersHmacSecret() throws Exception {
        byte[] secretB = ((OctetSequenceKey) DevelopmentKeys.generate("HS256")).toByteArray();
        TokenVerifier verifier = TokenVerifier.builder().trust(ISSUER_A, CraftedTokens.publicJwks(VICTIM_RSA))
                .trust(ISSUER_B, KeySource.hmacSecret(secretB)).audience(AUDIENCE).clock(clock).build();
        JWTClaimsSet claimsA = CraftedTokens.claims().issuer(ISSUER_A).build();
        SignedJWT withSecretB = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).build(), claimsA);
        withSecretB.sign(new MACSigner(secretB));
        SignedJWT withRsaPublicKey = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256)
                .keyID(VICTIM_RSA.getKeyID()).build(), claimsA);
        withRsaPublicKey.sign(new MACSigner(VICTIM_RSA.toRSAPublicKey().getEncoded()));

        assertEquals(RejectionReason.ALGORITHM_NOT_ALLOWED,
                rejection(() -> verifier.verify(withSecretB.serialize())));
        assertEquals(RejectionReason.ALGORITHM_NOT_ALLOWED,
                rejection(() -> verifier.verify(withRsaPublicKey.serialize())));
    }

    // --- Fixtures -------------------------------------------------------------------------------

    private static Base64 certificateBase64() {
        try {
            return Base64.encode(ATTACKER_CERT.getEncoded());
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pem(X509Certificate cert) {
        return "-----BEGIN CERTIFICATE-----\n" + certificateBase64() + "\n-----END CERTIFICATE-----\n";
    }

    private static X509Certificate attackerCertificate() {
        try (InputStream in = resource("attacker-x5c-cert.pem")) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ECKey attackerKey(X509Certificate cert) {
        try (InputStream in = resource("attacker-x5c-key.pem")) {
            String pem = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            String body = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            ECPrivateKey privateKey = (ECPrivateKey) KeyFactory.getInstance("EC")
                    .generatePrivate(new PKCS8EncodedKeySpec(java.util.Base64.getDecoder().decode(body)));
            return new ECKey.Builder(Curve.P_256, (ECPublicKey) cert.getPublicKey()).privateKey(privateKey)
                    .keyID("attacker-key").keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.ES256).build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static InputStream resource(String name) {
        InputStream in = TokenVerifierAttackTest.class.getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException("Missing test resource " + name);
        }
        return in;
    }

    private static byte[] hex(String s) {
        byte[] out = new byte[s.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }
}
