package io.bulwark.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.util.JSONObjectUtils;
import io.bulwark.health.ComponentHealth;
import io.bulwark.health.HealthStatus;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link TokenVerifier#health()} of remote keys against a real HTTP server: what nimbus reported on
 * its last fetch, read without fetching.
 */
class RemoteKeySourceHealthIT {

    private static final String ISSUER = "https://login.example.test";
    private static final String AUDIENCE = "orders-api";
    private static final String JWKS = "/jwks";
    private static final String CONFIGURATION = "/.well-known/openid-configuration";
    private static final String COMPONENT = "keys:" + ISSUER;

    private KeyServer server;
    private JWK key;

    @BeforeEach
    void startServer() throws IOException {
        server = KeyServer.start();
        key = DevelopmentKeys.generate("ES256");
    }

    @AfterEach
    void stopServer() {
        server.stop();
    }

    @Test
    void isUnknownBeforeTheFirstFetchAndUpAfterIt() throws Exception {
        server.serveKeys(JWKS, key.toPublicJWK(), DevelopmentKeys.generate("ES256").toPublicJWK());
        TokenVerifier verifier = verifier(KeySource.remoteJwks(server.uri(JWKS)));

        ComponentHealth before = health(verifier);
        assertEquals(HealthStatus.UNKNOWN, before.status());
        assertEquals(Map.of("source", "remote JWK set", "keysCached", "0"), before.details());

        long fetchedFrom = System.currentTimeMillis();
        verifier.verify(token(key));
        ComponentHealth after = health(verifier);

        assertEquals(HealthStatus.UP, after.status());
        assertEquals("2", after.details().get("keysCached"));
        Instant lastSuccess = Instant.parse(after.details().get("lastSuccess"));
        assertTrue(!lastSuccess.isBefore(Instant.ofEpochMilli(fetchedFrom)), lastSuccess.toString());
        assertFalse(after.details().containsKey("lastFailure"));
    }

    @Test
    void neverFetchesToAnswer() throws Exception {
        server.serveKeys(JWKS, key.toPublicJWK());
        TokenVerifier verifier = verifier(KeySource.remoteJwks(server.uri(JWKS)));

        for (int i = 0; i < 20; i++) {
            health(verifier);
        }
        assertEquals(0, server.requests(JWKS));
        verifier.verify(token(key));
        for (int i = 0; i < 20; i++) {
            health(verifier);
        }
        assertEquals(1, server.requests(JWKS));
    }

    @Test
    void isDegradedWhileServingCachedKeysThroughAnOutage() throws Exception {
        server.serveKeys(JWKS, key.toPublicJWK());
        TokenVerifier verifier = verifier(KeySource.remoteJwks(server.uri(JWKS)));
        verifier.verify(token(key));

        server.stop();
        // A token under an unknown kid makes nimbus fetch again: the server is gone, and its outage
        // tolerance serves the keys it has.
        assertRejected(RejectionReason.UNKNOWN_KEY, verifier, token(unknownKid()));
        ComponentHealth health = health(verifier);

        assertEquals(HealthStatus.DEGRADED, health.status(), health.toString());
        assertEquals("1", health.details().get("keysCached"));
        assertEquals("java.net.ConnectException", health.details().get("lastFailure"));
        assertTrue(Instant.parse(health.details().get("servingCachedKeysUntil")).isAfter(Instant.now().plusSeconds(3600)),
                "covered by the default outage tolerance of 4 h: " + health);
        assertEquals("alice", verifier.verify(token(key)).subject(), "the cached keys still verify");
    }

    @Test
    void isDegradedWhenTheFetchFailsBeyondTheOutageToleranceWhileTheCacheStillHoldsKeys() throws Exception {
        server.serveKeys(JWKS, key.toPublicJWK());
        RemoteJwksOptions options = RemoteJwksOptions.builder().outageTolerance(Duration.ofMillis(1)).build();
        TokenVerifier verifier = verifier(KeySource.remoteJwks(server.uri(JWKS), options));
        verifier.verify(token(key));
        Eventually.wallClockPasses(System.currentTimeMillis() + 5);

        server.answer(JWKS, 500, "{\"keys\":[]}");
        // No outage cache left to answer for the failed fetch: the unknown kid finds no keys at all.
        assertRejected(RejectionReason.KEY_SOURCE_UNAVAILABLE, verifier, token(unknownKid()));
        ComponentHealth health = health(verifier);

        assertEquals(HealthStatus.DEGRADED, health.status(), health.toString());
        assertEquals("java.io.IOException", health.details().get("lastFailure"));
        assertEquals("alice", verifier.verify(token(key)).subject(), "nimbus's cache still serves the keys");
    }

    @Test
    void isUpAgainOnceTheServerAnswersAgain() throws Exception {
        server.serveKeys(JWKS, key.toPublicJWK());
        RemoteJwksOptions options = RemoteJwksOptions.builder().minRefetchInterval(Duration.ofMillis(100)).build();
        TokenVerifier verifier = verifier(KeySource.remoteJwks(server.uri(JWKS), options));
        verifier.verify(token(key));
        server.answer(JWKS, 503, "maintenance");
        assertRejected(RejectionReason.UNKNOWN_KEY, verifier, token(unknownKid()));
        assertEquals(HealthStatus.DEGRADED, health(verifier).status());

        JWK rotated = DevelopmentKeys.generate("ES256");
        server.serveKeys(JWKS, key.toPublicJWK(), rotated.toPublicJWK());
        String signedByRotated = token(rotated);
        // The next fetch may wait for nimbus's re-fetch interval.
        Eventually.holds(Duration.ofSeconds(5), () -> accepts(verifier, signedByRotated));
        ComponentHealth health = health(verifier);

        assertEquals(HealthStatus.UP, health.status(), health.toString());
        assertEquals("2", health.details().get("keysCached"));
        assertEquals("java.io.IOException", health.details().get("lastFailure"), "the last failure stays on record");
        assertFalse(health.details().containsKey("servingCachedKeysUntil"));
    }

    @Test
    void isDownWhenTheFirstFetchFails() throws Exception {
        URI nowhere = URI.create("http://127.0.0.1:" + KeyServer.closedPort() + JWKS);
        TokenVerifier verifier = verifier(KeySource.remoteJwks(nowhere));

        assertRejected(RejectionReason.KEY_SOURCE_UNAVAILABLE, verifier, token(key));
        ComponentHealth health = health(verifier);

        assertEquals(HealthStatus.DOWN, health.status());
        assertEquals("0", health.details().get("keysCached"));
        assertEquals("java.net.ConnectException", health.details().get("lastFailure"));
        assertFalse(health.details().containsKey("lastSuccess"));
    }

    @Test
    void isDownOnceTheCachedKeysHaveRunOut() throws Exception {
        server.serveKeys(JWKS, key.toPublicJWK());
        RemoteJwksOptions options = RemoteJwksOptions.builder()
                .cacheTimeToLive(Duration.ofMillis(200))
                .refreshAhead(Duration.ofMillis(50))
                .refreshTimeout(Duration.ofMillis(50))
                .minRefetchInterval(Duration.ofMillis(50))
                .outageTolerance(Duration.ofSeconds(1))
                .build();
        TokenVerifier verifier = verifier(KeySource.remoteJwks(server.uri(JWKS), options));
        verifier.verify(token(key));
        long fetchedBy = System.currentTimeMillis();

        server.stop();
        Eventually.wallClockPasses(fetchedBy + 250);
        // The cache has expired: nimbus fetches, fails, and its outage tolerance serves the keys.
        assertEquals("alice", verifier.verify(token(key)).subject());
        assertEquals(HealthStatus.DEGRADED, health(verifier).status());

        // With no request in between, the health check sees the outage tolerance run out.
        Eventually.holds(Duration.ofSeconds(5), () -> health(verifier).status() == HealthStatus.DOWN);
        assertEquals("0", health(verifier).details().get("keysCached"));
        assertRejected(RejectionReason.KEY_SOURCE_UNAVAILABLE, verifier, token(key));
        assertEquals(HealthStatus.DOWN, health(verifier).status());
    }

    @Test
    void discoveryIsUnknownUntilDiscoveredThenFollowsTheKeySet() throws Exception {
        String issuer = server.origin();
        server.serve(CONFIGURATION, JSONObjectUtils.toJSONString(discoveryDocument(issuer, issuer + JWKS)));
        server.serveKeys(JWKS, key.toPublicJWK());
        TokenVerifier verifier = TokenVerifier.builder().trustDiscovered(issuer).audience(AUDIENCE).disableCache().build();
        String component = "keys:" + issuer;

        ComponentHealth before = verifier.health().get(0);
        assertEquals(component, before.name());
        assertEquals(HealthStatus.UNKNOWN, before.status());
        assertEquals(Map.of("source", "OpenID Connect discovery", "keysCached", "0"), before.details());

        verifier.verify(TokenIssuer.builder(key).issuer(issuer).audience(AUDIENCE).build().issue("alice", Set.of(), Set.of()));
        ComponentHealth after = verifier.health().get(0);

        assertEquals(HealthStatus.UP, after.status());
        assertEquals("OpenID Connect discovery", after.details().get("source"));
        assertEquals("1", after.details().get("keysCached"));
    }

    @Test
    void discoveryIsDownWhenItFails() throws Exception {
        String issuer = server.origin();
        TokenVerifier verifier = TokenVerifier.builder().trustDiscovered(issuer).audience(AUDIENCE).disableCache().build();

        assertRejected(RejectionReason.KEY_SOURCE_UNAVAILABLE, verifier,
                TokenIssuer.builder(key).issuer(issuer).audience(AUDIENCE).build().issue("alice", Set.of(), Set.of()));
        ComponentHealth health = verifier.health().get(0);

        assertEquals(HealthStatus.DOWN, health.status());
        assertEquals("java.io.FileNotFoundException", health.details().get("lastFailure"));
        assertEquals("0", health.details().get("keysCached"));
    }

    @Test
    void neverShowsTheFailureMessageOrTheServersAddress() throws Exception {
        URI nowhere = URI.create("http://user:pa55word@127.0.0.1:" + KeyServer.closedPort() + JWKS);
        TokenVerifier verifier = verifier(KeySource.remoteJwks(nowhere));
        assertRejected(RejectionReason.KEY_SOURCE_UNAVAILABLE, verifier, token(key));

        String shown = health(verifier).toString();

        assertFalse(shown.contains("127.0.0.1") || shown.contains("pa55word") || shown.contains("refused"), shown);
    }

    // ---- helpers ------------------------------------------------------------------------------

    private static ComponentHealth health(TokenVerifier verifier) {
        List<ComponentHealth> health = verifier.health();
        assertEquals(1, health.size());
        assertEquals(COMPONENT, health.get(0).name());
        return health.get(0);
    }

    private static TokenVerifier verifier(KeySource keys) {
        return TokenVerifier.builder().trust(ISSUER, keys).audience(AUDIENCE).disableCache().build();
    }

    private static String token(JWK signingKey) {
        return TokenIssuer.builder(signingKey).issuer(ISSUER).audience(AUDIENCE).build().issue("alice", Set.of(), Set.of());
    }

    private JWK unknownKid() {
        return new ECKey.Builder((ECKey) key).keyID(UUID.randomUUID().toString()).build();
    }

    private static boolean accepts(TokenVerifier verifier, String token) {
        try {
            verifier.verify(token);
            return true;
        } catch (TokenRejectedException e) {
            return false;
        }
    }

    private static void assertRejected(RejectionReason expected, TokenVerifier verifier, String token) {
        TokenRejectedException rejected = assertThrows(TokenRejectedException.class, () -> verifier.verify(token));
        assertEquals(expected, rejected.reason());
    }

    private static Map<String, Object> discoveryDocument(String issuer, String jwksUri) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("issuer", issuer);
        document.put("jwks_uri", jwksUri);
        document.put("response_types_supported", List.of("code"));
        return document;
    }
}
