package io.bulwark.jaxrs;

import io.bulwark.Decision;

/**
 * Carries the core's answer to a body that cannot be accepted (unreadable, too large) from the
 * reader interceptor to {@link DeniedInputMapper}: an exception type of Bulwark's own, so that no
 * mapper of the application or of a JSON provider answers instead, and no parser's message (which
 * may quote the input) reaches the client. Records no stack trace: it is the client's doing.
 */
final class DeniedInputException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient Decision.Deny deny;

    DeniedInputException(Decision.Deny deny) {
        super(deny.problem().detail(), null, false, false);
        this.deny = deny;
    }

    Decision.Deny deny() {
        return deny;
    }
}
