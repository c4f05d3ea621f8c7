package io.bulwark.token;

/**
 * Consulted after a token's signature and claims verify, and again on every verified-token
 * cache hit: a revoked token is rejected with {@link RejectionReason#REVOKED}.
 *
 * <p>Implementations must be thread-safe and fast; they run on the request path. A check that
 * throws fails closed: the token is rejected. {@link InMemoryRevocationList} is a bounded
 * in-memory implementation.
 */
@FunctionalInterface
public interface RevocationCheck {

    /** Revokes nothing. */
    RevocationCheck NONE = token -> false;

    /**
     * Whether the token is revoked, judged by its {@code jti}, subject or issue time.
     *
     * @param token the verified token
     * @return {@code true} to reject it
     */
    boolean isRevoked(VerifiedToken token);
}
