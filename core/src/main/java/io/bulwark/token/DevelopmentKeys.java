package io.bulwark.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.OctetSequenceKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.EdECPrivateKey;
import java.security.interfaces.EdECPublicKey;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;

/**
 * Makes fresh signing keys (with private parts) for development, tests and first-party
 * {@link TokenIssuer}s. Each key has a random {@code kid}, {@code use: sig} and its {@code alg}.
 *
 * <pre>{@code
 * JWK key = DevelopmentKeys.generate("ES256");
 * TokenIssuer issuer = TokenIssuer.builder(key).issuer("https://dev.local").audience("api").build();
 * KeySource keys = KeySource.jwkSet(new JWKSet(key.toPublicJWK()));
 * }</pre>
 */
public final class DevelopmentKeys {

    private DevelopmentKeys() {
    }

    /**
     * Generates a key for the algorithm: RS256/384/512 and PS256/384/512 (RSA 2048),
     * ES256/384/512 (P-256/384/521), EdDSA (Ed25519), HS256/384/512 (a secret of the hash size).
     *
     * @param algorithm a JWS algorithm name
     * @return a new private JWK
     */
    public static JWK generate(String algorithm) {
        Objects.requireNonNull(algorithm, "algorithm");
        JWSAlgorithm alg = JWSAlgorithm.parse(algorithm);
        String kid = UUID.randomUUID().toString();
        try {
            if (Algorithms.RSA.contains(alg)) {
                return new RSAKeyGenerator(2048).keyID(kid).keyUse(KeyUse.SIGNATURE).algorithm(alg).generate();
            } else if (Algorithms.EC.contains(alg)) {
                return new ECKeyGenerator(Algorithms.curveFor(alg)).keyID(kid).keyUse(KeyUse.SIGNATURE).algorithm(alg)
                        .generate();
            } else if (Algorithms.ED.contains(alg)) {
                return ed25519(kid, alg);
            } else if (Algorithms.HMAC.contains(alg)) {
                int bits = Integer.parseInt(alg.getName().substring(2));
                return new OctetSequenceKeyGenerator(bits).keyID(kid).keyUse(KeyUse.SIGNATURE).algorithm(alg).generate();
            }
        } catch (JOSEException | GeneralSecurityException e) {
            throw new IllegalStateException("Key generation failed for " + algorithm, e);
        }
        throw new IllegalArgumentException("Unsupported algorithm " + algorithm.toUpperCase(Locale.ROOT));
    }

    // nimbus's OctetKeyPairGenerator needs Tink; the JDK has made Ed25519 keys since Java 15.
    private static OctetKeyPair ed25519(String kid, JWSAlgorithm alg) throws GeneralSecurityException {
        KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        byte[] x = Ed25519Keys.rawPublic((EdECPublicKey) pair.getPublic());
        byte[] d = Ed25519Keys.rawPrivate((EdECPrivateKey) pair.getPrivate());
        return new OctetKeyPair.Builder(Curve.Ed25519, Base64URL.encode(x)).d(Base64URL.encode(d)).keyID(kid)
                .keyUse(KeyUse.SIGNATURE).algorithm(alg).build();
    }
}
