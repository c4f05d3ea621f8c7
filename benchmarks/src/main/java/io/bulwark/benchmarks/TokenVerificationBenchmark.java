package io.bulwark.benchmarks;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.crypto.Ed25519Verifier;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSKeySelector;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.bulwark.token.DevelopmentKeys;
import io.bulwark.token.KeySource;
import io.bulwark.token.TokenIssuer;
import io.bulwark.token.TokenVerifier;
import io.bulwark.token.VerifiedToken;
import io.jsonwebtoken.Claims;
import io.jsonwebtoken.Jws;
import io.jsonwebtoken.JwtParser;
import io.jsonwebtoken.Jwts;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.ErrorCodeValidator;
import org.jose4j.jwt.consumer.ErrorCodes;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.jwx.JsonWebStructure;
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

/**
 * Verification of one access token, per algorithm, side by side:
 *
 * <ul>
 *   <li>{@code bulwarkUncached}: {@link TokenVerifier} with {@code disableCache()}: parse, key
 *       selection, signature, claims, every time;</li>
 *   <li>{@code bulwarkCached}: the same verifier with its verified-token cache on, the token
 *       already verified once: a cache hit with {@code exp} and revocation re-checked;</li>
 *   <li>{@code nimbusProcessor}: nimbus's {@link DefaultJWTProcessor} with a
 *       {@link JWSVerificationKeySelector} over an {@link ImmutableJWKSet} and a
 *       {@link DefaultJWTClaimsVerifier}; for EdDSA, whose OKP keys nimbus's key selector cannot
 *       hand out, a selector and factory of the same shape that give nimbus's Tink-based
 *       {@link Ed25519Verifier} a key matched per token;</li>
 *   <li>{@code jcaFloor}: the JCA primitive alone over the token's signing input, key decoded and
 *       the {@code Signature}/{@code Mac} initialised once, signature bytes decoded once: what no
 *       verifier can go below;</li>
 *   <li>{@code jjwt}: jjwt's {@link JwtParser} ({@code Jwts.parser().verifyWith(key)}, issuer and
 *       audience required, 60 s of skew), then the {@code typ}, {@code exp} and {@code sub} checks
 *       jjwt has no setting for, on what it returns;</li>
 *   <li>{@code jose4j}: jose4j's {@link JwtConsumer} ({@code JwtConsumerBuilder} with the key, the
 *       one algorithm permitted, issuer, audience, exp and sub required, 60 s of skew) and a
 *       registered validator for the {@code typ} allow-list.</li>
 * </ul>
 *
 * <p>Two more peers, Spring Security's {@code NimbusJwtDecoder} ({@code springNimbusJwtDecoder}) and
 * auth0's java-jwt ({@code auth0JavaJwt}), cannot verify EdDSA: Spring's {@code SignatureAlgorithm}
 * has no EdDSA, and java-jwt's {@code Algorithm} has none either. They live in
 * {@link TokenVerificationBenchmarkNoEdDsa}, whose {@code alg} runs over RS256, ES256 and HS256 only,
 * rather than here returning a constant for EdDSA: a constant would show up in the report as a row
 * about a thousand times faster than the JCA floor, a number that means nothing. The split class
 * issues its own token of the same shape (same header, claims and lifetime, its own key), and the
 * report joins its rows into this class's tables by configuration (see
 * {@code io.bulwark.benchmarks.report.Group}), so for EdDSA those two peers have no row at all.
 * {@code java -jar benchmarks.jar TokenVerificationBenchmark} runs both classes (the name is a regex).
 *
 * <p>All the verifiers check the same things: signature, {@code typ} one of {@code JWT},
 * {@code at+jwt} or absent, {@code iss} equal to the trusted issuer, {@code aud} containing the
 * audience, {@code exp} (and {@code sub}, which Bulwark always requires) present, {@code exp} and
 * {@code nbf} against the clock with 60 s of skew. Every peer must accept the token in
 * {@code @Setup} (it fails the trial there otherwise), so no run measures a rejection.
 *
 * <p>Each call gets the token as a server receives it: a fresh {@code String}, the substring of an
 * {@code Authorization} header value, so a cache keyed on the token pays for hashing it every time
 * (a {@code String} caches its hash, a fresh one has none).
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar TokenVerificationBenchmark -rf json -rff token-bench.json
 * java -jar benchmarks/target/benchmarks.jar TokenVerificationBenchmark -p alg=HS256 -prof gc
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
// Five warm-up seconds: Tink's Ed25519 (pure Java field arithmetic) is still speeding up after three.
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class TokenVerificationBenchmark {

    static final String ISSUER = "https://login.bench.example";
    static final String AUDIENCE = "orders-api";
    static final String SUBJECT = "alice";
    /** The clock skew every verifier allows on exp and nbf: Bulwark's and nimbus's default. */
    static final int SKEW_SECONDS = 60;
    static final String BEARER = "Bearer ";
    /** X.509 SubjectPublicKeyInfo prefix of a raw 32-byte Ed25519 key (RFC 8410 §4). */
    private static final byte[] ED25519_SPKI_PREFIX = {
        0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};

    @Param({"RS256", "ES256", "HS256", "EdDSA"})
    public String alg;

    /** The whole {@code Authorization} header value; each call takes the token out of it afresh. */
    private String authorizationHeader;
    private TokenVerifier uncached;
    private TokenVerifier cached;
    private DefaultJWTProcessor<SecurityContext> nimbus;
    private JwtParser jjwtParser;
    private JwtConsumer jose4jConsumer;

    /** The JCA floor's inputs: decoded once. */
    private byte[] signingInput;
    private byte[] signature;
    private PublicKey publicKey;
    private SecretKeySpec hmacKey;
    private String jcaAlgorithm;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        JWK key = DevelopmentKeys.generate(alg);
        String token = issue(key);
        authorizationHeader = BEARER + token;

        KeySource keys = key instanceof OctetSequenceKey oct
                ? KeySource.hmacSecret(oct.toByteArray())
                : KeySource.jwkSet(new JWKSet(key.toPublicJWK()));
        uncached = TokenVerifier.builder().trust(ISSUER, keys).audience(AUDIENCE).disableCache().build();
        cached = TokenVerifier.builder().trust(ISSUER, keys).audience(AUDIENCE).build();

        JWK nimbusKey = key instanceof OctetSequenceKey ? key : key.toPublicJWK();
        nimbus = new DefaultJWTProcessor<>();
        // The same typ allow-list as Bulwark's default: JWT, at+jwt (RFC 9068), or none.
        nimbus.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(
                JOSEObjectType.JWT, new JOSEObjectType("at+jwt"), null));
        ImmutableJWKSet<SecurityContext> nimbusKeys = new ImmutableJWKSet<>(new JWKSet(nimbusKey));
        if (nimbusKey instanceof OctetKeyPair) {
            // nimbus's JWSVerificationKeySelector hands out java.security keys only, and an OKP JWK has
            // none, so DefaultJWSVerifierFactory never sees an Ed25519 key; give it nimbus's own
            // Ed25519Verifier (Tink) the same way: keys matched per token, a verifier made per token.
            nimbus.setJWSKeySelector(new Ed25519KeySelector(nimbusKeys));
            nimbus.setJWSVerifierFactory(new Ed25519VerifierFactory());
        } else {
            nimbus.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.parse(alg), nimbusKeys));
        }
        nimbus.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(
                Set.of(AUDIENCE),
                new JWTClaimsSet.Builder().issuer(ISSUER).build(),
                new HashSet<>(List.of("exp", "sub")),
                null));

        SignedJWT jwt = SignedJWT.parse(token);
        signingInput = jwt.getSigningInput();
        signature = jwt.getSignature().decode();
        Key verificationKey = jcaKey(key);
        if (verificationKey instanceof SecretKeySpec secret) {
            hmacKey = secret;
        } else {
            publicKey = (PublicKey) verificationKey;
        }
        jcaAlgorithm = switch (alg) {
            case "RS256" -> "SHA256withRSA";
            // JWS carries R||S (RFC 7518 §3.4); the P1363 form takes it as it is.
            case "ES256" -> "SHA256withECDSAinP1363Format";
            case "EdDSA" -> "Ed25519";
            case "HS256" -> "HmacSHA256";
            default -> throw new IllegalArgumentException("Unsupported alg " + alg);
        };

        // jjwt: what its parser can require (signature, iss, aud, exp/nbf with skew) it requires;
        // typ, and exp and sub being present, it cannot, so jjwt() checks them on its result.
        var jjwtBuilder = Jwts.parser().requireIssuer(ISSUER).requireAudience(AUDIENCE).clockSkewSeconds(SKEW_SECONDS);
        jjwtParser = (verificationKey instanceof SecretKey secret
                ? jjwtBuilder.verifyWith(secret)
                : jjwtBuilder.verifyWith((PublicKey) verificationKey)).build();

        // jose4j: the algorithm pinned as the others pin it; typ through a validator of its own kind.
        jose4jConsumer = new JwtConsumerBuilder()
                .setVerificationKey(verificationKey)
                .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, alg)
                .setExpectedIssuer(ISSUER)
                .setExpectedAudience(AUDIENCE)
                .setRequireExpirationTime()
                .setRequireSubject()
                .setAllowedClockSkewInSeconds(SKEW_SECONDS)
                .registerValidator((ErrorCodeValidator) context -> {
                    JsonWebStructure jws = context.getJoseObjects().get(0);
                    return allowedType(jws.getHeaders().getStringHeaderValue("typ")) ? null
                            : new ErrorCodeValidator.Error(ErrorCodes.TYPE_INVALID, "typ not allowed");
                })
                .build();

        // Each way must accept the token before its time means anything; the cached verifier
        // then holds it, so every measured call of bulwarkCached is a hit.
        check(uncached.verify(freshToken()));
        check(cached.verify(freshToken()));
        expectSubject("nimbus", nimbus.process(freshToken(), null).getSubject());
        expectSubject("jjwt", jjwt().getPayload().getSubject());
        expectSubject("jose4j", jose4j().getSubject());
        JcaFloor floor = new JcaFloor();
        floor.setUp(this);
        if (!floor.verify()) {
            throw new IllegalStateException("The JCA floor rejected the token for " + alg);
        }
    }

    private static void check(VerifiedToken verified) {
        if (!SUBJECT.equals(verified.subject())) {
            throw new IllegalStateException("Bulwark returned the wrong principal");
        }
    }

    /** Fails the trial in {@code @Setup} when a peer accepted the token but read the wrong subject. */
    static void expectSubject(String peer, String subject) {
        if (!SUBJECT.equals(subject)) {
            throw new IllegalStateException(peer + " returned the wrong subject: " + subject);
        }
    }

    /**
     * The token every verifier of a trial gets: Bulwark's issuer's, {@code typ: at+jwt}, with iss, aud,
     * sub, iat, exp an hour ahead (far beyond any run: it stays valid throughout), scopes and roles.
     */
    static String issue(JWK key) {
        TokenIssuer issuer = TokenIssuer.builder(key).issuer(ISSUER).audience(AUDIENCE)
                .lifetime(Duration.ofHours(1)).build();
        return issuer.token(SUBJECT).scopes("orders:read", "orders:write").roles("clerk").sign();
    }

    /** The JWK as the JCA key that verifies with it: a public key, or the HMAC secret as a {@link SecretKeySpec}. */
    static Key jcaKey(JWK key) throws GeneralSecurityException, JOSEException {
        if (key instanceof RSAKey rsa) {
            return rsa.toRSAPublicKey();
        }
        if (key instanceof ECKey ec) {
            return ec.toECPublicKey();
        }
        if (key instanceof OctetKeyPair okp) {
            byte[] x = okp.getX().decode();
            byte[] spki = Arrays.copyOf(ED25519_SPKI_PREFIX, ED25519_SPKI_PREFIX.length + x.length);
            System.arraycopy(x, 0, spki, ED25519_SPKI_PREFIX.length, x.length);
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
        }
        if (key instanceof OctetSequenceKey oct) {
            return new SecretKeySpec(oct.toByteArray(), "HmacSHA256");
        }
        throw new IllegalArgumentException("Unsupported key type " + key.getKeyType());
    }

    /** Bulwark's default {@code typ} allow-list, for the peers that check it by hand: JWT, at+jwt, or none. */
    static boolean allowedType(String typ) {
        if (typ == null) {
            return true;
        }
        String type = typ.toLowerCase(Locale.ROOT);
        return type.equals("jwt") || type.equals("at+jwt");
    }

    /** The token as a server gets it from the header: a new String each time, its hash not yet computed. */
    private String freshToken() {
        return authorizationHeader.substring(BEARER.length());
    }

    @Benchmark
    public VerifiedToken bulwarkUncached() throws Exception {
        return uncached.verify(freshToken());
    }

    @Benchmark
    public VerifiedToken bulwarkCached() throws Exception {
        return cached.verify(freshToken());
    }

    @Benchmark
    public JWTClaimsSet nimbusProcessor() throws Exception {
        return nimbus.process(freshToken(), null);
    }

    @Benchmark
    public boolean jcaFloor(JcaFloor floor) throws Exception {
        return floor.verify();
    }

    @Benchmark
    public Jws<Claims> jjwt() {
        Jws<Claims> jws = jjwtParser.parseSignedClaims(freshToken());
        Claims claims = jws.getPayload();
        if (!allowedType(jws.getHeader().getType()) || claims.getExpiration() == null || claims.getSubject() == null) {
            throw new IllegalStateException("jjwt: typ, exp or sub check failed");
        }
        return jws;
    }

    @Benchmark
    public JwtClaims jose4j() throws Exception {
        return jose4jConsumer.processToClaims(freshToken());
    }

    /** An Ed25519 JWK dressed as a {@link PublicKey}, to pass through nimbus's key-selector contract. */
    private record Ed25519JwkKey(OctetKeyPair jwk) implements PublicKey {
        @Override
        public String getAlgorithm() {
            return "EdDSA";
        }

        @Override
        public String getFormat() {
            return "JWK";
        }

        @Override
        public byte[] getEncoded() {
            return jwk.getX().decode();
        }
    }

    /** What {@link JWSVerificationKeySelector} does, for the OKP keys it cannot convert. */
    private static final class Ed25519KeySelector implements JWSKeySelector<SecurityContext> {
        private final JWKSource<SecurityContext> source;

        Ed25519KeySelector(JWKSource<SecurityContext> source) {
            this.source = source;
        }

        @Override
        public List<? extends Key> selectJWSKeys(JWSHeader header, SecurityContext context) throws KeySourceException {
            if (!JWSAlgorithm.EdDSA.equals(header.getAlgorithm())) {
                return List.of();
            }
            List<Key> keys = new ArrayList<>(1);
            for (JWK jwk : source.get(new JWKSelector(JWKMatcher.forJWSHeader(header)), context)) {
                if (jwk instanceof OctetKeyPair okp) {
                    keys.add(new Ed25519JwkKey(okp.toPublicJWK()));
                }
            }
            return keys;
        }
    }

    /** nimbus's default factory, plus its Tink-based {@link Ed25519Verifier} made per token as the others are. */
    private static final class Ed25519VerifierFactory extends DefaultJWSVerifierFactory {
        @Override
        public JWSVerifier createJWSVerifier(JWSHeader header, Key key) throws JOSEException {
            if (key instanceof Ed25519JwkKey ed) {
                return new Ed25519Verifier(ed.jwk());
            }
            return super.createJWSVerifier(header, key);
        }
    }

    /** One thread's ready-initialised JCA engine: neither thread-safe nor worth re-creating per call. */
    @State(Scope.Thread)
    public static class JcaFloor {
        private Signature engine;
        private Mac mac;
        private byte[] signingInput;
        private byte[] signature;

        @Setup(Level.Trial)
        public void setUp(TokenVerificationBenchmark bench) throws GeneralSecurityException {
            signingInput = bench.signingInput;
            signature = bench.signature;
            if (bench.hmacKey != null) {
                mac = Mac.getInstance(bench.jcaAlgorithm);
                mac.init(bench.hmacKey);
            } else {
                engine = Signature.getInstance(bench.jcaAlgorithm);
                // verify() leaves the engine initialised for the same key again.
                engine.initVerify(bench.publicKey);
            }
        }

        boolean verify() throws GeneralSecurityException {
            if (mac != null) {
                // doFinal resets the Mac for the next call; compare in constant time as a verifier must.
                return MessageDigest.isEqual(mac.doFinal(signingInput), signature);
            }
            engine.update(signingInput);
            return engine.verify(signature);
        }
    }
}
