package io.bulwark.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.util.JSONObjectUtils;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** OpenID Connect discovery ({@link KeySource#discovery}) against a real HTTP server. */
class DiscoveryIT {

    private static final String AUDIENCE = "orders-api";
    private static final String CONFIGURATION = "/.well-known/openid-configuration";
    private static final String JWKS = "/jwks";

    private KeyServer server;
    private String issuer;
    private JWK key;

    @BeforeEach
    void startServer() throws IOException {
        server = KeyServer.start();
        issuer = server.origin();
        key = DevelopmentKeys.generate("ES256");
        server.serveKeys(JWKS, key.toPublicJWK());
    }

    @AfterEach
    void stopServer() {
        server.stop();
    }

    @Test
    void verifiesTokensWithTheKeysTheDiscoveryDocumentNames() throws Exception {
        server.serve(CONFIGURATION, document(issuer, server.origin() + JWKS));
        TokenVerifier verifier = TokenVerifier.builder().trustDiscovered(issuer).audience(AUDIENCE).disableCache().build();

        assertEquals("alice", verifier.verify(token("alice")).subject());
        assertEquals("bob", verifier.verify(token("bob")).subject());

        assertEquals(1, server.requests(CONFIGURATION), "discovery happens once");
        assertEquals(1, server.requests(JWKS));
    }

    @Test
    void findsTheDocumentUnderAnIssuerWithATrailingSlash() throws Exception {
        String slashed = issuer + "/";
        server.serve(CONFIGURATION, document(slashed, server.origin() + JWKS));
        TokenVerifier verifier = TokenVerifier.builder().trustDiscovered(slashed).audience(AUDIENCE).disableCache().build();

        String token = TokenIssuer.builder(key).issuer(slashed).audience(AUDIENCE).build().issue("alice", Set.of(), Set.of());
        assertEquals("alice", verifier.verify(token).subject());
    }

    static Stream<Arguments> otherIssuers() {
        return Stream.of(
                other("another host", origin -> "https://evil.example.test"),
                other("a trailing slash the configuration lacks", origin -> origin + "/"),
                other("a path the configuration lacks", origin -> origin + "/tenant"),
                other("another port", origin -> origin.substring(0, origin.lastIndexOf(':')) + ":1"),
                other("another case", origin -> origin.toUpperCase(Locale.ROOT)),
                other("no issuer", origin -> null));
    }

    private static Arguments other(String name, Function<String, String> issuerFor) {
        return Arguments.of(Named.of(name, issuerFor));
    }

    @ParameterizedTest
    @MethodSource("otherIssuers")
    void refusesADocumentNamingAnotherIssuerWithoutFetchingItsKeys(Function<String, String> issuerFor) {
        server.serve(CONFIGURATION, document(issuerFor.apply(issuer), server.origin() + JWKS));
        TokenVerifier verifier = TokenVerifier.builder().trustDiscovered(issuer).audience(AUDIENCE).disableCache().build();

        assertRejected(RejectionReason.KEY_SOURCE_UNAVAILABLE, verifier, token("alice"));
        assertEquals(1, server.requests(CONFIGURATION));
        assertEquals(0, server.requests(JWKS), "the key set of a mismatched document is never requested");
    }

    static Stream<Arguments> unusableDocuments() {
        return Stream.of(
                unusable("no jwks_uri", (iss, origin) -> document(iss, null)),
                unusable("jwks_uri not a string", (iss, origin) -> "{\"issuer\":\"" + iss + "\",\"jwks_uri\":42}"),
                unusable("issuer not a string", (iss, origin) -> "{\"issuer\":1,\"jwks_uri\":\"" + origin + JWKS + "\"}"),
                unusable("file: jwks_uri", (iss, origin) -> document(iss, "file:///etc/passwd")),
                unusable("ftp: jwks_uri", (iss, origin) -> document(iss, "ftp://127.0.0.1/jwks")),
                unusable("relative jwks_uri", (iss, origin) -> document(iss, "/jwks")),
                unusable("jwks_uri that is no URI", (iss, origin) -> document(iss, "http://exa mple/jwks")),
                unusable("not JSON", (iss, origin) -> "<html>login</html>"),
                unusable("a JSON array", (iss, origin) -> "[\"" + origin + JWKS + "\"]"),
                unusable("empty", (iss, origin) -> ""));
    }

    private static Arguments unusable(String name, BiFunction<String, String, String> body) {
        return Arguments.of(Named.of(name, body));
    }

    @ParameterizedTest
    @MethodSource("unusableDocuments")
    void refusesTokensAsUnavailableWhenTheDocumentIsUnusable(
            BiFunction<String, String, String> body) {
        server.serve(CONFIGURATION, body.apply(issuer, server.origin()));
        TokenVerifier verifier = TokenVerifier.builder().trustDiscovered(issuer).audience(AUDIENCE).disableCache().build();

        assertRejected(RejectionReason.KEY_SOURCE_UNAVAILABLE, verifier, token("alice"));
        assertEquals(0, server.requests(JWKS));
    }

    @Test
    void refusesTokensAsUnavailableWhenTheDocumentIsMissing() {
        TokenVerifier verifier = TokenVerifier.builder().trustDiscovered(issuer).audience(AUDIENCE).disableCache().build();

        assertRejected(RejectionReason.KEY_SOURCE_UNAVAILABLE, verifier, token("alice"));
        assertEquals(1, server.requests(CONFIGURATION));
    }

    @Test
    void refusesTokensAsUnavailableWhenTheIssuerIsDown() throws Exception {
        String down = "http://127.0.0.1:" + KeyServer.closedPort();
        TokenVerifier verifier = TokenVerifier.builder().trustDiscovered(down).audience(AUDIENCE).disableCache().build();
        String token = TokenIssuer.builder(key).issuer(down).audience(AUDIENCE).build().issue("alice", Set.of(), Set.of());

        for (int i = 0; i < 3; i++) {
            assertRejected(RejectionReason.KEY_SOURCE_UNAVAILABLE, verifier, token);
        }
    }

    @Test
    void refusesTokensAsUnavailableWhenTheDiscoveredKeySetIsDown() throws Exception {
        String elsewhere = "http://127.0.0.1:" + KeyServer.closedPort() + JWKS;
        server.serve(CONFIGURATION, document(issuer, elsewhere));
        TokenVerifier verifier = TokenVerifier.builder().trustDiscovered(issuer).audience(AUDIENCE).disableCache().build();

        for (int i = 0; i < 5; i++) {
            assertRejected(RejectionReason.KEY_SOURCE_UNAVAILABLE, verifier, token("alice"));
        }
    }

    @Test
    void retriesAFailedDiscoveryAtMostOncePerReFetchInterval() throws Exception {
        server.serve(CONFIGURATION, document(issuer, null));
        RemoteJwksOptions options = RemoteJwksOptions.builder().minRefetchInterval(Duration.ofMillis(200)).build();
        TokenVerifier verifier = TokenVerifier.builder().trust(issuer, KeySource.discovery(issuer, options))
                .audience(AUDIENCE).disableCache().build();
        String token = token("alice");
        long start = System.nanoTime();

        assertRejected(RejectionReason.KEY_SOURCE_UNAVAILABLE, verifier, token);
        assertRejected(RejectionReason.KEY_SOURCE_UNAVAILABLE, verifier, token);
        assertEquals(1, server.requests(CONFIGURATION), "the second token waits for the interval");

        server.serve(CONFIGURATION, document(issuer, server.origin() + JWKS));
        Eventually.holds(Duration.ofSeconds(5), () -> {
            try {
                return verifier.verify(token).subject().equals("alice");
            } catch (TokenRejectedException e) {
                assertEquals(RejectionReason.KEY_SOURCE_UNAVAILABLE, e.reason());
                return false;
            }
        });

        assertTrue(System.nanoTime() - start >= Duration.ofMillis(200).toNanos());
        assertEquals(2, server.requests(CONFIGURATION));
    }

    @Test
    void discoveryRefusesAnIssuerThatIsNoHttpUrl() {
        for (String bad : new String[] {"ftp://login.example.test", "file:///etc", "login.example.test"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KeySource.discovery(bad));
            assertTrue(e.getMessage().contains("issuer"), e.getMessage());
        }
    }

    private String token(String subject) {
        return TokenIssuer.builder(key).issuer(issuer).audience(AUDIENCE).build().issue(subject, Set.of(), Set.of());
    }

    private static String document(String issuer, String jwksUri) {
        Map<String, Object> document = new LinkedHashMap<>();
        if (issuer != null) {
            document.put("issuer", issuer);
        }
        if (jwksUri != null) {
            document.put("jwks_uri", jwksUri);
        }
        document.put("response_types_supported", List.of("code"));
        return JSONObjectUtils.toJSONString(document);
    }

    private static void assertRejected(RejectionReason expected, TokenVerifier verifier, String token) {
        try {
            verifier.verify(token);
        } catch (TokenRejectedException e) {
            assertEquals(expected, e.reason());
            return;
        }
        fail("the token was accepted");
    }
}
