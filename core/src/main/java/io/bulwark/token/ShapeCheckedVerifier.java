package io.bulwark.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.util.Base64URL;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Base64;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Checks a signature's shape before nimbus and the JCA see it: exactly the size the algorithm and key
 * give (RSA: the modulus length, RFC 8017 §8.2.2 step 1; ECDSA: the curve's fixed R || S size, RFC
 * 7518 §3.4), and for ECDSA both r and s in [1, n-1] (FIPS 186-5 §6.4.2): an over-long or
 * out-of-range signature is refused here, whatever a provider would make of it (CVE-2022-21449
 * accepted r = s = 0).
 */
final class ShapeCheckedVerifier implements JWSVerifier {

    private static final Base64.Decoder URL_DECODER = Base64.getUrlDecoder();

    private final JWSVerifier delegate;
    private final int rsaModulusBytes;
    private final @Nullable BigInteger ecOrder;

    /**
     * @param delegate the verifier that does the cryptography
     * @param rsaModulusBytes the RSA key's modulus length in bytes, or 0 for other keys
     * @param ecOrder the curve order n for an EC key, else {@code null}
     */
    ShapeCheckedVerifier(JWSVerifier delegate, int rsaModulusBytes, @Nullable BigInteger ecOrder) {
        this.delegate = delegate;
        this.rsaModulusBytes = rsaModulusBytes;
        this.ecOrder = ecOrder;
    }

    @Override
    public boolean verify(JWSHeader header, byte[] signingInput, Base64URL signature) throws JOSEException {
        String text = signature.toString();
        int expected = Algorithms.signatureLength(header.getAlgorithm(), rsaModulusBytes);
        // The text is canonical unpadded base64url (StrictJws checked it), so its length gives the
        // byte count without decoding: RSA and HMAC need no more.
        if (expected <= 0 || text.length() * 3 / 4 != expected) {
            return false;
        }
        if (ecOrder != null) {
            byte[] bytes;
            try {
                bytes = URL_DECODER.decode(text);
            } catch (IllegalArgumentException e) {
                return false;
            }
            if (!wellShaped(header.getAlgorithm(), bytes)) {
                return false;
            }
        }
        return delegate.verify(header, signingInput, signature);
    }

    boolean wellShaped(JWSAlgorithm alg, byte[] signature) {
        int expected = Algorithms.signatureLength(alg, rsaModulusBytes);
        if (expected <= 0 || signature.length != expected) {
            return false;
        }
        if (ecOrder != null) {
            int half = expected / 2;
            return inRange(new BigInteger(1, Arrays.copyOfRange(signature, 0, half)))
                    && inRange(new BigInteger(1, Arrays.copyOfRange(signature, half, expected)));
        }
        return true;
    }

    private boolean inRange(BigInteger value) {
        return value.signum() > 0 && value.compareTo(ecOrder) < 0;
    }

    @Override
    public Set<JWSAlgorithm> supportedJWSAlgorithms() {
        return delegate.supportedJWSAlgorithms();
    }

    @Override
    public JCAContext getJCAContext() {
        return delegate.getJCAContext();
    }
}
