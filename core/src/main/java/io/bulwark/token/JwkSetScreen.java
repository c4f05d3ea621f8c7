package io.bulwark.token;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyOperation;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.JWKSetCacheRefreshEvaluator;
import com.nimbusds.jose.jwk.source.JWKSetSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.io.IOException;
import java.math.BigInteger;
import java.security.spec.ECFieldFp;
import java.security.spec.ECParameterSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The checks every key passes when a JWK set is loaded (a static set once, a remote set on each
 * fetch), before any token meets it. A refused key is dropped and logged with a reason code, its
 * {@code kid} and type; never with key material. What remains can be selected by {@code kid},
 * key type and algorithm without ever trying two keys one after another.
 */
final class JwkSetScreen {

    private static final Logger LOG = LoggerFactory.getLogger(JwkSetScreen.class);

    /** Why a key was refused: stable codes for the log. */
    enum Refusal {
        UNSUPPORTED_KEY_TYPE("unsupported_key_type"),
        NOT_FOR_SIGNATURES("not_for_signatures"),
        ALGORITHM_DOES_NOT_FIT_KEY("algorithm_does_not_fit_key"),
        RSA_MODULUS_TOO_SHORT("rsa_modulus_too_short"),
        RSA_EXPONENT_INVALID("rsa_exponent_invalid"),
        RSA_ROCA_MODULUS("rsa_roca_modulus"),
        EC_POINT_NOT_ON_CURVE("ec_point_not_on_curve"),
        HMAC_SECRET_TOO_SHORT("hmac_secret_too_short"),
        SECRET_IN_REMOTE_SET("secret_in_remote_set"),
        AMBIGUOUS_KEY_ID("ambiguous_key_id");

        final String code;

        Refusal(String code) {
            this.code = code;
        }
    }

    private JwkSetScreen() {
    }

    /**
     * The keys of a set that Bulwark verifies with, each bound to the algorithms it may serve (a
     * key's own {@code alg} is normalised: RFC 7520's {@code ES521} is ES512).
     *
     * @param keys the set's keys, public parts only (secrets for {@code oct})
     * @param allowSecrets whether {@code oct} keys may stay (static sets; never a remote one)
     * @param where a description of the source for the log
     */
    static List<JWK> screen(List<JWK> keys, boolean allowSecrets, String where) {
        List<JWK> kept = new ArrayList<>(keys.size());
        for (JWK key : keys) {
            Refusal refusal = refusal(key, allowSecrets);
            if (refusal != null) {
                log(key, refusal, where);
            } else {
                kept.add(normalised(key));
            }
        }
        // Several keys under one kid: kept only when their algorithms are disjoint, so kid plus the
        // token's alg name one key. Two candidates for one (kid, alg) are refused together: which
        // one the issuer meant cannot be told, and trying both would verify with either.
        Map<String, List<JWK>> byKid = new HashMap<>();
        for (JWK key : kept) {
            byKid.computeIfAbsent(Objects.requireNonNullElse(key.getKeyID(), ""), k -> new ArrayList<>()).add(key);
        }
        List<JWK> unambiguous = new ArrayList<>(kept.size());
        for (JWK key : kept) {
            List<JWK> group = byKid.get(Objects.requireNonNullElse(key.getKeyID(), ""));
            boolean clash = false;
            for (JWK other : group) {
                if (other != key && overlaps(Algorithms.forKey(key), Algorithms.forKey(other))) {
                    clash = true;
                    break;
                }
            }
            if (clash && key.getKeyID() != null) {
                log(key, Refusal.AMBIGUOUS_KEY_ID, where);
            } else {
                unambiguous.add(key);
            }
        }
        return List.copyOf(unambiguous);
    }

    /** Why the key is refused, or {@code null} if it may verify. */
    static @Nullable Refusal refusal(JWK key, boolean allowSecrets) {
        // RFC 7517 §4.2, §4.3: a key meant for encryption never verifies a signature.
        if (key.getKeyUse() != null && !KeyUse.SIGNATURE.equals(key.getKeyUse())) {
            return Refusal.NOT_FOR_SIGNATURES;
        }
        Set<KeyOperation> ops = key.getKeyOperations();
        if (ops != null && !ops.contains(KeyOperation.VERIFY)
                && !(key instanceof OctetSequenceKey && ops.contains(KeyOperation.SIGN))) {
            return Refusal.NOT_FOR_SIGNATURES;
        }
        if (key instanceof RSAKey rsa) {
            BigInteger n = rsa.getModulus().decodeToBigInteger();
            BigInteger e = rsa.getPublicExponent().decodeToBigInteger();
            if (n.bitLength() < Algorithms.MIN_RSA_BITS) {
                return Refusal.RSA_MODULUS_TOO_SHORT;
            }
            // e = 1 makes the "signature" the padded message itself; an even e is no RSA key.
            if (e.compareTo(BigInteger.valueOf(3)) < 0 || !e.testBit(0) || e.compareTo(n) >= 0) {
                return Refusal.RSA_EXPONENT_INVALID;
            }
            if (RocaFingerprint.matches(n)) {
                return Refusal.RSA_ROCA_MODULUS;
            }
        } else if (key instanceof ECKey ec) {
            if (Algorithms.forCurve(ec.getCurve()) == null) {
                return Refusal.UNSUPPORTED_KEY_TYPE;
            }
            if (!onCurve(ec)) {
                return Refusal.EC_POINT_NOT_ON_CURVE;
            }
        } else if (key instanceof OctetKeyPair okp) {
            if (!Curve.Ed25519.equals(okp.getCurve())) {
                return Refusal.UNSUPPORTED_KEY_TYPE;
            }
        } else if (key instanceof OctetSequenceKey oct) {
            if (!allowSecrets) {
                return Refusal.SECRET_IN_REMOTE_SET;
            }
            // RFC 7518 §3.2: at least as long as the hash output (and never under 256 bits).
            if (Algorithms.hmacFor(oct.toByteArray().length).isEmpty()) {
                return Refusal.HMAC_SECRET_TOO_SHORT;
            }
            if (key.getAlgorithm() != null && Algorithms.HMAC.contains(declared(key))
                    && !Algorithms.forKey(key).contains(declared(key))) {
                return Refusal.HMAC_SECRET_TOO_SHORT;
            }
        } else {
            return Refusal.UNSUPPORTED_KEY_TYPE;
        }
        // A key's own alg binds it to that algorithm alone; one that fits no JWS algorithm
        // (ES256 on P-384, A256GCM, an encryption alg) serves none.
        if (Algorithms.forKey(key).isEmpty()) {
            return Refusal.ALGORITHM_DOES_NOT_FIT_KEY;
        }
        return null;
    }

    /** The key's declared alg as a JWS algorithm, with RFC 7520's "ES521" read as ES512. */
    static @Nullable JWSAlgorithm declared(JWK key) {
        if (key.getAlgorithm() == null) {
            return null;
        }
        String name = key.getAlgorithm().getName();
        // RFC 7520 §4.3 spells ES512 as "ES521" in its example key (erratum 4416).
        return "ES521".equals(name) ? JWSAlgorithm.ES512 : JWSAlgorithm.parse(name);
    }

    private static JWK normalised(JWK key) {
        if (key instanceof ECKey ec && key.getAlgorithm() != null && "ES521".equals(key.getAlgorithm().getName())) {
            return new ECKey.Builder(ec).algorithm(JWSAlgorithm.ES512).build();
        }
        return key;
    }

    private static boolean overlaps(Set<JWSAlgorithm> a, Set<JWSAlgorithm> b) {
        for (JWSAlgorithm alg : a) {
            if (b.contains(alg)) {
                return true;
            }
        }
        return false;
    }

    /** SEC 1 §3.2.2.1: both coordinates in [0, p-1] and y² = x³ + ax + b (mod p). */
    static boolean onCurve(ECKey key) {
        ECParameterSpec spec = key.getCurve().toECParameterSpec();
        if (spec == null) {
            return false;
        }
        BigInteger p = ((ECFieldFp) spec.getCurve().getField()).getP();
        BigInteger x = key.getX().decodeToBigInteger();
        BigInteger y = key.getY().decodeToBigInteger();
        if (x.signum() < 0 || x.compareTo(p) >= 0 || y.signum() < 0 || y.compareTo(p) >= 0) {
            return false;
        }
        BigInteger left = y.multiply(y).mod(p);
        BigInteger right = x.pow(3).add(spec.getCurve().getA().multiply(x)).add(spec.getCurve().getB()).mod(p);
        return left.equals(right);
    }

    private static void log(JWK key, Refusal refusal, String where) {
        String kid = key.getKeyID();
        LOG.atWarn().addKeyValue("source", where)
                .addKeyValue("kid", kid == null ? "" : kid.length() > 64 ? kid.substring(0, 64) : kid)
                .addKeyValue("kty", key.getKeyType().getValue())
                .addKeyValue("reason", refusal.code)
                .log("Refused a key of the JWK set; tokens signed with it are rejected");
    }

    /**
     * A remote JWK set screened on every fetch, below nimbus's cache, rate limit and outage
     * tolerance, so what nimbus caches is what Bulwark accepts.
     */
    static final class ScreenedSource implements JWKSetSource<SecurityContext> {
        private final JWKSetSource<SecurityContext> fetched;
        private final String where;

        ScreenedSource(JWKSetSource<SecurityContext> fetched, String where) {
            this.fetched = fetched;
            this.where = where;
        }

        @Override
        public JWKSet getJWKSet(JWKSetCacheRefreshEvaluator refreshEvaluator, long currentTime,
                SecurityContext context) throws KeySourceException {
            JWKSet set = fetched.getJWKSet(refreshEvaluator, currentTime, context);
            List<JWK> publicKeys = new ArrayList<>(set.getKeys().size());
            for (JWK key : set.getKeys()) {
                publicKeys.add(key instanceof OctetSequenceKey ? key : key.toPublicJWK());
            }
            return new JWKSet(screen(publicKeys, false, where));
        }

        @Override
        public void close() throws IOException {
            fetched.close();
        }
    }
}
