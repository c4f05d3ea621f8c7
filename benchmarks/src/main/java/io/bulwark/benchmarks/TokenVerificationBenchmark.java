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
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
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

/**
 * Verification of one access token, per algorithm, four ways side by side:
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
 *       verifier can go below.</li>
 * </ul>
 *
 * <p>All three verifiers check the same things: signature, {@code typ} one of {@code JWT},
 * {@code at+jwt} or absent, {@code iss} equal to the trusted issuer, {@code aud} containing the
 * audience, {@code exp} (and {@code sub}, which Bulwark always requires) present, {@code exp} and
 * {@code nbf} against the clock with 60 s of skew.
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

    private static final String ISSUER = "https://login.bench.example";
    private static final String AUDIENCE = "orders-api";
    private static final String BEARER = "Bearer ";
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

    /** The JCA floor's inputs: decoded once. */
    private byte[] signingInput;
    private byte[] signature;
    private PublicKey publicKey;
    private SecretKeySpec hmacKey;
    private String jcaAlgorithm;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        JWK key = DevelopmentKeys.generate(alg);
        // An hour, far beyond any run of this class: the token stays valid throughout.
        TokenIssuer issuer = TokenIssuer.builder(key).issuer(ISSUER).audience(AUDIENCE)
                .lifetime(Duration.ofHours(1)).build();
        String token = issuer.token("alice").scopes("orders:read", "orders:write").roles("clerk").sign();
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
        switch (alg) {
            case "RS256" -> {
                publicKey = ((RSAKey) key).toRSAPublicKey();
                jcaAlgorithm = "SHA256withRSA";
            }
            case "ES256" -> {
                publicKey = ((ECKey) key).toECPublicKey();
                // JWS carries R||S (RFC 7518 §3.4); the P1363 form takes it as it is.
                jcaAlgorithm = "SHA256withECDSAinP1363Format";
            }
            case "EdDSA" -> {
                byte[] x = ((OctetKeyPair) key).getX().decode();
                byte[] spki = Arrays.copyOf(ED25519_SPKI_PREFIX, ED25519_SPKI_PREFIX.length + x.length);
                System.arraycopy(x, 0, spki, ED25519_SPKI_PREFIX.length, x.length);
                publicKey = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
                jcaAlgorithm = "Ed25519";
            }
            case "HS256" -> {
                hmacKey = new SecretKeySpec(((OctetSequenceKey) key).toByteArray(), "HmacSHA256");
                jcaAlgorithm = "HmacSHA256";
            }
            default -> throw new IllegalArgumentException("Unsupported alg " + alg);
        }

        // Each way must accept the token before its time means anything; the cached verifier
        // then holds it, so every measured call of bulwarkCached is a hit.
        check(uncached.verify(freshToken()));
        check(cached.verify(freshToken()));
        JWTClaimsSet claims = nimbus.process(freshToken(), null);
        if (!"alice".equals(claims.getSubject())) {
            throw new IllegalStateException("nimbus returned the wrong claims");
        }
        JcaFloor floor = new JcaFloor();
        floor.setUp(this);
        if (!floor.verify()) {
            throw new IllegalStateException("The JCA floor rejected the token for " + alg);
        }
    }

    private static void check(VerifiedToken verified) {
        if (!"alice".equals(verified.subject())) {
            throw new IllegalStateException("Bulwark returned the wrong principal");
        }
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
