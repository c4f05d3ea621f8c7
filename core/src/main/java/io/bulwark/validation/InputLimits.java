package io.bulwark.validation;

import java.io.InputStream;
import java.util.Objects;

/**
 * Size limits on request input, shared by both adapters: the body, and each text field.
 * Immutable and thread-safe.
 *
 * <pre>{@code
 * InputLimits limits = InputLimits.builder()
 *         .maxBodyBytes(2 * 1024 * 1024)      // default 1 MiB
 *         .maxFieldLength(16 * 1024)          // default 64 Ki characters
 *         .build();
 *
 * if (limits.isOverBodyLimit(request.getContentLengthLong())) {
 *     // answer InputProblems.bodyTooLarge(): 413, before reading anything
 * }
 * InputStream body = limits.limit(request.getInputStream());    // throws BodyTooLargeException past the limit
 * }</pre>
 *
 * <p>The declared Content-Length is checked first, so that an honest oversized request is refused
 * without reading it; the stream wrapper guards the rest (chunked bodies, lying lengths).
 */
public final class InputLimits {

    /** 1 MiB: larger than any JSON form, small enough that a flood of them does not exhaust memory. */
    public static final long DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

    /** 64 Ki characters: more than any text field of a form, far less than a body. */
    public static final int DEFAULT_MAX_FIELD_LENGTH = 64 * 1024;

    private static final InputLimits DEFAULTS = builder().build();

    private final long maxBodyBytes;
    private final int maxFieldLength;

    private InputLimits(Builder builder) {
        this.maxBodyBytes = builder.maxBodyBytes;
        this.maxFieldLength = builder.maxFieldLength;
    }

    /**
     * The default limits: 1 MiB per body, 64 Ki characters per field.
     *
     * @return the shared default limits
     */
    public static InputLimits defaults() {
        return DEFAULTS;
    }

    /**
     * A builder starting from the defaults.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The largest body, in bytes.
     *
     * @return the limit
     */
    public long maxBodyBytes() {
        return maxBodyBytes;
    }

    /**
     * The longest text field, in characters (UTF-16 units, as {@link String#length()} counts).
     *
     * @return the limit
     */
    public int maxFieldLength() {
        return maxFieldLength;
    }

    /**
     * Whether a declared Content-Length is over the body limit.
     *
     * @param contentLength the declared length in bytes; negative when unknown (as
     *        {@code getContentLengthLong()} reports), which is not over the limit — then
     *        {@link #limit(InputStream)} guards the body
     * @return true when the body must be refused with 413 without reading it
     */
    public boolean isOverBodyLimit(long contentLength) {
        return contentLength > maxBodyBytes;
    }

    /**
     * Whether a text field is longer than the field limit.
     *
     * @param field the field's value
     * @return true when it is too long
     */
    public boolean isOverFieldLimit(CharSequence field) {
        return Objects.requireNonNull(field, "field").length() > maxFieldLength;
    }

    /**
     * Wraps a body so that reading past the body limit throws {@link BodyTooLargeException}.
     *
     * @param body the request body
     * @return the limited body
     */
    public LimitedInputStream limit(InputStream body) {
        return new LimitedInputStream(body, maxBodyBytes);
    }

    @Override
    public String toString() {
        return "InputLimits[maxBodyBytes=" + maxBodyBytes + ", maxFieldLength=" + maxFieldLength + "]";
    }

    /** Builds {@link InputLimits}. Not thread-safe; build once, share the result. */
    public static final class Builder {

        private long maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
        private int maxFieldLength = DEFAULT_MAX_FIELD_LENGTH;

        private Builder() {
        }

        /**
         * The largest request body, in bytes. Default: 1 MiB.
         *
         * @param bytes at least 1
         * @return this builder
         * @throws IllegalArgumentException when {@code bytes} is below 1
         */
        public Builder maxBodyBytes(long bytes) {
            if (bytes < 1) {
                throw new IllegalArgumentException("maxBodyBytes must be at least 1, was " + bytes);
            }
            this.maxBodyBytes = bytes;
            return this;
        }

        /**
         * The longest text field, in characters. Default: 65 536. There is no "unlimited": pass
         * {@code Integer.MAX_VALUE} to rely on the body limit alone.
         *
         * @param characters at least 1
         * @return this builder
         * @throws IllegalArgumentException when {@code characters} is below 1
         */
        public Builder maxFieldLength(int characters) {
            if (characters < 1) {
                throw new IllegalArgumentException("maxFieldLength must be at least 1, was " + characters);
            }
            this.maxFieldLength = characters;
            return this;
        }

        /**
         * Builds the limits.
         *
         * @return immutable limits
         */
        public InputLimits build() {
            return new InputLimits(this);
        }
    }
}
