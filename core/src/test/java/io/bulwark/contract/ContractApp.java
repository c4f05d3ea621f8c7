package io.bulwark.contract;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.bulwark.Bulwark;
import io.bulwark.EndpointPolicy;
import io.bulwark.event.SecurityEvent;
import io.bulwark.ratelimit.ClientAddressResolver;
import io.bulwark.ratelimit.EndpointLimit;
import io.bulwark.ratelimit.Quota;
import io.bulwark.ratelimit.RateLimitKey;
import io.bulwark.ratelimit.RateLimiter;
import io.bulwark.token.DevelopmentKeys;
import io.bulwark.token.KeySource;
import io.bulwark.token.TokenIssuer;
import io.bulwark.token.TokenVerifier;
import io.bulwark.validation.InputLimits;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The application every adapter serves to {@link HttpContractSuite}: a configured {@link Bulwark},
 * the policy of each endpoint, and the tokens the suite sends.
 *
 * <p>The endpoints (each adapter wires them with its own mechanism; annotations give the same
 * policies as {@link #policy(String, String)}):
 * <pre>
 * GET  /contract/public   &#64;PermitAll                            → 200 "public"
 * GET  /contract/me       &#64;Authenticated                        → 200 "subject=… admin=… scheme=…" (container API)
 * GET  /contract/orders   &#64;RequiresScopes("orders:read")        → 200 "orders"
 * GET  /contract/admin    &#64;RolesAllowed("admin")                → 200 "admin"
 * GET  /contract/closed   &#64;DenyAll                              → never reached
 * GET  /contract/limited  &#64;PermitAll &#64;RateLimited(name = "contract-ip", requests = 3, period = "PT1M")
 * POST /contract/echo     &#64;PermitAll, reads the body            → 200 "bytes=&lt;n&gt;"
 * GET  /contract/leak     &#64;Authenticated, writes "app-secret-output" and X-App: leaked
 * </pre>
 */
public final class ContractApp {

    /** The issuer of the app's tokens. */
    public static final String ISSUER = "https://issuer.contract.test";
    /** The audience of the app's tokens. */
    public static final String AUDIENCE = "contract-api";
    /** The realm of the app's challenges. */
    public static final String REALM = "contract";
    /** The app's body limit. */
    public static final int MAX_BODY_BYTES = 1024;
    /** What {@code /contract/leak} writes before any check could stop it. */
    public static final String LEAKED_OUTPUT = "app-secret-output";

    private static final ECKey KEY = (ECKey) DevelopmentKeys.generate("ES256");
    private static final ECKey OTHER_KEY = (ECKey) DevelopmentKeys.generate("ES256");

    private final List<SecurityEvent> events = new CopyOnWriteArrayList<>();
    private final Bulwark bulwark;
    private final TokenIssuer issuer = TokenIssuer.builder(KEY).issuer(ISSUER).audience(AUDIENCE).build();
    private final Map<String, EndpointPolicy> policies;

    /** A fresh app: its own buckets, its own event list. */
    public ContractApp() {
        bulwark = Bulwark.builder()
                .tokenVerifier(TokenVerifier.builder()
                        .trust(ISSUER, KeySource.jwkSet(new JWKSet(KEY.toPublicJWK())))
                        .audience(AUDIENCE)
                        .build())
                .realm(REALM)
                .clientAddressResolver(ClientAddressResolver.builder().trustedProxies("127.0.0.1/32", "::1/128").build())
                .rateLimiter(RateLimiter.builder().build())
                .inputLimits(InputLimits.builder().maxBodyBytes(MAX_BODY_BYTES).build())
                .defaultEventLogger(false)
                .eventExecutor(Runnable::run).listener(event -> {
                    if (events.size() < 10_000) {
                        events.add(event);
                    }
                })
                .build();
        EndpointLimit limited = EndpointLimit.inline(io.bulwark.ratelimit.RateLimit.of("contract-ip",
                Quota.of(3, Duration.ofMinutes(1)), RateLimitKey.clientAddress()));
        policies = Map.of(
                "GET /contract/public", EndpointPolicy.permitAll(),
                "GET /contract/me", EndpointPolicy.authenticated(),
                "GET /contract/orders", EndpointPolicy.builder().requireScopes("orders:read").build(),
                "GET /contract/admin", EndpointPolicy.builder().rolesAllowed("admin").build(),
                "GET /contract/closed", EndpointPolicy.denyAll(),
                "GET /contract/limited", EndpointPolicy.permitAll().withRateLimits(List.of(limited)),
                "POST /contract/echo", EndpointPolicy.permitAll(),
                "GET /contract/leak", EndpointPolicy.authenticated());
    }

    /**
     * The Bulwark protecting the app: realm {@value #REALM}, proxies on loopback trusted (so the
     * suite can set {@code X-Forwarded-For} and {@code X-Forwarded-Proto}), local rate limits, a
     * body limit of {@value #MAX_BODY_BYTES} bytes, default security headers.
     */
    public Bulwark bulwark() {
        return bulwark;
    }

    /** The security events raised so far (denials), oldest first. */
    public List<SecurityEvent> events() {
        return List.copyOf(events);
    }

    /**
     * The policy of an endpoint, for adapters wired by routes.
     *
     * @param method the HTTP method
     * @param path the path, e.g. {@code /contract/orders}
     * @return the policy; {@link EndpointPolicy#denyAll()} for an endpoint the app does not have
     */
    public EndpointPolicy policy(String method, String path) {
        return policies.getOrDefault(method + " " + path, EndpointPolicy.denyAll());
    }

    /** Every endpoint as {@code "METHOD /path"}. */
    public static List<String> endpoints() {
        return List.of("GET /contract/public", "GET /contract/me", "GET /contract/orders", "GET /contract/admin",
                "GET /contract/closed", "GET /contract/limited", "POST /contract/echo", "GET /contract/leak");
    }

    /** A valid token. */
    public String token(String subject, List<String> scopes, List<String> roles) {
        return issuer.issue(subject, scopes, roles);
    }

    /** A token that expired an hour ago. */
    public String expiredToken() {
        return TokenIssuer.builder(KEY).issuer(ISSUER).audience(AUDIENCE)
                .clock(Clock.offset(Clock.systemUTC(), Duration.ofHours(-2))).lifetime(Duration.ofMinutes(5)).build()
                .issue("alice", List.of("orders:read"), List.of());
    }

    /** A token signed by a key the app does not trust, with the trusted key's id. */
    public String forgedToken() {
        ECKey impostor = new ECKey.Builder(OTHER_KEY).keyID(KEY.getKeyID()).build();
        return TokenIssuer.builder(impostor).issuer(ISSUER).audience(AUDIENCE).build()
                .issue("alice", List.of("orders:read"), List.of("admin"));
    }

    /** A valid signature for another audience. */
    public String wrongAudienceToken() {
        return TokenIssuer.builder(KEY).issuer(ISSUER).audience("another-api").build()
                .issue("alice", List.of("orders:read"), List.of());
    }

    /** A valid signature from an issuer the app does not trust. */
    public String wrongIssuerToken() {
        return TokenIssuer.builder(KEY).issuer("https://evil.example").audience(AUDIENCE).build()
                .issue("alice", List.of("orders:read"), List.of());
    }

    /** An unsigned token ({@code alg: none}). */
    public String unsignedToken() {
        return new PlainJWT(claims()).serialize();
    }

    /** A valid token with one bit of its signature flipped. */
    public String tamperedToken() {
        String token = token("alice", List.of("orders:read"), List.of());
        int last = token.length() - 2;
        char c = token.charAt(last);
        return token.substring(0, last) + (c == 'A' ? 'B' : 'A') + token.substring(last + 1);
    }

    /** A token of {@code kid} unknown to the app. */
    public String unknownKeyToken() {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("no-such-key").build(), claims());
            jwt.sign(new ECDSASigner(OTHER_KEY));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JWTClaimsSet claims() {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder().issuer(ISSUER).audience(AUDIENCE).subject("alice")
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300)))
                .claim("scope", "orders:read").build();
    }

    /** The app's signing key, public part. */
    public static JWK publicKey() {
        return KEY.toPublicJWK();
    }
}
