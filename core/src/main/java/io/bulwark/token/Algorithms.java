package io.bulwark.token;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import java.util.LinkedHashSet;
import java.util.Set;

/** Which algorithms fit which keys. */
final class Algorithms {

    static final Set<JWSAlgorithm> RSA = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512,
            JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512);
    static final Set<JWSAlgorithm> EC = Set.of(JWSAlgorithm.ES256, JWSAlgorithm.ES384, JWSAlgorithm.ES512);
    static final Set<JWSAlgorithm> ED = Set.of(JWSAlgorithm.EdDSA, JWSAlgorithm.Ed25519);
    static final Set<JWSAlgorithm> HMAC = Set.of(JWSAlgorithm.HS256, JWSAlgorithm.HS384, JWSAlgorithm.HS512);

    /** RS/PS, ES and EdDSA: the default allow-list for asymmetric keys. */
    static final Set<JWSAlgorithm> ASYMMETRIC = union(RSA, EC, ED);

    /** The smallest RSA modulus Bulwark verifies with (NIST SP 800-131A). */
    static final int MIN_RSA_BITS = 2048;

    /** RFC 7518 §3.2: an HMAC key at least as long as the hash output; never under 256 bits. */
    static final int MIN_HMAC_BYTES = 32;

    private Algorithms() {
    }

    @SafeVarargs
    static Set<JWSAlgorithm> union(Set<JWSAlgorithm>... sets) {
        Set<JWSAlgorithm> all = new LinkedHashSet<>();
        for (Set<JWSAlgorithm> set : sets) {
            all.addAll(set);
        }
        return Set.copyOf(all);
    }

    /** The algorithms that the given key can verify, honouring its {@code alg} if it declares one. */
    static Set<JWSAlgorithm> forKey(JWK key) {
        Set<JWSAlgorithm> fitting;
        if (key instanceof RSAKey) {
            fitting = RSA;
        } else if (key instanceof ECKey ec) {
            JWSAlgorithm alg = forCurve(ec.getCurve());
            fitting = alg == null ? Set.of() : Set.of(alg);
        } else if (key instanceof OctetKeyPair okp) {
            fitting = Curve.Ed25519.equals(okp.getCurve()) ? ED : Set.of();
        } else if (key instanceof OctetSequenceKey oct) {
            fitting = hmacFor(oct.toByteArray().length);
        } else {
            fitting = Set.of();
        }
        JWSAlgorithm declared = JwkSetScreen.declared(key);
        if (declared != null) {
            return fitting.contains(declared) ? Set.of(declared) : Set.of();
        }
        return fitting;
    }

    /** The exact size of a signature by {@code alg} (with an RSA modulus of {@code rsaModulusBytes}), or -1. */
    static int signatureLength(JWSAlgorithm alg, int rsaModulusBytes) {
        if (JWSAlgorithm.HS256.equals(alg)) {
            return 32;
        } else if (JWSAlgorithm.HS384.equals(alg)) {
            return 48;
        } else if (JWSAlgorithm.HS512.equals(alg)) {
            return 64;
        } else if (JWSAlgorithm.ES256.equals(alg)) {
            return 64;
        } else if (JWSAlgorithm.ES384.equals(alg)) {
            return 96;
        } else if (JWSAlgorithm.ES512.equals(alg)) {
            return 132;
        } else if (ED.contains(alg)) {
            return 64;
        } else if (RSA.contains(alg)) {
            return rsaModulusBytes;
        }
        return -1;
    }

    static Set<JWSAlgorithm> hmacFor(int secretBytes) {
        Set<JWSAlgorithm> algs = new LinkedHashSet<>();
        if (secretBytes >= 32) {
            algs.add(JWSAlgorithm.HS256);
        }
        if (secretBytes >= 48) {
            algs.add(JWSAlgorithm.HS384);
        }
        if (secretBytes >= 64) {
            algs.add(JWSAlgorithm.HS512);
        }
        return Set.copyOf(algs);
    }

    static JWSAlgorithm forCurve(Curve curve) {
        if (Curve.P_256.equals(curve)) {
            return JWSAlgorithm.ES256;
        } else if (Curve.P_384.equals(curve)) {
            return JWSAlgorithm.ES384;
        } else if (Curve.P_521.equals(curve)) {
            return JWSAlgorithm.ES512;
        }
        return null;
    }

    static Curve curveFor(JWSAlgorithm alg) {
        if (JWSAlgorithm.ES256.equals(alg)) {
            return Curve.P_256;
        } else if (JWSAlgorithm.ES384.equals(alg)) {
            return Curve.P_384;
        } else if (JWSAlgorithm.ES512.equals(alg)) {
            return Curve.P_521;
        } else if (ED.contains(alg)) {
            return Curve.Ed25519;
        }
        return null;
    }


    /**
     * A builder's algorithm allow-list: every name a JWS signature algorithm Bulwark supports, at
     * least one.
     *
     * @throws IllegalArgumentException naming an unsupported algorithm, or for an empty list
     */
    static Set<JWSAlgorithm> allowList(String... names) {
        Set<JWSAlgorithm> allowed = new LinkedHashSet<>();
        Set<JWSAlgorithm> known = union(ASYMMETRIC, HMAC);
        for (String name : names) {
            java.util.Objects.requireNonNull(name, "algorithm");
            JWSAlgorithm alg = JWSAlgorithm.parse(name);
            if (!known.contains(alg)) {
                throw new IllegalArgumentException("Unsupported algorithm " + name + "; choose from " + known);
            }
            allowed.add(alg);
        }
        if (allowed.isEmpty()) {
            throw new IllegalArgumentException("at least one algorithm is required");
        }
        return Set.copyOf(allowed);
    }
}
