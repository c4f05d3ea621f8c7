package io.bulwark.token;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import io.bulwark.health.ComponentHealth;
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

    /**
     * Called once after no key verified a signature under a {@code kid} the resolver knows: an
     * issuer may have rotated the key but kept its {@code kid}. A remote source refreshes its key
     * set (within nimbus's rate limit on re-fetches) and answers the verifiers of keys for the
     * header that are new or changed; empty when nothing changed, the refresh is rate limited, or
     * the keys are static.
     *
     * @throws TokenRejectedException {@link RejectionReason#KEY_SOURCE_UNAVAILABLE} when the keys
     *     cannot be obtained
     */
    default List<JWSVerifier> rotatedVerifiers(JWSHeader header) throws TokenRejectedException {
        return List.of();
    }

    /**
     * The health of these keys, without fetching anything: a remote source answers from what it
     * saw on its last fetch.
     *
     * @param name the component's name, e.g. {@code keys:https://login.example.com/}
     */
    ComponentHealth health(String name);
}
