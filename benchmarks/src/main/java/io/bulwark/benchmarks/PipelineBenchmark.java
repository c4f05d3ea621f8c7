package io.bulwark.benchmarks;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import io.bulwark.Bulwark;
import io.bulwark.Decision;
import io.bulwark.EndpointPolicy;
import io.bulwark.SecurityRequest;
import io.bulwark.http.SecurityHeaders;
import io.bulwark.ratelimit.EndpointLimit;
import io.bulwark.ratelimit.Quota;
import io.bulwark.ratelimit.RateLimit;
import io.bulwark.ratelimit.RateLimitKey;
import io.bulwark.ratelimit.RateLimiter;
import io.bulwark.token.DevelopmentKeys;
import io.bulwark.token.KeySource;
import io.bulwark.token.TokenIssuer;
import io.bulwark.token.TokenRejectedException;
import io.bulwark.token.TokenVerifier;
import io.bulwark.token.VerifiedToken;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The whole core pipeline for a typical protected request, {@link Bulwark#check}, in parts: the
 * issue's target is {@code full} within 1 µs.
 *
 * <p>The request carries a valid ES256 bearer token, already in the verified-token cache (as a busy
 * API sees its callers' tokens), as a fresh copy of the {@code Authorization} header each time, the
 * way a server receives it. The policy requires a scope and applies a limit per client address and
 * one per subject, so large that no request is ever refused.
 *
 * <ul>
 *   <li>{@code full}: token, scope, both limits, the default security headers;</li>
 *   <li>{@code fullNoSecurityHeaders}: the same with {@link SecurityHeaders#none()};</li>
 *   <li>{@code tokenAndScopeOnly}: no rate limiter, no limits, the default security headers;</li>
 *   <li>{@code verifyOnly}: {@link TokenVerifier#verify} of the token alone (a cache hit).</li>
 * </ul>
 *
 * <pre>{@code
 * java -jar benchmarks/target/benchmarks.jar PipelineBenchmark -prof gc
 * }</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class PipelineBenchmark {

    private static final String ISSUER = "https://issuer.bench.test";
    private static final String AUDIENCE = "bench-api";
    private static final String AUTHORIZATION = "Authorization";

    private Bulwark full;
    private Bulwark noSecurityHeaders;
    private Bulwark noLimiter;
    private EndpointPolicy limited;
    private EndpointPolicy scopeOnly;
    private String header;

    /** Issues the token, builds the three Bulwarks, and puts the token in the verified-token cache. */
    @Setup(Level.Trial)
    public void setUp() throws TokenRejectedException {
        JWK key = DevelopmentKeys.generate("ES256");
        String token = TokenIssuer.builder(key).issuer(ISSUER).audience(AUDIENCE).lifetime(Duration.ofHours(1))
                .build().issue("bench-user", List.of("bench:read"), List.of());
        header = "Bearer " + token;
        TokenVerifier verifier = TokenVerifier.builder()
                .trust(ISSUER, KeySource.jwkSet(new JWKSet(key.toPublicJWK())))
                .audience(AUDIENCE)
                .build();
        full = Bulwark.builder().tokenVerifier(verifier).rateLimiter(RateLimiter.builder().build())
                .defaultEventLogger(false).build();
        noSecurityHeaders = Bulwark.builder().tokenVerifier(verifier).rateLimiter(RateLimiter.builder().build())
                .securityHeaders(SecurityHeaders.none()).defaultEventLogger(false).build();
        noLimiter = Bulwark.builder().tokenVerifier(verifier).defaultEventLogger(false).build();
        // Limits far above what one run can spend: every request is decided and allowed.
        limited = EndpointPolicy.builder()
                .requireScopes("bench:read")
                .rateLimit(EndpointLimit.inline(RateLimit.of("per-ip",
                        Quota.of(1_000_000_000L, Duration.ofMinutes(1)), RateLimitKey.clientAddress())))
                .rateLimit(EndpointLimit.inline(RateLimit.of("per-user",
                        Quota.of(1_000_000_000L, Duration.ofMinutes(1)), RateLimitKey.subject())))
                .build();
        scopeOnly = EndpointPolicy.builder().requireScopes("bench:read").build();
        verifier.verify(token);
        for (Decision decision : List.of(full(), fullNoSecurityHeaders(), tokenAndScopeOnly())) {
            if (!(decision instanceof Decision.Allow)) {
                throw new IllegalStateException("the benchmark request was denied: " + decision);
            }
        }
    }

    /** A request as an adapter hands it over, its Authorization header a fresh string. */
    private SecurityRequest request() {
        String authorization = new String(header);
        return new SecurityRequest() {
            @Override
            public String method() {
                return "GET";
            }

            @Override
            public String path() {
                return "/hello";
            }

            @Override
            public List<String> headers(String name) {
                return name.equalsIgnoreCase(AUTHORIZATION) ? List.of(authorization) : List.of();
            }

            @Override
            public String remoteAddress() {
                return "127.0.0.1";
            }

            @Override
            public boolean secure() {
                return false;
            }
        };
    }

    /**
     * Token, scope, a limit per client address and one per subject, default security headers.
     *
     * @return the decision
     */
    @Benchmark
    public Decision full() {
        return full.check(request(), limited);
    }

    /**
     * As {@link #full()}, without security headers.
     *
     * @return the decision
     */
    @Benchmark
    public Decision fullNoSecurityHeaders() {
        return noSecurityHeaders.check(request(), limited);
    }

    /**
     * Token and scope, default security headers, no rate limiter.
     *
     * @return the decision
     */
    @Benchmark
    public Decision tokenAndScopeOnly() {
        return noLimiter.check(request(), scopeOnly);
    }

    /**
     * The verified-token cache hit alone, on a fresh substring of the header.
     *
     * @return the principal
     * @throws TokenRejectedException never: the token is valid
     */
    @Benchmark
    public VerifiedToken verifyOnly() throws TokenRejectedException {
        return noLimiter.tokenVerifier().verify(new String(header.substring(7)));
    }
}
