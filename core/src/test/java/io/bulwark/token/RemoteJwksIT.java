package io.bulwark.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link KeySource#remoteJwks} against a real HTTP server that serves a JWK set and counts the fetches. */
class RemoteJwksIT {

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

    // ---- verification with served keys --------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"ES256", "ES384", "RS256", "EdDSA"})
    void verifiesTokenSignedByTheServedKey(String algorithm) throws Exception {
        JWK key = DevelopmentKeys.generate(algorithm);
        server.serveKeys(JWKS, key.toPublicJWK());
        TokenVerifier verifier = verifier(KeySource.remoteJwks(server.uri(JWKS)));

        VerifiedToken verified = verifier.verify(issuer(key).issue("alice", Set.of("orders:read"), Set.of()));
        verifier.verify(issuer(key).issue("bob", Set.of(), Set.of()));

        assertEquals("alice", verified.subject());
        assertEquals(1, server.requests(JWKS), "both tokens are verified with one fetch of the key set");
    }

    @Test
    void acceptsTokenSignedWithANewKidByReFetchingTheKeySet() throws Exception {
        JWK old = DevelopmentKeys.generate("ES256");
        server.serveKeys(JWKS, old.toPublicJWK());
        TokenVerifier verifier = verifier(KeySource.remoteJwks(server.uri(JWKS)));
        verifier.verify(issuer(old).issue("alice", Set.of(), Set.of()));

        JWK rotated = DevelopmentKeys.generate("ES256");
        server.serveKeys(JWKS, old.toPublicJWK(), rotated.toPublicJWK());

        assertEquals("bob", verifier.verify(issuer(rotated).issue("bob", Set.of(), Set.of())).subject());
        assertEquals("carol", verifier.verify(issuer(old).issue("carol", Set.of(), Set.of())).subject());
        assertEquals(2, server.requests(JWKS));
    }

    @Test
    void refusesRetiredKeyOnceTheRotatedSetWasFetched() throws Exception {
        JWK old = DevelopmentKeys.generate("ES256");
        server.serveKeys(JWKS, old.toPublicJWK());
        TokenVerifier verifier = verifier(KeySource.remoteJwks(server.uri(JWKS)));
        verifier.verify(issuer(old).issue("alice", Set.of(), Set.of()));

        JWK rotated = DevelopmentKeys.generate("ES256");
        server.serveKeys(JWKS, rotated.toPublicJWK());
        verifier.verify(issuer(rotated).issue("bob", Set.of(), Set.of()));

        assertRejected(RejectionReason.UNKNOWN_KEY, verifier, issuer(old).issue("carol", Set.of(), Set.of()));
    }

    @Test
    void followsRepeatedRotationsOnceTheReFetchIntervalHasPassed() throws Exception {
        Duration interval = Duration.ofMillis(100);
        RemoteJwksOptions options = RemoteJwksOptions.builder().minRefetchInterval(interval).build();
        TokenVerifier verifier = verifier(KeySource.remoteJwks(server.uri(JWKS), options));

        for (int rotation = 0; rotation < 4; rotation++) {
            JWK key = DevelopmentKeys.generate("ES256");
            server.serveKeys(JWKS, key.toPublicJWK());
            String token = issuer(key).issue("alice", Set.of(), Set.of());
            // Within one interval nimbus allows one re-fetch; later new kids wait for the next interval.
            Eventually.holds(Duration.ofSeconds(5), () -> accepts(verifier, token));
        }
        assertEquals(4, server.requests(JWKS), "one fetch per rotation");
    }

    @Test
    void refusesSymmetricKeyPublishedInTheRemoteSet() throws Exception {
        JWK secret = DevelopmentKeys.generate("HS256");
        server.serve(JWKS, new JWKSet(secret).toString(false));
        TokenVerifier verifier = verifier(KeySource.remoteJwks(server.uri(JWKS)));

        assertRejected(RejectionReason.ALGORITHM_NOT_ALLOWED, verifier, issuer(secret).issue("mallory", Set.of(), Set.of()));
    }

    // ---- outages ------------------------------------------------------------------------------

    @Test
    void keepsVerifyingWithCachedKeysWhileTheServerIsDown() throws Exception {
        JWK key = DevelopmentKeys.generate("ES256");
        server.serveKeys(JWKS, key.toPublicJWK());
        TokenVerifier verifier = verifier(KeySource.remoteJwks(server.uri(JWKS)));
        verifier.verify(issuer(key).issue("alice", Set.of(), Set.of()));

        server.stop();

        for (int i = 0; i < 5; i++) {
            assertEquals("bob", verifier.verify(issuer(key).issue("bob", Set.of(), Set.of())).subject());
        }
        assertEquals(1, server.requests(JWKS));
    }

    @Test
    void keepsVerifyingWithCachedKeysAfterTheirTimeToLiveWhileTheServerIsDown() throws Exception {
        JWK key = DevelopmentKeys.generate("ES256");
        server.serveKeys(JWKS, key.toPublicJWK());
        Duration timeToLive = Duration.ofMillis(300);
        RemoteJwksOptions options = RemoteJwksOptions.builder()
                .cacheTimeToLive(timeToLive)
                .refreshAhead(Duration.ofMillis(50))
                .refreshTimeout(Duration.ofMillis(100))
                .minRefetchInterval(Duration.ofMillis(50))
                .build();
        TokenVerifier verifier = verifier(KeySource.remoteJwks(server.uri(JWKS), options));
        verifier.verify(issuer(key).issue("alice", Set.of(), Set.of()));
        long fetchedBy = System.currentTimeMillis();

        server.stop();
        Eventually.wallClockPasses(fetchedBy + timeToLive.toMillis() + 50);

        // The cache has expired and the re-fetch fails: outage tolerance serves the last keys.
        assertEquals("bob", verifier.verify(issuer(key).issue("bob", Set.of(), Set.of())).subject());
    }

    @Test
    void refusesTokensOnceTheOutageToleranceHasRunOut() throws Exception {
        JWK key = DevelopmentKeys.generate("ES256");
        server.serveKeys(JWKS, key.toPublicJWK());
        Duration outageTolerance = Duration.ofMillis(300);
        RemoteJwksOptions options = RemoteJwksOptions.builder()
                .cacheTimeToLive(Duration.ofMillis(200))
                .refreshAhead(Duration.ofMillis(50))
                .refreshTimeout(Duration.ofMillis(50))
                .minRefetchInterval(Duration.ofMillis(50))
                .outageTolerance(outageTolerance)
                .build();
        TokenVerifier verifier = verifier(KeySource.remoteJwks(server.uri(JWKS), options));
        verifier.verify(issuer(key).issue("alice", Set.of(), Set.of()));
        long fetchedBy = System.currentTimeMillis();

        server.stop();
        Eventually.wallClockPasses(fetchedBy + outageTolerance.toMillis() + 50);

        assertRejected(RejectionReason.KEY_SOURCE_UNAVAILABLE, verifier, issuer(key).issue("bob", Set.of(), Set.of()));
    }

    @Test
    void refusesEveryTokenAsUnavailableWhileTheServerIsDownFromTheStart() throws Exception {
        JWK key = DevelopmentKeys.generate("ES256");
        URI nowhere = URI.create("http://127.0.0.1:" + KeyServer.closedPort() + JWKS);
        TokenVerifier verifier = verifier(KeySource.remoteJwks(nowhere));

        // More tokens than nimbus's rate limit lets through to the server in one interval.
        for (int i = 0; i < 5; i++) {
            assertRejected(RejectionReason.KEY_SOURCE_UNAVAILABLE, verifier, issuer(key).issue("alice", Set.of(), Set.of()));
        }
    }

    @Test
    void answersWithinTheReadTimeoutWhenTheServerNeverResponds() throws Exception {
        JWK key = DevelopmentKeys.generate("ES256");
        server.neverAnswer(JWKS);
        RemoteJwksOptions options = RemoteJwksOptions.builder().readTimeout(Duration.ofMillis(300)).retry(false).build();
        TokenVerifier verifier = verifier(KeySource.remoteJwks(server.uri(JWKS), options));
        String token = issuer(key).issue("alice", Set.of(), Set.of());

        long start = System.nanoTime();
        TokenRejectedException rejected = assertTimeoutPreemptively(Duration.ofSeconds(5),
                () -> assertThrows(TokenRejectedException.class, () -> verifier.verify(token)));
        long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertEquals(RejectionReason.KEY_SOURCE_UNAVAILABLE, rejected.reason());
        assertTrue(elapsedMillis >= 250, "answered before the read timeout: " + elapsedMillis + " ms");
        assertEquals(1, server.requests(JWKS));
    }

    @Test
    void refusesAKeySetLargerThanTheSizeLimit() throws Exception {
        JWK key = DevelopmentKeys.generate("ES256");
        List<JWK> keys = new ArrayList<>(List.of(key.toPublicJWK()));
        for (int i = 0; i < 8; i++) {
            keys.add(DevelopmentKeys.generate("ES256").toPublicJWK());
        }
        String large = KeyServer.jwkSet(keys.toArray(JWK[]::new));
        int limit = 1024;
        assertTrue(large.length() > limit, "the served set must exceed the limit: " + large.length());
        server.serve(JWKS, large);
        RemoteJwksOptions options = RemoteJwksOptions.builder().sizeLimitBytes(limit).build();
        TokenVerifier verifier = verifier(KeySource.remoteJwks(server.uri(JWKS), options));

        assertRejected(RejectionReason.KEY_SOURCE_UNAVAILABLE, verifier, issuer(key).issue("alice", Set.of(), Set.of()));
    }

    @Test
    void acceptsAKeySetWithinTheSizeLimit() throws Exception {
        JWK key = DevelopmentKeys.generate("ES256");
        server.serveKeys(JWKS, key.toPublicJWK());
        RemoteJwksOptions options = RemoteJwksOptions.builder().sizeLimitBytes(1024).build();
        TokenVerifier verifier = verifier(KeySource.remoteJwks(server.uri(JWKS), options));

        assertEquals("alice", verifier.verify(issuer(key).issue("alice", Set.of(), Set.of())).subject());
    }

    static Stream<Arguments> unusableResponses() {
        return Stream.of(
                Arguments.of(Named.of("500 error", 500), "{\"keys\":[]}"),
                Arguments.of(Named.of("404 not found", 404), "{}"),
                Arguments.of(Named.of("not JSON", 200), "<html>maintenance</html>"),
                Arguments.of(Named.of("JSON without keys", 200), "{\"issuer\":\"x\"}"),
                Arguments.of(Named.of("JSON array", 200), "[]"),
                Arguments.of(Named.of("empty body", 200), ""));
    }

    @ParameterizedTest
    @MethodSource("unusableResponses")
    void refusesTokensAsUnavailableWhenTheKeySetResponseIsUnusable(int status, String body) throws Exception {
        JWK key = DevelopmentKeys.generate("ES256");
        server.answer(JWKS, status, body);
        TokenVerifier verifier = verifier(KeySource.remoteJwks(server.uri(JWKS)));

        for (int i = 0; i < 3; i++) {
            assertRejected(RejectionReason.KEY_SOURCE_UNAVAILABLE, verifier, issuer(key).issue("alice", Set.of(), Set.of()));
        }
    }

    // ---- unknown-kid flood ---------------------------------------------------------------------

    @Test
    void rejectsAFloodOfUnknownKidsWithAHandfulOfFetches() throws Exception {
        JWK key = DevelopmentKeys.generate("ES256");
        server.serveKeys(JWKS, key.toPublicJWK());
        TokenVerifier verifier = verifier(KeySource.remoteJwks(server.uri(JWKS)));
        verifier.verify(issuer(key).issue("alice", Set.of(), Set.of()));

        int threads = 8;
        int tokensPerThread = 125;
        CountDownLatch signed = new CountDownLatch(threads);
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<List<RejectionReason>>> tasks = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                tasks.add(pool.submit(() -> {
                    // Signed by random keys, each token under a kid of its own that the server never published.
                    ECKey attackerKey = (ECKey) DevelopmentKeys.generate("ES256");
                    List<String> share = new ArrayList<>();
                    for (int i = 0; i < tokensPerThread; i++) {
                        ECKey randomKid = new ECKey.Builder(attackerKey).keyID(UUID.randomUUID().toString()).build();
                        share.add(issuer(randomKid).issue("mallory", Set.of(), Set.of()));
                    }
                    signed.countDown();
                    go.await();
                    List<RejectionReason> reasons = new ArrayList<>();
                    for (String token : share) {
                        reasons.add(rejectionOf(verifier, token));
                    }
                    return reasons;
                }));
            }
            assertTrue(signed.await(30, TimeUnit.SECONDS));
            go.countDown();
            int rejected = 0;
            for (Future<List<RejectionReason>> task : tasks) {
                for (RejectionReason reason : task.get(30, TimeUnit.SECONDS)) {
                    assertEquals(RejectionReason.UNKNOWN_KEY, reason);
                    rejected++;
                }
            }
            assertEquals(1_000, rejected);
        } finally {
            pool.shutdownNow();
        }

        assertTrue(server.requests(JWKS) <= 3, "fetches of the key set: " + server.requests(JWKS));
        assertEquals("alice", verifier.verify(issuer(key).issue("alice", Set.of(), Set.of())).subject());
    }

    // ---- configuration ------------------------------------------------------------------------

    static Stream<Arguments> nonsenseOptions() {
        return Stream.of(
                nonsense("negative connectTimeout", b -> b.connectTimeout(Duration.ofSeconds(-1)), "connectTimeout"),
                nonsense("zero connectTimeout", b -> b.connectTimeout(Duration.ZERO), "connectTimeout"),
                nonsense("negative readTimeout", b -> b.readTimeout(Duration.ofMillis(-300)), "readTimeout"),
                nonsense("sub-millisecond readTimeout (0 ms would wait forever)",
                        b -> b.readTimeout(Duration.ofNanos(500_000)), "readTimeout"),
                nonsense("sub-millisecond connectTimeout (0 ms would wait forever)",
                        b -> b.connectTimeout(Duration.ofNanos(1)), "connectTimeout"),
                nonsense("readTimeout beyond Integer.MAX_VALUE ms", b -> b.readTimeout(Duration.ofDays(25)),
                        "readTimeout"),
                nonsense("negative cacheTimeToLive", b -> b.cacheTimeToLive(Duration.ofMinutes(-5)), "cacheTimeToLive"),
                nonsense("negative refreshTimeout", b -> b.refreshTimeout(Duration.ofSeconds(-15)), "refreshTimeout"),
                nonsense("negative refreshAhead", b -> b.refreshAhead(Duration.ofSeconds(-30)), "refreshAhead"),
                nonsense("negative minRefetchInterval", b -> b.minRefetchInterval(Duration.ofSeconds(-30)),
                        "minRefetchInterval"),
                nonsense("negative outageTolerance", b -> b.outageTolerance(Duration.ofHours(-4)), "outageTolerance"),
                nonsense("size 255", b -> b.sizeLimitBytes(255), "sizeLimitBytes"),
                nonsense("size 0", b -> b.sizeLimitBytes(0), "sizeLimitBytes"),
                nonsense("negative size", b -> b.sizeLimitBytes(-1), "sizeLimitBytes"),
                nonsense("refreshAhead + refreshTimeout equal to cacheTimeToLive",
                        b -> b.cacheTimeToLive(Duration.ofSeconds(45)), "refreshAhead"),
                nonsense("refreshAhead + refreshTimeout longer than cacheTimeToLive",
                        b -> b.cacheTimeToLive(Duration.ofMinutes(1)).refreshAhead(Duration.ofSeconds(50))
                                .refreshTimeout(Duration.ofSeconds(20)), "refreshAhead"),
                nonsense("minRefetchInterval equal to cacheTimeToLive",
                        b -> b.cacheTimeToLive(Duration.ofMinutes(1)).minRefetchInterval(Duration.ofMinutes(1)),
                        "minRefetchInterval"));
    }

    private static Arguments nonsense(String name, Consumer<RemoteJwksOptions.Builder> setting, String field) {
        return Arguments.of(Named.of(name, setting), field);
    }

    @ParameterizedTest
    @MethodSource("nonsenseOptions")
    void optionsRefuseNonsenseNamingTheField(Consumer<RemoteJwksOptions.Builder> setting, String field) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> {
            RemoteJwksOptions.Builder builder = RemoteJwksOptions.builder();
            setting.accept(builder);
            builder.build();
        });
        assertTrue(e.getMessage().contains(field), e.getMessage());
    }

    @Test
    void optionsAcceptSmallButConsistentDurations() {
        RemoteJwksOptions options = RemoteJwksOptions.builder()
                .connectTimeout(Duration.ofMillis(1))
                .readTimeout(Duration.ofMillis(1))
                .sizeLimitBytes(256)
                .cacheTimeToLive(Duration.ofMillis(300))
                .refreshAhead(Duration.ofMillis(100))
                .refreshTimeout(Duration.ofMillis(100))
                .minRefetchInterval(Duration.ofMillis(100))
                .outageTolerance(Duration.ofMillis(1))
                .build();
        // Building a verifier hands the options to nimbus, which checks them once more.
        verifier(KeySource.remoteJwks(server.uri(JWKS), options));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://127.0.0.1/jwks", "file:///etc/passwd", "file:/tmp/jwks.json", "jar:file:/x.jar!/jwks",
            "jwks.json", "/jwks", "http:/jwks", "mailto:keys@example.test"})
    void remoteJwksRefusesAnythingButAbsoluteHttpUrls(String uri) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> KeySource.remoteJwks(URI.create(uri)));
        assertTrue(e.getMessage().contains("jwksUri"), e.getMessage());
    }

    // ---- helpers ------------------------------------------------------------------------------

    private static TokenVerifier verifier(KeySource keys) {
        // The token cache is off, so every verification asks the key source.
        return TokenVerifier.builder().trust(ISSUER, keys).audience(AUDIENCE).disableCache().build();
    }

    private static TokenIssuer issuer(JWK key) {
        return TokenIssuer.builder(key).issuer(ISSUER).audience(AUDIENCE).build();
    }

    private static void assertRejected(RejectionReason expected, TokenVerifier verifier, String token) {
        assertEquals(expected, rejectionOf(verifier, token));
    }

    /** The reason a token is rejected; fails on acceptance and lets any other exception through. */
    private static RejectionReason rejectionOf(TokenVerifier verifier, String token) {
        try {
            verifier.verify(token);
        } catch (TokenRejectedException e) {
            return e.reason();
        }
        return fail("the token was accepted");
    }

    private static boolean accepts(TokenVerifier verifier, String token) {
        try {
            verifier.verify(token);
            return true;
        } catch (TokenRejectedException e) {
            assertEquals(RejectionReason.UNKNOWN_KEY, e.reason());
            return false;
        }
    }
}
