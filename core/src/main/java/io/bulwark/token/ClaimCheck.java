package io.bulwark.token;

/**
 * A custom rule a verified token's claims must pass, run after the standard checks; a token it
 * refuses (or that makes it throw) is rejected with {@link RejectionReason#INVALID_CLAIM}.
 *
 * <pre>{@code
 * ClaimCheck tenant = token -> "acme".equals(token.claims().get("tenant"));
 * }</pre>
 */
@FunctionalInterface
public interface ClaimCheck {

    /**
     * Whether the token's claims are acceptable.
     *
     * @param token the token, with its signature and standard claims already verified
     * @return {@code false} to reject it
     */
    boolean accepts(VerifiedToken token);
}
