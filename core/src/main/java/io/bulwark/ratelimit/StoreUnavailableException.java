package io.bulwark.ratelimit;

/** A bucket store did not answer in time or failed; the limiter's failure policy then decides. */
public final class StoreUnavailableException extends Exception {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what failed, without keys or secrets
     * @param cause the store client's exception, if any
     */
    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
