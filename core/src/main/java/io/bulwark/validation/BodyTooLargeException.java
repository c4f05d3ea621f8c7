package io.bulwark.validation;

import java.io.IOException;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A request body is larger than the configured limit. An {@link IOException}, since a
 * {@link LimitedInputStream} throws it from {@code read}; frameworks may wrap it, so adapters look
 * for it with {@link #findIn(Throwable)} and answer {@link InputProblems#bodyTooLarge()} (413).
 *
 * <p>The message states the limit, never any of the body. No stack trace is recorded: oversized
 * bodies are a client's doing, and refusing them must stay cheap.
 */
public final class BodyTooLargeException extends IOException {

    private static final long serialVersionUID = 1L;

    /** The limit that was passed, in bytes. */
    private final long limit;

    /**
     * Creates the exception.
     *
     * @param limit the limit that was passed, in bytes
     */
    public BodyTooLargeException(long limit) {
        super("The request body is larger than " + limit + " bytes");
        this.limit = limit;
    }

    /**
     * The limit that was passed.
     *
     * @return the limit in bytes
     */
    public long limit() {
        return limit;
    }

    /**
     * Finds a body-too-large exception in a chain of causes, as a framework may have wrapped it.
     *
     * @param failure what a read or a message body reader threw
     * @return the exception, if it is in the chain
     */
    public static Optional<BodyTooLargeException> findIn(@Nullable Throwable failure) {
        int hops = 0;
        for (Throwable t = failure; t != null && hops < 32; t = t.getCause(), hops++) {
            if (t instanceof BodyTooLargeException tooLarge) {
                return Optional.of(tooLarge);
            }
        }
        return Optional.empty();
    }

    /**
     * Records no stack trace.
     *
     * @return this exception
     */
    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
