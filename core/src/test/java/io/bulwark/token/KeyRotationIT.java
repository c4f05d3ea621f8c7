package io.bulwark.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import java.io.IOException;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Same-kid rotation against a real HTTP server: a failed signature under a known kid refreshes the set once. */
class KeyRotationIT {

    private static final String ISSUER = "https://login.example.test";
    private static final String AUDIENCE = "orders-api";
    private static final String JWKS = "/jwks";

    private KeyServer server;

    @BeforeEach
    void startServer() throws IOException {
        server = KeyServer.start();
    }

    @AfterEach
    void stopServer() {
        server.stop();
    }

    private TokenVerifier verifier(RemoteJwksOptions options) {
        return TokenVerifier.builder().trust(ISSUER, KeySource.remoteJwks(server.uri(JWKS), options))
                .audience(AUDIENCE).build();
    }

    private static TokenIssuer issuer(JWK key) {
        return TokenIssuer.builder(key).issuer(ISSUER).audience(AUDIENCE).build();
    }

    private static JWK underKid(String kid) {
        return new ECKey.Builder((ECKey) DevelopmentKeys.generate("ES256")).keyID(kid).build();
    }

    @Test
    void acceptsAKeyRotatedUnderTheSameKidAfterOneRefresh() throws Exception {
        JWK old = underKid("signing");
        server.serveKeys(JWKS, old.toPublicJWK());
        TokenVerifier verifier = verifier(RemoteJwksOptions.defaults());
        verifier.verify(issuer(old).issue("alice", Set.of(), Set.of()));

        JWK rotated = underKid("signing");
        server.serveKeys(JWKS, rotated.toPublicJWK());

        assertEquals("bob", verifier.verify(issuer(rotated).issue("bob", Set.of(), Set.of())).subject());
        assertEquals(2, server.requests(JWKS), "one refresh");
        assertEquals("carol", verifier.verify(issuer(rotated).issue("carol", Set.of(), Set.of())).subject());
        assertEquals(2, server.requests(JWKS), "the refreshed key is cached");
    }

    @Test
    void aForgeryUnderAKnownKidRefreshesAtMostOncePerInterval() throws Exception {
        JWK trusted = underKid("signing");
        server.serveKeys(JWKS, trusted.toPublicJWK());
        TokenVerifier verifier = verifier(RemoteJwksOptions.defaults());
        verifier.verify(issuer(trusted).issue("alice", Set.of(), Set.of()));

        for (int i = 0; i < 20; i++) {
            String forged = issuer(underKid("signing")).issue("mallory" + i, Set.of(), Set.of());
            assertEquals(RejectionReason.BAD_SIGNATURE,
                    assertThrows(TokenRejectedException.class, () -> verifier.verify(forged)).reason());
        }
        assertEquals(2, server.requests(JWKS), "one rate-limited refresh for twenty forgeries");
    }

    @Test
    void theVerdictStandsWhenTheRefreshedSetHasTheSameKey() throws Exception {
        JWK trusted = underKid("signing");
        server.serveKeys(JWKS, trusted.toPublicJWK());
        TokenVerifier verifier = verifier(RemoteJwksOptions.builder().minRefetchInterval(Duration.ofMillis(1)).build());
        verifier.verify(issuer(trusted).issue("alice", Set.of(), Set.of()));
        String forged = issuer(underKid("signing")).issue("mallory", Set.of(), Set.of());

        assertEquals(RejectionReason.BAD_SIGNATURE,
                assertThrows(TokenRejectedException.class, () -> verifier.verify(forged)).reason());
        assertEquals(2, server.requests(JWKS), "exactly one refresh per failed verification");
    }
}
