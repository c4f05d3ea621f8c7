package io.bulwark.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.util.Base64URL;
import java.util.List;

/** Verifies a strictly parsed JWS with one issuer's keys: the step both verifiers share. */
final class SignatureCheck {

    private SignatureCheck() {
    }

    /**
     * @throws TokenRejectedException {@link RejectionReason#UNKNOWN_KEY} when no trusted key fits the
     *     header, {@link RejectionReason#BAD_SIGNATURE} when the keys that fit do not verify (after
     *     one rate-limited refresh of a remote set, for an issuer that rotated a key but kept its
     *     {@code kid}), {@link RejectionReason#KEY_SOURCE_UNAVAILABLE} when the keys cannot be had
     */
    static void verify(KeyResolver keys, StrictJws jws) throws TokenRejectedException {
        JWSHeader header = jws.header();
        List<JWSVerifier> verifiers = keys.verifiers(header);
        if (verifiers.isEmpty()) {
            throw new TokenRejectedException(RejectionReason.UNKNOWN_KEY);
        }
        byte[] signingInput = jws.signingInput();
        Base64URL signature = jws.signature();
        if (anyVerifies(verifiers, header, signingInput, signature)) {
            return;
        }
        if (header.getKeyID() != null
                && anyVerifies(keys.rotatedVerifiers(header), header, signingInput, signature)) {
            return;
        }
        throw new TokenRejectedException(RejectionReason.BAD_SIGNATURE);
    }

    private static boolean anyVerifies(List<JWSVerifier> verifiers, JWSHeader header, byte[] signingInput,
            Base64URL signature) {
        for (JWSVerifier verifier : verifiers) {
            try {
                if (verifier.verify(header, signingInput, signature)) {
                    return true;
                }
            } catch (JOSEException e) {
                // A key that cannot verify this header is no match.
            }
        }
        return false;
    }
}
