package io.bulwark.token;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import java.util.List;
import java.util.Set;

/** Finds the verifiers for a token's header among one issuer's trusted keys. */
interface KeyResolver {

    /** The algorithms this resolver's keys can verify, before the verifier's allow-list. */
    Set<JWSAlgorithm> algorithms();

    /**
     * The verifiers of the keys matching the header (algorithm, key type, curve, {@code kid});
     * empty when no key matches.
     *
     * @throws TokenRejectedException {@link RejectionReason#KEY_SOURCE_UNAVAILABLE} when the keys
     *     cannot be obtained
     */
    List<JWSVerifier> verifiers(JWSHeader header) throws TokenRejectedException;
}
