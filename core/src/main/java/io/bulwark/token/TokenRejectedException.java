package io.bulwark.token;

import java.util.Objects;

/**
 * A token was rejected: the token is bad (or cannot be checked right now), not the verifier.
 *
 * <p>The message is the reason's fixed description; it never contains the token or any part of
 * it. Stack traces are not filled in: floods of bad tokens must stay cheap to reject.
 */
public final class TokenRejectedException extends Exception {

    private static final long serialVersionUID = 1L;

    private final RejectionReason reason;

    /**
     * Creates a rejection.
     *
     * @param reason why the token was rejected
     */
    public TokenRejectedException(RejectionReason reason) {
        super(Objects.requireNonNull(reason, "reason").description(), null, false, false);
        this.reason = reason;
    }

    /** Why the token was rejected. */
    public RejectionReason reason() {
        return reason;
    }
}
