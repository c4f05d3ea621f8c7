package io.bulwark.benchmarks;

import static io.bulwark.benchmarks.TokenVerificationBenchmark.AUDIENCE;
import static io.bulwark.benchmarks.TokenVerificationBenchmark.BEARER;
import static io.bulwark.benchmarks.TokenVerificationBenchmark.ISSUER;
import static io.bulwark.benchmarks.TokenVerificationBenchmark.SKEW_SECONDS;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.interfaces.DecodedJWT;
import com.auth0.jwt.interfaces.JWTVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import io.bulwark.token.DevelopmentKeys;
import java.security.Key;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import javax.crypto.spec.SecretKeySpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtAudienceValidator;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtTypeValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * The token peers that cannot verify EdDSA, split from {@link TokenVerificationBenchmark} so that the
 * report has no EdDSA row for them rather than a meaningless one (JMH runs every {@code @Param}
 * value for every method of a class, and failing a trial in {@code @Setup} would fail the suite):
 *
 * <ul>
 *   <li>{@code springNimbusJwtDecoder}: Spring Security's {@link NimbusJwtDecoder}, built as a resource
 *       server builds it, {@code withJwkSource} over an {@link ImmutableJWKSet} for RS256 and ES256
 *       (the in-memory form of {@code withJwkSetUri}) and {@code withSecretKey} for HS256, with
 *       {@link JwtValidators#createDefaultWithValidators} given a {@link JwtTypeValidator} for JWT and
 *       at+jwt (Spring's default allows only JWT), issuer, audience, {@code sub} present, and a
 *       {@link JwtTimestampValidator} of 60 s that requires {@code exp}. Unsupported: EdDSA (Spring's
 *       {@code SignatureAlgorithm} has no EdDSA; the decoder could only be given nimbus's Ed25519
 *       verifier through a hand-made key selector, which would be this benchmark's code, not Spring's).</li>
 *   <li>{@code auth0JavaJwt}: auth0's java-jwt {@link JWTVerifier} ({@code JWT.require(algorithm)},
 *       issuer, audience, exp and sub present, 60 s of leeway), then the {@code typ} allow-list it has
 *       no setting for. Unsupported: EdDSA (java-jwt's {@link Algorithm} has no EdDSA).</li>
 * </ul>
 *
 * <p>Each trial issues its own token of the same shape as {@link TokenVerificationBenchmark}'s (the
 * same header, claims and lifetime, its own key of the same kind), and each peer must accept it in
 * {@code @Setup}. The report joins these rows to {@link TokenVerificationBenchmark}'s by configuration
 * ({@code alg=…}), in one table with the floor and Bulwark.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class TokenVerificationBenchmarkNoEdDsa {

    /** {@link TokenVerificationBenchmark}'s set less EdDSA, which neither peer here can verify. */
    @Param({"RS256", "ES256", "HS256"})
    public String alg;

    private String authorizationHeader;
    private NimbusJwtDecoder spring;
    private JWTVerifier auth0;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        JWK key = DevelopmentKeys.generate(alg);
        authorizationHeader = BEARER + TokenVerificationBenchmark.issue(key);
        Key verificationKey = TokenVerificationBenchmark.jcaKey(key);

        spring = switch (alg) {
            case "RS256", "ES256" -> NimbusJwtDecoder
                    .withJwkSource(new ImmutableJWKSet<>(new JWKSet(key.toPublicJWK())))
                    .jwsAlgorithm(SignatureAlgorithm.from(alg))
                    .build();
            case "HS256" -> NimbusJwtDecoder.withSecretKey((SecretKeySpec) verificationKey)
                    .macAlgorithm(MacAlgorithm.HS256)
                    .build();
            default -> throw new IllegalArgumentException("Unsupported alg " + alg);
        };
        JwtTypeValidator type = new JwtTypeValidator("JWT", "at+jwt");
        type.setAllowEmpty(true);
        JwtTimestampValidator timestamps = new JwtTimestampValidator(Duration.ofSeconds(SKEW_SECONDS));
        timestamps.setAllowEmptyExpiryClaim(false);
        spring.setJwtValidator(JwtValidators.createDefaultWithValidators(List.<OAuth2TokenValidator<Jwt>>of(
                type,
                timestamps,
                new JwtIssuerValidator(ISSUER),
                new JwtAudienceValidator(AUDIENCE),
                new JwtClaimValidator<Object>(JwtClaimNames.SUB, Objects::nonNull))));

        Algorithm algorithm = switch (alg) {
            case "RS256" -> Algorithm.RSA256((RSAPublicKey) verificationKey, null);
            case "ES256" -> Algorithm.ECDSA256((ECPublicKey) verificationKey, null);
            case "HS256" -> Algorithm.HMAC256(((SecretKeySpec) verificationKey).getEncoded());
            default -> throw new IllegalArgumentException("Unsupported alg " + alg);
        };
        auth0 = JWT.require(algorithm)
                .withIssuer(ISSUER)
                .withAudience(AUDIENCE)
                .withClaimPresence("exp")
                .withClaimPresence("sub")
                .acceptLeeway(SKEW_SECONDS)
                .build();

        // Each peer must accept the token here, or the trial fails before it measures a rejection.
        TokenVerificationBenchmark.expectSubject("Spring's NimbusJwtDecoder", springNimbusJwtDecoder().getSubject());
        TokenVerificationBenchmark.expectSubject("auth0 java-jwt", auth0JavaJwt().getSubject());
    }

    /** The token as a server gets it from the header: a new String each time, its hash not yet computed. */
    private String freshToken() {
        return authorizationHeader.substring(BEARER.length());
    }

    @Benchmark
    public Jwt springNimbusJwtDecoder() {
        return spring.decode(freshToken());
    }

    @Benchmark
    public DecodedJWT auth0JavaJwt() {
        DecodedJWT jwt = auth0.verify(freshToken());
        if (!TokenVerificationBenchmark.allowedType(jwt.getType())) {
            throw new IllegalStateException("auth0 java-jwt: typ not allowed");
        }
        return jwt;
    }
}
