package io.bulwark.token;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyType;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.JWKSetCacheRefreshEvaluator;
import com.nimbusds.jose.jwk.source.JWKSetSource;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.proc.SecurityContext;
import io.bulwark.health.ComponentHealth;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Selects keys from a nimbus {@link JWKSource} (static or remote, with nimbus's caching, refresh
 * and rate limits) and keeps one ready {@link JWSVerifier} per key, so the key material is parsed
 * once per key rather than once per token. Each verifier checks the signature's shape first
 * ({@link ShapeCheckedVerifier}); keys reach this class already screened ({@link JwkSetScreen}).
 */
final class JwkKeyResolver implements KeyResolver {

    private static final JWSVerifier UNUSABLE = new UnusableKey();
    private static final JWKSelector ANY_KEY = new JWKSelector(new JWKMatcher.Builder().build());

    private final JWKSource<SecurityContext> source;
    private final Set<JWSAlgorithm> algorithms;
    private final boolean matchAnyKeyId;
    private final @Nullable JWKSetSource<SecurityContext> refreshable;
    private final KeySetHealth health;
    // Weak keys compare by identity: a key set refreshed by nimbus brings new JWK instances and
    // their verifiers are built afresh; the bound protects against pathological key sets.
    private final Cache<JWK, JWSVerifier> verifiers = Caffeine.newBuilder().weakKeys().maximumSize(256).build();

    /**
     * @param source where the keys come from
     * @param algorithms the algorithms these keys may verify
     * @param matchAnyKeyId whether a key without {@code kid} (a single configured key or secret)
     *     matches tokens whatever their {@code kid}
     * @param health what the keys tell a health check
     */
    JwkKeyResolver(JWKSource<SecurityContext> source, Set<JWSAlgorithm> algorithms, boolean matchAnyKeyId,
            KeySetHealth health) {
        this(source, algorithms, matchAnyKeyId, null, health);
    }

    /**
     * @param refreshable the nimbus key-set source under {@code source} (cache, rate limit, outage
     *     tolerance), for same-{@code kid} rotation; {@code null} for static keys
     */
    JwkKeyResolver(JWKSource<SecurityContext> source, Set<JWSAlgorithm> algorithms, boolean matchAnyKeyId,
            @Nullable JWKSetSource<SecurityContext> refreshable, KeySetHealth health) {
        this.source = source;
        this.algorithms = Set.copyOf(algorithms);
        this.matchAnyKeyId = matchAnyKeyId;
        this.refreshable = refreshable;
        this.health = health;
    }

    @Override
    public Set<JWSAlgorithm> algorithms() {
        return algorithms;
    }

    @Override
    public ComponentHealth health(String name) {
        return health.report(name);
    }

    @Override
    public List<JWSVerifier> verifiers(JWSHeader header) throws TokenRejectedException {
        JWSAlgorithm alg = header.getAlgorithm();
        List<JWK> keys;
        try {
            keys = source.get(new JWKSelector(matcher(alg, header.getKeyID())), null);
        } catch (RateLimitReachedException e) {
            // Rate limited while keys are cached: the re-fetch for an unknown kid was refused, so the
            // key is unknown. Rate limited with no usable keys at all (the server has been failing
            // since start or past the outage tolerance): the source is unavailable, not the key unknown.
            if (!hasUsableKeySet()) {
                throw new TokenRejectedException(RejectionReason.KEY_SOURCE_UNAVAILABLE);
            }
            return List.of();
        } catch (KeySourceException e) {
            throw new TokenRejectedException(RejectionReason.KEY_SOURCE_UNAVAILABLE);
        }
        List<JWSVerifier> found = new ArrayList<>(keys.size());
        for (JWK key : keys) {
            JWSVerifier verifier = verifiers.get(key, JwkKeyResolver::verifierFor);
            if (verifier != UNUSABLE) {
                found.add(verifier);
            }
        }
        return found;
    }

    @Override
    public List<JWSVerifier> rotatedVerifiers(JWSHeader header) throws TokenRejectedException {
        if (refreshable == null || header.getKeyID() == null) {
            return List.of();
        }
        JWKSelector selector = new JWKSelector(matcher(header.getAlgorithm(), header.getKeyID()));
        long now = System.currentTimeMillis();
        try {
            JWKSet current = refreshable.getJWKSet(JWKSetCacheRefreshEvaluator.noRefresh(), now, null);
            List<JWK> before = selector.select(current);
            if (before.isEmpty()) {
                return List.of();
            }
            // As nimbus does for an unknown kid: refresh only if the cache still holds the set that
            // failed, so a burst of failures costs one fetch, and the rate limit bounds even that.
            JWKSet refreshed = refreshable.getJWKSet(JWKSetCacheRefreshEvaluator.referenceComparison(current),
                    System.currentTimeMillis(), null);
            List<JWSVerifier> changed = new ArrayList<>();
            for (JWK key : selector.select(refreshed)) {
                if (!before.contains(key)) {
                    JWSVerifier verifier = verifiers.get(key, JwkKeyResolver::verifierFor);
                    if (verifier != UNUSABLE) {
                        changed.add(verifier);
                    }
                }
            }
            return changed;
        } catch (RateLimitReachedException e) {
            return List.of();
        } catch (KeySourceException e) {
            // The cached keys stay in use; the failed signature's verdict stands.
            return List.of();
        }
    }

    /**
     * Whether the source has keys at hand: a valid cached set answers without a fetch; without one,
     * this lookup meets the same rate limit and fails.
     */
    private boolean hasUsableKeySet() {
        try {
            return !source.get(ANY_KEY, null).isEmpty();
        } catch (KeySourceException e) {
            return false;
        }
    }

    private JWKMatcher matcher(JWSAlgorithm alg, String keyId) {
        KeyType type = KeyType.forAlgorithm(alg);
        JWKMatcher.Builder matcher = new JWKMatcher.Builder()
                .keyType(type)
                .algorithms(alg, null);
        if (!KeyType.OCT.equals(type)) {
            matcher.keyUses(KeyUse.SIGNATURE, null);
        }
        Curve curve = Algorithms.curveFor(alg);
        if (curve != null) {
            matcher.curve(curve);
        }
        if (!matchAnyKeyId) {
            // RFC 7515 §4.1.4: a kid in the header must name the key; without one any key may fit.
            matcher.keyID(keyId);
        }
        return matcher.build();
    }

    /**
     * A verifier for a key, or {@link #UNUSABLE} for a key Bulwark refuses to verify with. Keys are
     * screened when their set is loaded ({@link JwkSetScreen}); this is the last line.
     */
    private static JWSVerifier verifierFor(JWK key) {
        if (JwkSetScreen.refusal(key, true) != null) {
            return UNUSABLE;
        }
        try {
            if (key instanceof RSAKey rsa) {
                int modulusBytes = (rsa.getModulus().decodeToBigInteger().bitLength() + 7) / 8;
                return new ShapeCheckedVerifier(new RSASSAVerifier(rsa), modulusBytes, null);
            } else if (key instanceof ECKey ec) {
                BigInteger order = ec.getCurve().toECParameterSpec().getOrder();
                return new ShapeCheckedVerifier(new ECDSAVerifier(ec), 0, order);
            } else if (key instanceof OctetKeyPair okp) {
                JWSVerifier ed = ed25519Verifier(okp, TINK_PRESENT);
                return ed == UNUSABLE ? UNUSABLE : new ShapeCheckedVerifier(ed, 0, null);
            } else if (key instanceof OctetSequenceKey oct) {
                return new ShapeCheckedVerifier(new MACVerifier(oct), 0, null);
            }
        } catch (JOSEException e) {
            return UNUSABLE;
        }
        return UNUSABLE;
    }

    /**
     * EdDSA through nimbus's Tink-backed verifier when Tink is on the classpath (about 3x faster
     * than the JDK's Ed25519), else through the JDK's own provider.
     */
    static JWSVerifier ed25519Verifier(OctetKeyPair key, boolean useTink) throws JOSEException {
        if (!com.nimbusds.jose.jwk.Curve.Ed25519.equals(key.getCurve())) {
            return UNUSABLE;
        }
        return useTink ? new com.nimbusds.jose.crypto.Ed25519Verifier(key.toPublicJWK()) : new JcaEd25519Verifier(key);
    }

    static final boolean TINK_PRESENT = tinkPresent();

    private static boolean tinkPresent() {
        try {
            Class.forName("com.google.crypto.tink.subtle.Ed25519Verify", false, JwkKeyResolver.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** Marks a key that matched but cannot be used; never asked to verify. */
    private static final class UnusableKey implements JWSVerifier {
        @Override
        public boolean verify(JWSHeader header, byte[] signingInput, com.nimbusds.jose.util.Base64URL signature) {
            return false;
        }

        @Override
        public Set<JWSAlgorithm> supportedJWSAlgorithms() {
            return Set.of();
        }

        @Override
        public com.nimbusds.jose.jca.JCAContext getJCAContext() {
            return new com.nimbusds.jose.jca.JCAContext();
        }
    }

}
