package io.bulwark.token;

import static io.bulwark.token.CraftedTokens.AUDIENCE;
import static io.bulwark.token.CraftedTokens.ISSUER;
import static io.bulwark.token.CraftedTokens.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Static key sources, and what every key source refuses at configuration time. */
class KeySourceTest {

    private static final JWK KEY = DevelopmentKeys.generate("ES256");

    private final MutableClock clock = new MutableClock(T0);

    private TokenVerifier verifier(KeySource keys) {
        return TokenVerifier.builder().trust(ISSUER, keys).audience(AUDIENCE).clock(clock).build();
    }

    private static PublicKey generatedPublicKey(String algorithm, int size) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
        if (size > 0) {
            generator.initialize(size);
        }
        return generator.generateKeyPair().getPublic();
    }

    @Test
    void publicKeyRefusesRsaUnder2048Bits() throws Exception {
        PublicKey weak = generatedPublicKey("RSA", 1024);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KeySource.publicKey(weak));

        assertTrue(e.getMessage().contains("2048"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"Ed448", "X25519", "DSA"})
    void publicKeyRefusesUnsupportedKeyTypes(String algorithm) throws Exception {
        PublicKey key = generatedPublicKey(algorithm, "DSA".equals(algorithm) ? 2048 : 0);

        assertThrows(IllegalArgumentException.class, () -> KeySource.publicKey(key));
    }

    @Test
    void hmacSecretIsCopied() throws Exception {
        JWK key = DevelopmentKeys.generate("HS256");
        byte[] secret = ((OctetSequenceKey) key).toByteArray();
        KeySource source = KeySource.hmacSecret(secret);
        Arrays.fill(secret, (byte) 0);
        TokenIssuer issuer = TokenIssuer.builder(key).issuer(ISSUER).audience(AUDIENCE).clock(clock).build();

        assertEquals("alice", verifier(source).verify(issuer.issue("alice", List.of(), List.of())).subject());
    }

    @Test
    void hmacSecretOfExactly256BitsServesHs256Only() throws Exception {
        byte[] secret = new byte[32];
        Arrays.fill(secret, (byte) 7);
        KeySource source = KeySource.hmacSecret(secret);

        assertThrows(IllegalStateException.class, () -> TokenVerifier.builder().trust(ISSUER, source)
                .audience(AUDIENCE).algorithms("HS512").build());
    }

    @Test
    void jwkSetRefusesTextThatIsNotAJwkSet() {
        assertThrows(IllegalArgumentException.class, () -> KeySource.jwkSet("not json"));
        assertThrows(IllegalArgumentException.class, () -> KeySource.jwkSet("{\"keys\":[]}"));
        assertThrows(IllegalArgumentException.class, () -> KeySource.jwkSet("{\"keys\":[{\"kty\":\"RSA\"}]}"));
    }

    @Test
    void jwkSetRefusesASetWithoutAUsableKey() throws Exception {
        OctetSequenceKey shortSecret = new OctetSequenceKey.Builder(new byte[16]).keyID("short").build();

        assertThrows(IllegalArgumentException.class, () -> KeySource.jwkSet(new JWKSet(shortSecret)));
    }

    @Test
    void jwkSetReadsAFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("jwks.json");
        Files.writeString(file, new JWKSet(KEY.toPublicJWK()).toString());
        TokenIssuer issuer = TokenIssuer.builder(KEY).issuer(ISSUER).audience(AUDIENCE).clock(clock).build();

        VerifiedToken token = verifier(KeySource.jwkSet(file)).verify(issuer.issue("alice", List.of(), List.of()));

        assertEquals("alice", token.subject());
        assertThrows(UncheckedIOException.class, () -> KeySource.jwkSet(dir.resolve("missing.json")));
    }

    @Test
    void jwkSetOfPrivateKeysVerifiesAndNeverShowsThem() throws Exception {
        KeySource source = KeySource.jwkSet(new JWKSet(KEY).toString(false));
        TokenIssuer issuer = TokenIssuer.builder(KEY).issuer(ISSUER).audience(AUDIENCE).clock(clock).build();

        assertEquals("alice", verifier(source).verify(issuer.issue("alice", List.of(), List.of())).subject());
        assertFalse(source.toString().contains(((ECKey) KEY).getD().toString()), source.toString());
        assertFalse(source.toString().contains(((ECKey) KEY).getX().toString()), source.toString());
    }

    @Test
    void neverVerifiesWithAKeyMarkedForEncryption() throws Exception {
        RSAKey encryptionKey = new RSAKey.Builder((RSAKey) DevelopmentKeys.generate("RS256"))
                .keyUse(KeyUse.ENCRYPTION).build();
        TokenVerifier verifier = verifier(CraftedTokens.publicJwks(encryptionKey));
        String token = CraftedTokens.sign(encryptionKey, CraftedTokens.claims().build());

        assertEquals(RejectionReason.UNKNOWN_KEY,
                assertThrows(TokenRejectedException.class, () -> verifier.verify(token)).reason());
    }

    @Test
    void keyWithoutKidInASetVerifiesTokensWithoutKid() throws Exception {
        ECKey noKid = new ECKey.Builder((ECKey) DevelopmentKeys.generate("ES256")).keyID(null).build();
        TokenVerifier verifier = verifier(CraftedTokens.publicJwks(noKid));
        String token = CraftedTokens.sign(noKid, CraftedTokens.header(noKid).build(), CraftedTokens.claims().build());

        assertEquals("alice", verifier.verify(token).subject());
    }

    @Test
    void keyWithDeclaredAlgorithmServesOnlyThatAlgorithm() {
        RSAKey rs256Only = (RSAKey) DevelopmentKeys.generate("RS256");
        assertEquals(JWSAlgorithm.RS256, rs256Only.getAlgorithm());

        assertThrows(IllegalStateException.class, () -> TokenVerifier.builder()
                .trust(ISSUER, CraftedTokens.publicJwks(rs256Only)).audience(AUDIENCE).algorithms("PS256").build());
    }

    @ParameterizedTest
    @ValueSource(strings = {"file:///etc/passwd", "ftp://login.example.test/jwks.json", "jwks.json",
            "https:///jwks.json", "jar:file:/tmp/x.jar!/jwks.json"})
    void remoteJwksRefusesAnythingButAbsoluteHttpUrls(String uri) {
        assertThrows(IllegalArgumentException.class, () -> KeySource.remoteJwks(URI.create(uri)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"login.example.test", "file:///etc", "ldap://login.example.test"})
    void discoveryRefusesAnythingButAbsoluteHttpIssuers(String issuer) {
        assertThrows(IllegalArgumentException.class, () -> KeySource.discovery(issuer));
    }
}
