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
import io.bulwark.ratelimit.BucketStore;
import io.bulwark.ratelimit.EndpointLimit;
import io.bulwark.ratelimit.LocalBucketStore;
import io.bulwark.ratelimit.Quota;
import io.bulwark.ratelimit.RateLimit;
import io.bulwark.ratelimit.RateLimitKey;
import io.bulwark.ratelimit.RateLimitProbe;
import io.bulwark.ratelimit.RateLimiter;
import io.bulwark.ratelimit.UnreachableStore;
import io.bulwark.token.DevelopmentKeys;
import io.bulwark.token.KeySource;
import io.bulwark.token.TokenIssuer;
import io.bulwark.token.TokenVerifier;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Rate limits in the pipeline: where they run, what they answer, what they say. */
class BulwarkRateLimitTest {

    private static final String ISSUER = "https://login.example.test";
    private static final JWK KEY = DevelopmentKeys.generate("ES256");
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-29T10:00:00Z"), ZoneOffset.UTC);

    private final List<SecurityEvent> events = new CopyOnWriteArrayList<>();
    private final TokenIssuer issuer = TokenIssuer.builder(KEY).issuer(ISSUER).audience("api").clock(CLOCK).build();
    private final TokenIssuer attacker = TokenIssuer.builder(DevelopmentKeys.generate("ES256")).issuer(ISSUER)
            .audience("api").clock(CLOCK).build();

    private Bulwark bulwark(RateLimiter limiter) {
        return Bulwark.builder()
                .tokenVerifier(TokenVerifier.builder()
                        .trust(ISSUER, KeySource.jwkSet(new JWKSet(KEY.toPublicJWK())))
                        .audience("api").clock(CLOCK).build())
                .rateLimiter(limiter)
                .eventExecutor(Runnable::run).listener(events::add)
                .defaultEventLogger(false)
                .build();
    }

    private static RateLimiter.Builder limiter() {
        return RateLimiter.builder().store(LocalBucketStore.builder().clock(CLOCK).build());
    }

    private static SecurityRequest request(String address, String token) {
        SecurityRequest.Builder b = SecurityRequest.builder("GET", "/api/orders").remoteAddress(address);
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return b.build();
    }

    @Test
    void answersTooManyRequestsWithRetryAfterAndRateLimitHeaders() throws Exception {
        Bulwark bulwark = bulwark(limiter()
                .globalLimit(RateLimit.of("per-ip", Quota.parse("3/PT1M"), RateLimitKey.clientAddress())).build());

        for (int remaining = 2; remaining >= 0; remaining--) {
            Decision.Allow allow = assertInstanceOf(Decision.Allow.class,
                    bulwark.check(request("203.0.113.7", null), EndpointPolicy.permitAll()));
            assertEquals("\"per-ip\";q=3;w=60", allow.headers().get("RateLimit-Policy"));
            assertTrue(allow.headers().get("RateLimit").startsWith("\"per-ip\";r=" + remaining + ";t="),
                    allow.headers().get("RateLimit"));
        }
        Decision.Deny deny = assertInstanceOf(Decision.Deny.class,
                bulwark.check(request("203.0.113.7", null), EndpointPolicy.permitAll()));

        assertEquals(429, deny.status());
        assertEquals("20", deny.headers().get("Retry-After"), "3 per minute: one token every 20 s");
        assertEquals("\"per-ip\";q=3;w=60", deny.headers().get("RateLimit-Policy"));
        assertTrue(deny.headers().get("RateLimit").startsWith("\"per-ip\";r=0;t="));
        Map<String, Object> body = JSONObjectUtils.parse(deny.body());
        assertEquals(429L, body.get("status"));
        assertEquals(SecurityEvent.Kind.RATE_LIMITED, events.get(0).kind());
        assertEquals("per-ip", events.get(0).reason());
        assertInstanceOf(Decision.Allow.class,
                bulwark.check(request("203.0.113.8", null), EndpointPolicy.permitAll()), "another address has its own budget");
    }

    @Test
    void eachEndpointNamesItsOwnLimitsInRateLimitPolicyWhateverCameBefore() throws Exception {
        // More endpoints than the remembered values have slots: every header must still name the
        // endpoint's own limits, in order, however the slots collide and are overwritten.
        Bulwark bulwark = bulwark(limiter().build());
        String token = issuer.issue("alice", Set.of(), Set.of());
        List<EndpointPolicy> policies = new java.util.ArrayList<>();
        for (int i = 0; i < 300; i++) {
            EndpointPolicy.Builder policy = EndpointPolicy.builder().access(EndpointPolicy.Access.AUTHENTICATED)
                    .rateLimit(EndpointLimit.inline(RateLimit.of("ip-" + i, Quota.of(1000 + i, Duration.ofMinutes(1)),
                            RateLimitKey.clientAddress())));
            if (i % 3 != 0) {
                policy.rateLimit(EndpointLimit.inline(RateLimit.of("user-" + i, Quota.of(2000 + i, Duration.ofHours(1)),
                        RateLimitKey.subject())));
            }
            policies.add(policy.build());
        }
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < policies.size(); i++) {
                Decision.Allow allow = assertInstanceOf(Decision.Allow.class,
                        bulwark.check(request("203.0.113.7", token), policies.get(i)));
                String expected = "\"ip-" + i + "\";q=" + (1000 + i) + ";w=60"
                        + (i % 3 != 0 ? ", \"user-" + i + "\";q=" + (2000 + i) + ";w=3600" : "");
                assertEquals(expected, allow.headers().get("RateLimit-Policy"), "endpoint " + i + ", round " + round);
            }
        }
    }

    @Test
    void stopsAFloodOfBadTokensBeforeVerifyingThem() {
        Bulwark bulwark = bulwark(limiter()
                .globalLimit(RateLimit.of("per-ip", Quota.parse("5/PT1M"), RateLimitKey.clientAddress())).build());
        String forged = attacker.issue("mallory", Set.of(), Set.of());

        int unauthorized = 0;
        int limited = 0;
        for (int i = 0; i < 50; i++) {
            Decision.Deny deny = assertInstanceOf(Decision.Deny.class,
                    bulwark.check(request("198.51.100.9", forged), EndpointPolicy.authenticated()));
            unauthorized += deny.status() == 401 ? 1 : 0;
            limited += deny.status() == 429 ? 1 : 0;
        }

        assertEquals(5, unauthorized);
        assertEquals(45, limited);
        long verificationFailures = events.stream().filter(e -> e.kind() == SecurityEvent.Kind.AUTHENTICATION_FAILED).count();
        assertEquals(5, verificationFailures, "only the first five tokens were ever verified");
    }

    @Test
    void blocksAnAddressPastItsFailedAuthenticationBudgetEvenWithAValidToken() {
        Bulwark bulwark = bulwark(limiter().authenticationFailureLimit(Quota.parse("3/PT10M")).build());
        String forged = attacker.issue("alice", Set.of(), Set.of());
        String valid = issuer.issue("alice", Set.of(), Set.of());

        for (int i = 0; i < 3; i++) {
            assertEquals(401, assertInstanceOf(Decision.Deny.class,
                    bulwark.check(request("198.51.100.9", forged), EndpointPolicy.authenticated())).status());
        }
        Decision.Deny blocked = assertInstanceOf(Decision.Deny.class,
                bulwark.check(request("198.51.100.9", valid), EndpointPolicy.authenticated()));

        assertEquals(429, blocked.status());
        assertEquals("auth-failures", events.get(events.size() - 1).reason());
        assertInstanceOf(Decision.Allow.class,
                bulwark.check(request("198.51.100.10", valid), EndpointPolicy.authenticated()));
        assertInstanceOf(Decision.Allow.class,
                bulwark.check(request("198.51.100.9", null), EndpointPolicy.permitAll()),
                "requests without credentials are not brute-force attempts");
    }

    @Test
    void limitsEachSubjectAfterAuthentication() {
        Bulwark bulwark = bulwark(limiter()
                .limit(RateLimit.of("per-user", Quota.parse("2/PT1M"), RateLimitKey.subject())).build());
        EndpointPolicy policy = EndpointPolicy.builder().rateLimit(EndpointLimit.named("per-user")).build();
        String alice = issuer.issue("alice", Set.of(), Set.of());
        String bob = issuer.issue("bob", Set.of(), Set.of());

        assertInstanceOf(Decision.Allow.class, bulwark.check(request("203.0.113.1", alice), policy));
        assertInstanceOf(Decision.Allow.class, bulwark.check(request("203.0.113.2", alice), policy));
        Decision.Deny deny = assertInstanceOf(Decision.Deny.class, bulwark.check(request("203.0.113.3", alice), policy));
        Decision.Allow other = assertInstanceOf(Decision.Allow.class, bulwark.check(request("203.0.113.1", bob), policy));

        assertEquals(429, deny.status());
        assertEquals("alice", events.get(0).subject().orElseThrow());
        assertEquals("\"per-user\";q=2;w=60", other.headers().get("RateLimit-Policy"));
    }

    @Test
    void skipsSubjectLimitsForAnonymousRequests() {
        Bulwark bulwark = bulwark(limiter()
                .limit(RateLimit.of("per-user", Quota.parse("1/PT1M"), RateLimitKey.subject())).build());
        EndpointPolicy policy = EndpointPolicy.builder().access(EndpointPolicy.Access.PUBLIC)
                .rateLimit(EndpointLimit.named("per-user")).build();

        for (int i = 0; i < 5; i++) {
            Decision.Allow allow = assertInstanceOf(Decision.Allow.class, bulwark.check(request("203.0.113.1", null), policy));
            assertFalse(allow.headers().containsKey("RateLimit"), allow.headers().toString());
            assertFalse(allow.headers().containsKey("RateLimit-Policy"), allow.headers().toString());
        }
    }

    @Test
    void chargesExpensiveEndpointsMore() {
        Bulwark bulwark = bulwark(limiter()
                .limit(RateLimit.of("per-ip", Quota.parse("25/PT1M"), RateLimitKey.clientAddress())).build());
        EndpointPolicy expensive = EndpointPolicy.builder().access(EndpointPolicy.Access.PUBLIC)
                .rateLimit(EndpointLimit.named("per-ip", 10)).build();

        assertInstanceOf(Decision.Allow.class, bulwark.check(request("203.0.113.1", null), expensive));
        assertInstanceOf(Decision.Allow.class, bulwark.check(request("203.0.113.1", null), expensive));
        assertEquals(429, assertInstanceOf(Decision.Deny.class,
                bulwark.check(request("203.0.113.1", null), expensive)).status());
    }

    @Test
    void keepsApiKeysApartAndHashed() {
        RateLimit perKey = RateLimit.of("per-key", Quota.parse("1/PT1M"), RateLimitKey.apiKey("X-API-Key"));
        List<String> seenKeys = new CopyOnWriteArrayList<>();
        LocalBucketStore local = LocalBucketStore.builder().clock(CLOCK).build();
        BucketStore recording = new BucketStore() {
            @Override
            public RateLimitProbe tryConsume(String key, RateLimit limit, long cost) {
                seenKeys.add(key);
                return local.tryConsume(key, limit, cost);
            }

            @Override
            public RateLimitProbe peek(String key, RateLimit limit, long cost) {
                return local.peek(key, limit, cost);
            }

            @Override
            public long size() {
                return local.size();
            }
        };
        Bulwark bulwark = bulwark(RateLimiter.builder().store(recording).globalLimit(perKey).build());
        SecurityRequest first = SecurityRequest.builder("GET", "/api/x").header("X-API-Key", "secret-key-one").build();
        SecurityRequest second = SecurityRequest.builder("GET", "/api/x").header("X-API-Key", "secret-key-two").build();

        assertInstanceOf(Decision.Allow.class, bulwark.check(first, EndpointPolicy.permitAll()));
        assertInstanceOf(Decision.Allow.class, bulwark.check(second, EndpointPolicy.permitAll()));
        assertInstanceOf(Decision.Deny.class, bulwark.check(first, EndpointPolicy.permitAll()));
        assertFalse(seenKeys.stream().anyMatch(k -> k.contains("secret-key")), "API keys reach the store only hashed");
    }

    @Test
    void failsOpenByDefaultWhenTheStoreIsDownAndSaysSo() {
        Bulwark bulwark = bulwark(RateLimiter.builder().store(new UnreachableStore())
                .globalLimit(RateLimit.of("per-ip", Quota.parse("1/PT1M"), RateLimitKey.clientAddress())).build());

        for (int i = 0; i < 3; i++) {
            assertInstanceOf(Decision.Allow.class, bulwark.check(request("203.0.113.1", null), EndpointPolicy.permitAll()));
        }
        assertEquals(SecurityEvent.Kind.STORE_UNAVAILABLE, events.get(0).kind());
        assertEquals("fail_open", events.get(0).reason());
    }

    @Test
    void failsClosedWhenConfiguredTo() {
        Bulwark bulwark = bulwark(RateLimiter.builder().store(new UnreachableStore())
                .failurePolicy(RateLimiter.FailurePolicy.FAIL_CLOSED)
                .globalLimit(RateLimit.of("per-ip", Quota.parse("1/PT1M"), RateLimitKey.clientAddress())).build());

        Decision.Deny deny = assertInstanceOf(Decision.Deny.class,
                bulwark.check(request("203.0.113.1", null), EndpointPolicy.permitAll()));

        assertEquals(503, deny.status());
        assertEquals("fail_closed", events.get(0).reason());
    }

    @Test
    void limitsAClientRotatingForwardedForValuesAsOneAddressWithoutTrustedProxies() {
        Bulwark bulwark = bulwark(limiter()
                .globalLimit(RateLimit.of("per-ip", Quota.parse("3/PT1M"), RateLimitKey.clientAddress())).build());

        int allowed = 0;
        for (int i = 0; i < 20; i++) {
            SecurityRequest spoofed = SecurityRequest.builder("GET", "/api/ping").remoteAddress("198.51.100.9")
                    .header("X-Forwarded-For", "203.0.113." + i).header("Forwarded", "for=192.0.2." + i).build();
            allowed += bulwark.check(spoofed, EndpointPolicy.permitAll()) instanceof Decision.Allow ? 1 : 0;
        }

        assertEquals(3, allowed);
        assertEquals("198.51.100.9", events.get(0).clientAddress());
    }

    @Test
    void givesClientsBehindATrustedProxySeparateBudgets() {
        Bulwark bulwark = Bulwark.builder()
                .tokenVerifier(TokenVerifier.builder()
                        .trust(ISSUER, KeySource.jwkSet(new JWKSet(KEY.toPublicJWK()))).audience("api").build())
                .rateLimiter(limiter()
                        .globalLimit(RateLimit.of("per-ip", Quota.parse("2/PT1M"), RateLimitKey.clientAddress())).build())
                .clientAddressResolver(io.bulwark.ratelimit.ClientAddressResolver.builder().trustedProxies("10.0.0.0/8").build())
                .defaultEventLogger(false)
                .build();

        int first = 0;
        int second = 0;
        for (int i = 0; i < 5; i++) {
            first += bulwark.check(SecurityRequest.builder("GET", "/api/ping").remoteAddress("10.0.0.1")
                    .header("X-Forwarded-For", "203.0.113.1").build(), EndpointPolicy.permitAll()) instanceof Decision.Allow ? 1 : 0;
            second += bulwark.check(SecurityRequest.builder("GET", "/api/ping").remoteAddress("10.0.0.1")
                    .header("X-Forwarded-For", "203.0.113.2").build(), EndpointPolicy.permitAll()) instanceof Decision.Allow ? 1 : 0;
        }

        assertEquals(2, first);
        assertEquals(2, second);
    }

    @Test
    void refusesAtDeploymentAnEndpointNamingAnUnknownLimit() {
        Bulwark bulwark = bulwark(limiter().build());
        EndpointPolicy typo = EndpointPolicy.builder().rateLimit(EndpointLimit.named("per-usr")).build();

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> bulwark.validate(typo));
        assertTrue(e.getMessage().contains("per-usr"));
    }

    @Test
    void refusesEndpointLimitsWithoutALimiter() {
        Bulwark plain = Bulwark.builder().tokenVerifier(TokenVerifier.builder()
                .trust(ISSUER, KeySource.jwkSet(new JWKSet(KEY.toPublicJWK()))).audience("api").build()).build();
        EndpointPolicy limited = EndpointPolicy.builder().rateLimit(EndpointLimit.named("per-user")).build();

        assertThrows(IllegalStateException.class, () -> plain.validate(limited));
    }
}
