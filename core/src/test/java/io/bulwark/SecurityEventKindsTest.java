package io.bulwark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import io.bulwark.event.SecurityEvent;
import io.bulwark.ratelimit.LocalBucketStore;
import io.bulwark.ratelimit.Quota;
import io.bulwark.ratelimit.RateLimit;
import io.bulwark.ratelimit.RateLimitKey;
import io.bulwark.ratelimit.RateLimiter;
import io.bulwark.ratelimit.UnreachableStore;
import io.bulwark.token.DevelopmentKeys;
import io.bulwark.token.Fingerprints;
import io.bulwark.token.KeySource;
import io.bulwark.token.RemoteJwksOptions;
import io.bulwark.token.TokenIssuer;
import io.bulwark.token.TokenVerifier;
import io.bulwark.validation.FieldViolation;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Each kind of event is raised by the situation that causes it, with every field right. */
class SecurityEventKindsTest {

    private static final String ISSUER = "https://login.example.test";
    private static final JWK KEY = DevelopmentKeys.generate("ES256");
    private static final Instant NOW = Instant.parse("2026-11-29T10:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final String CLIENT = "2001:db8::7";

    private final List<SecurityEvent> events = new CopyOnWriteArrayList<>();
    private final TokenIssuer issuer = TokenIssuer.builder(KEY).issuer(ISSUER).audience("orders-api").clock(CLOCK).build();

    @AfterEach
    void endRequest() {
        RequestContext.clear();
    }

    private Bulwark.Builder bulwark(KeySource keys) {
        return Bulwark.builder().defaultEventLogger(false).eventExecutor(Runnable::run).listener(events::add).clock(CLOCK)
                .tokenVerifier(TokenVerifier.builder().trust(ISSUER, keys).audience("orders-api").clock(CLOCK).build());
    }

    private Bulwark.Builder bulwark() {
        return bulwark(KeySource.jwkSet(new JWKSet(KEY.toPublicJWK())));
    }

    private static SecurityRequest request(String method, String path, String token) {
        SecurityRequest.Builder b = SecurityRequest.builder(method, path).remoteAddress(CLIENT);
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return b.build();
    }

    private SecurityEvent only() {
        assertEquals(1, events.size(), events.toString());
        SecurityEvent event = events.get(0);
        assertEquals(CLIENT, event.clientAddress());
        assertEquals(NOW, event.time());
        assertTrue(event.requestId().matches("[0-9a-f]{16}"), event.requestId());
        return event;
    }

    private static void assertEvent(SecurityEvent event, SecurityEvent.Kind kind, String reason, String endpoint,
            Optional<String> subject, Optional<String> fingerprint) {
        assertEquals(kind, event.kind());
        assertEquals(reason, event.reason());
        assertEquals(endpoint, event.endpoint());
        assertEquals(subject, event.subject());
        assertEquals(fingerprint, event.tokenFingerprint());
    }

    @Test
    void aRejectedTokenIsAuthenticationFailedWithItsReasonAndFingerprint() {
        String expired = TokenIssuer.builder(KEY).issuer(ISSUER).audience("orders-api")
                .clock(Clock.offset(CLOCK, java.time.Duration.ofHours(-2))).build().issue("alice", Set.of(), Set.of());

        bulwark().build().check(request("GET", "/api/me", expired), EndpointPolicy.authenticated());

        assertEvent(only(), SecurityEvent.Kind.AUTHENTICATION_FAILED, "expired", "GET /api/me", Optional.empty(),
                Optional.of(Fingerprints.of(expired)));
    }

    @Test
    void aMissingTokenIsAuthenticationFailedWithoutAFingerprint() {
        bulwark().build().check(request("GET", "/api/me", null), EndpointPolicy.authenticated());

        assertEvent(only(), SecurityEvent.Kind.AUTHENTICATION_FAILED, "missing_token", "GET /api/me", Optional.empty(),
                Optional.empty());
    }

    @Test
    void aMissingScopeIsAccessDeniedNamingTheSubject() {
        String token = issuer.issue("alice", Set.of("orders:read"), Set.of());

        bulwark().build().check(request("DELETE", "/api/orders/7", token),
                EndpointPolicy.builder().requireScopes("orders:write").build());

        assertEvent(only(), SecurityEvent.Kind.ACCESS_DENIED, "insufficient_scope", "DELETE /api/orders/7",
                Optional.of("alice"), Optional.of(Fingerprints.of(token)));
    }

    @Test
    void aLimitPassedIsRateLimitedNamingTheLimit() {
        Bulwark bulwark = bulwark().rateLimiter(RateLimiter.builder().store(LocalBucketStore.builder().clock(CLOCK).build())
                .limit(RateLimit.of("per-user", Quota.parse("1/PT1M"), RateLimitKey.subject())).build()).build();
        String token = issuer.issue("alice", Set.of(), Set.of());
        EndpointPolicy policy = EndpointPolicy.authenticated().withRateLimits(
                List.of(io.bulwark.ratelimit.EndpointLimit.named("per-user")));

        bulwark.check(request("POST", "/api/orders", token), policy);
        bulwark.check(request("POST", "/api/orders", token), policy);

        assertEvent(only(), SecurityEvent.Kind.RATE_LIMITED, "per-user", "POST /api/orders", Optional.of("alice"),
                Optional.of(Fingerprints.of(token)));
    }

    @Test
    void invalidInputIsInputRejectedForTheRequestOnTheThread() {
        String token = issuer.issue("alice", Set.of(), Set.of());
        Bulwark bulwark = bulwark().build();
        bulwark.check(request("POST", "/api/orders", token), EndpointPolicy.authenticated());

        bulwark.invalidInput(List.of(new FieldViolation("quantity", FieldViolation.INVALID)));

        assertEvent(only(), SecurityEvent.Kind.INPUT_REJECTED, "invalid_input", "POST /api/orders", Optional.of("alice"),
                Optional.empty());
        assertEquals(RequestContext.current().orElseThrow().requestId(), events.get(0).requestId());
    }

    @Test
    void anOversizedBodyRefusedBeforeCheckIsInputRejectedNamingTheClient() {
        bulwark().build().bodyTooLarge(request("PUT", "/api/files", null));

        assertEvent(only(), SecurityEvent.Kind.INPUT_REJECTED, "body_too_large", "PUT /api/files", Optional.empty(),
                Optional.empty());
    }

    @Test
    void keysThatCannotBeFetchedAreKeySourceUnavailable() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Bulwark offline = bulwark(KeySource.remoteJwks(URI.create("http://127.0.0.1:" + closedPort + "/jwks"),
                RemoteJwksOptions.builder().retry(false).build())).build();
        String token = issuer.issue("alice", Set.of(), Set.of());

        offline.check(request("GET", "/api/me", token), EndpointPolicy.authenticated());

        assertEvent(only(), SecurityEvent.Kind.KEY_SOURCE_UNAVAILABLE, "key_source_unavailable", "GET /api/me",
                Optional.empty(), Optional.of(Fingerprints.of(token)));
    }

    @Test
    void aStoreThatCannotBeReachedIsStoreUnavailableWithThePolicyApplied() {
        Bulwark bulwark = bulwark().rateLimiter(RateLimiter.builder().store(new UnreachableStore())
                .globalLimit(RateLimit.of("per-ip", Quota.parse("5/PT1M"), RateLimitKey.clientAddress()))
                .failurePolicy(RateLimiter.FailurePolicy.FAIL_CLOSED).build()).build();

        Decision decision = bulwark.check(request("GET", "/api/ping", null), EndpointPolicy.permitAll());

        assertEquals(503, ((Decision.Deny) decision).status());
        assertEvent(only(), SecurityEvent.Kind.STORE_UNAVAILABLE, "fail_closed", "GET /api/ping", Optional.empty(),
                Optional.empty());
    }
}
