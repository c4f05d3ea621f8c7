package io.bulwark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.util.JSONObjectUtils;
import io.bulwark.event.SecurityEvent;
import io.bulwark.http.ProblemDetails;
import io.bulwark.token.DevelopmentKeys;
import io.bulwark.token.Fingerprints;
import io.bulwark.token.KeySource;
import io.bulwark.token.TokenIssuer;
import io.bulwark.token.TokenVerifier;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The HTTP contract's 400/401/403 rows, decided by the core for both adapters. */
class BulwarkTest {

    private static final String ISSUER = "https://login.example.test";
    private static final String AUDIENCE = "orders-api";
    private static final JWK KEY = DevelopmentKeys.generate("ES256");
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-29T10:00:00Z"), ZoneOffset.UTC);

    private final List<SecurityEvent> events = new CopyOnWriteArrayList<>();
    private final TokenIssuer issuer = TokenIssuer.builder(KEY).issuer(ISSUER).audience(AUDIENCE).clock(CLOCK).build();
    private Bulwark bulwark;

    @BeforeEach
    void buildBulwark() {
        bulwark = Bulwark.builder()
                .tokenVerifier(verifier())
                .realm("orders")
                .eventExecutor(Runnable::run).listener(events::add)
                .clock(CLOCK)
                .build();
    }

    private static TokenVerifier verifier() {
        return TokenVerifier.builder()
                .trust(ISSUER, KeySource.jwkSet(new JWKSet(KEY.toPublicJWK())))
                .audience(AUDIENCE)
                .clock(CLOCK)
                .build();
    }

    private static SecurityRequest get(String path, String... authorization) {
        SecurityRequest.Builder request = SecurityRequest.builder("GET", path).remoteAddress("203.0.113.7");
        for (String value : authorization) {
            request.header("Authorization", value);
        }
        return request.build();
    }

    private static Map<String, Object> json(Decision.Deny deny) throws ParseException {
        return JSONObjectUtils.parse(deny.body());
    }

    @Test
    void allowsPublicEndpointWithoutToken() {
        Decision decision = bulwark.check(get("/api/ping"), EndpointPolicy.permitAll());

        Decision.Allow allow = assertInstanceOf(Decision.Allow.class, decision);
        assertTrue(allow.principal().isEmpty());
        assertTrue(events.isEmpty());
    }

    @Test
    void exposesPrincipalOfValidTokenOnPublicEndpoint() {
        String token = issuer.issue("alice", Set.of(), Set.of());

        Decision decision = bulwark.check(get("/api/ping", "Bearer " + token), EndpointPolicy.permitAll());

        assertEquals("alice", assertInstanceOf(Decision.Allow.class, decision).principal().orElseThrow().getName());
    }

    @Test
    void challengesRequestWithoutTokenOnProtectedEndpoint() throws ParseException {
        Decision decision = bulwark.check(get("/api/me"), EndpointPolicy.authenticated());

        Decision.Deny deny = assertInstanceOf(Decision.Deny.class, decision);
        assertEquals(401, deny.status());
        // RFC 6750 §3.1: no error code when the request had no credentials.
        assertEquals("Bearer realm=\"orders\"", deny.headers().get("WWW-Authenticate"));
        Map<String, Object> body = json(deny);
        assertEquals(401L, body.get("status"));
        assertEquals("Unauthorized", body.get("title"));
        assertEquals(SecurityEvent.Kind.AUTHENTICATION_FAILED, events.get(0).kind());
        assertEquals("missing_token", events.get(0).reason());
    }

    @Test
    void rejectsExpiredTokenWithInvalidTokenChallenge() throws ParseException {
        String token = issuer.token("alice").lifetime(Duration.ofSeconds(1)).sign();
        Bulwark later = Bulwark.builder().tokenVerifier(TokenVerifier.builder()
                .trust(ISSUER, KeySource.jwkSet(new JWKSet(KEY.toPublicJWK())))
                .audience(AUDIENCE)
                .clock(Clock.offset(CLOCK, Duration.ofMinutes(5)))
                .build()).realm("orders").eventExecutor(Runnable::run).listener(events::add).build();

        Decision.Deny deny = assertInstanceOf(Decision.Deny.class,
                later.check(get("/api/me", "Bearer " + token), EndpointPolicy.authenticated()));

        assertEquals(401, deny.status());
        assertEquals("Bearer realm=\"orders\", error=\"invalid_token\", error_description=\"The access token expired\"",
                deny.headers().get("WWW-Authenticate"));
        assertEquals("invalid_token", json(deny).get("error"));
        assertEquals("expired", events.get(0).reason());
    }

    @Test
    void rejectsForgedTokenAndNeverEchoesIt() throws ParseException {
        JWK attacker = DevelopmentKeys.generate("ES256");
        String forged = TokenIssuer.builder(attacker).issuer(ISSUER).audience(AUDIENCE).clock(CLOCK).build()
                .issue("mallory", Set.of("orders:write"), Set.of("admin"));

        Decision.Deny deny = assertInstanceOf(Decision.Deny.class,
                bulwark.check(get("/api/admin", "Bearer " + forged), EndpointPolicy.builder().rolesAllowed("admin").build()));

        assertEquals(401, deny.status());
        assertFalse(deny.body().contains(forged));
        assertFalse(deny.headers().toString().contains(forged));
        SecurityEvent event = events.get(0);
        assertEquals("unknown_key", event.reason());
        assertEquals(Fingerprints.of(forged), event.tokenFingerprint().orElseThrow());
        assertFalse(event.toString().contains(forged));
    }

    @Test
    void rejectsTwoAuthorizationHeadersAsInvalidRequest() {
        String token = issuer.issue("alice", Set.of(), Set.of());

        Decision.Deny deny = assertInstanceOf(Decision.Deny.class, bulwark.check(
                get("/api/me", "Bearer " + token, "Bearer " + token), EndpointPolicy.authenticated()));

        assertEquals(400, deny.status());
        assertTrue(deny.headers().get("WWW-Authenticate").contains("error=\"invalid_request\""));
        assertEquals("invalid_request", events.get(0).reason());
    }

    @Test
    void rejectsQueryStringTokenUnlessEnabled() {
        String token = issuer.issue("alice", Set.of(), Set.of());
        SecurityRequest request = SecurityRequest.builder("GET", "/api/me").queryParameter("access_token", token).build();

        Decision refused = bulwark.check(request, EndpointPolicy.authenticated());
        Decision accepted = Bulwark.builder().tokenVerifier(verifier()).allowQueryParameterTokens(true).build()
                .check(request, EndpointPolicy.authenticated());

        assertEquals(400, assertInstanceOf(Decision.Deny.class, refused).status());
        assertInstanceOf(Decision.Allow.class, accepted);
    }

    @Test
    void ignoresFormTokensUnlessEnabled() {
        String token = issuer.issue("alice", Set.of(), Set.of());
        SecurityRequest request = SecurityRequest.builder("POST", "/api/me").formParameter("access_token", token).build();

        Decision notLookedAt = bulwark.check(request, EndpointPolicy.authenticated());
        Decision accepted = Bulwark.builder().tokenVerifier(verifier()).allowFormTokens(true).build()
                .check(request, EndpointPolicy.authenticated());

        assertEquals(401, assertInstanceOf(Decision.Deny.class, notLookedAt).status());
        assertInstanceOf(Decision.Allow.class, accepted);
    }

    @Test
    void forbidsTokenWithoutRequiredScopeWithInsufficientScopeChallenge() throws ParseException {
        String token = issuer.issue("alice", Set.of("orders:read"), Set.of());
        EndpointPolicy policy = EndpointPolicy.builder().requireScopes("orders:write").build();

        Decision.Deny deny = assertInstanceOf(Decision.Deny.class, bulwark.check(get("/api/orders", "Bearer " + token), policy));

        assertEquals(403, deny.status());
        assertEquals("Bearer realm=\"orders\", error=\"insufficient_scope\", "
                + "error_description=\"The access token lacks a required scope\", scope=\"orders:write\"",
                deny.headers().get("WWW-Authenticate"));
        assertEquals("insufficient_scope", json(deny).get("error"));
        assertEquals(SecurityEvent.Kind.ACCESS_DENIED, events.get(0).kind());
        assertEquals("alice", events.get(0).subject().orElseThrow());
    }

    @Test
    void allowsTokenWithAllRequiredScopes() {
        String token = issuer.issue("alice", Set.of("orders:read", "orders:write"), Set.of());
        EndpointPolicy policy = EndpointPolicy.builder().requireScopes("orders:read", "orders:write").build();

        assertInstanceOf(Decision.Allow.class, bulwark.check(get("/api/orders", "Bearer " + token), policy));
    }

    @Test
    void forbidsTokenWithoutAllowedRoleWithoutChallenge() throws ParseException {
        String token = issuer.issue("alice", Set.of(), Set.of("user"));
        EndpointPolicy policy = EndpointPolicy.builder().rolesAllowed("admin", "auditor").build();

        Decision.Deny deny = assertInstanceOf(Decision.Deny.class, bulwark.check(get("/api/admin", "Bearer " + token), policy));

        assertEquals(403, deny.status());
        assertFalse(deny.headers().containsKey("WWW-Authenticate"));
        assertEquals(403L, json(deny).get("status"));
        assertEquals("role_missing", events.get(0).reason());
    }

    @Test
    void allowsTokenWithAnyAllowedRole() {
        String token = issuer.issue("alice", Set.of(), Set.of("auditor"));
        EndpointPolicy policy = EndpointPolicy.builder().rolesAllowed("admin", "auditor").build();

        assertInstanceOf(Decision.Allow.class, bulwark.check(get("/api/admin", "Bearer " + token), policy));
    }

    @Test
    void deniesEveryoneOnDenyAllEndpoint() {
        String token = issuer.issue("alice", Set.of("orders:read"), Set.of("admin"));

        Decision.Deny deny = assertInstanceOf(Decision.Deny.class,
                bulwark.check(get("/api/internal", "Bearer " + token), EndpointPolicy.denyAll()));

        assertEquals(403, deny.status());
        assertEquals("deny_all", events.get(0).reason());
    }

    @Test
    void answersServiceUnavailableWhenKeysCannotBeHad() throws Exception {
        // Nothing listens on this port: the key source is down and nothing is cached.
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Bulwark offline = Bulwark.builder().tokenVerifier(TokenVerifier.builder()
                .trust(ISSUER, KeySource.remoteJwks(java.net.URI.create("http://127.0.0.1:" + closedPort + "/jwks"),
                        io.bulwark.token.RemoteJwksOptions.builder().retry(false).build()))
                .audience(AUDIENCE).clock(CLOCK).build()).eventExecutor(Runnable::run).listener(events::add).build();
        String token = issuer.issue("alice", Set.of(), Set.of());

        Decision.Deny deny = assertInstanceOf(Decision.Deny.class,
                offline.check(get("/api/me", "Bearer " + token), EndpointPolicy.authenticated()));

        assertEquals(503, deny.status());
        assertEquals(SecurityEvent.Kind.KEY_SOURCE_UNAVAILABLE, events.get(0).kind());
    }

    @Test
    void throwingListenerChangesNoDecision() {
        Bulwark withBrokenListener = Bulwark.builder().tokenVerifier(verifier())
                .eventExecutor(Runnable::run).listener(event -> {
                    throw new IllegalStateException("listener bug");
                })
                .listener(events::add)
                .build();

        Decision decision = withBrokenListener.check(get("/api/me"), EndpointPolicy.authenticated());

        assertEquals(401, assertInstanceOf(Decision.Deny.class, decision).status());
        assertEquals(1, events.size(), "the listener after the broken one still hears the event");
    }

    @Test
    void problemBodiesAreProblemJsonWithFixedText() throws ParseException {
        Decision.Deny deny = assertInstanceOf(Decision.Deny.class,
                bulwark.check(get("/api/me", "Bearer not<a>token"), EndpointPolicy.authenticated()));

        assertEquals("application/problem+json", ProblemDetails.MEDIA_TYPE);
        Map<String, Object> body = json(deny);
        assertEquals("about:blank", body.get("type"));
        assertFalse(deny.body().contains("not<a>token"));
    }

    @Test
    void sanitizesEndpointInEventsAgainstLogInjection() {
        SecurityRequest request = SecurityRequest.builder("GET", "/api/me\r\nINFO forged line").build();

        bulwark.check(request, EndpointPolicy.authenticated());

        assertFalse(events.get(0).endpoint().contains("\n"));
        assertFalse(events.get(0).endpoint().contains("\r"));
    }

    @Test
    void refusesToBuildWithoutVerifier() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Bulwark.builder().build());
        assertTrue(e.getMessage().contains("tokenVerifier"));
    }

    @Test
    void refusesRealmThatWouldBreakTheChallenge() {
        assertThrows(IllegalArgumentException.class, () -> Bulwark.builder().realm("a\", error=\"x"));
    }
}
