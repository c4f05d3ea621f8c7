package io.bulwark.validation;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * An input stream that lets at most a limit of bytes through and throws
 * {@link BodyTooLargeException} when the byte after the limit arrives. A body of exactly the
 * limit is read to its end untouched; only the first byte beyond it fails, and every read after
 * that fails too. Bytes skipped count as read.
 *
 * <pre>{@code
 * InputStream body = limits.limit(request.getInputStream());   // or new LimitedInputStream(in, 1 << 20)
 * }</pre>
 *
 * <p>Guards bodies whose length is unknown (chunked transfer) or whose Content-Length lies. Not
 * thread-safe, as streams are not.
 */
public final class LimitedInputStream extends FilterInputStream {

    private final long limit;
    private long count;
    private long markedCount;
    private boolean exceeded;

    /**
     * Wraps a stream.
     *
     * @param in the stream to limit
     * @param limit the most bytes that may be read, at least 0
     */
    public LimitedInputStream(InputStream in, long limit) {
        super(Objects.requireNonNull(in, "in"));
        if (limit < 0) {
            throw new IllegalArgumentException("limit must be at least 0, was " + limit);
        }
        this.limit = limit;
    }

    /**
     * How many bytes have been read or skipped so far.
     *
     * @return the count
     */
    public long count() {
        return count;
    }

    /**
     * The limit.
     *
     * @return the most bytes this stream lets through
     */
    public long limit() {
        return limit;
    }

    /**
     * Reads one byte.
     *
     * @return the byte, or -1 at the end
     * @throws BodyTooLargeException when this byte is beyond the limit
     * @throws IOException when the underlying stream fails
     */
    @Override
    public int read() throws IOException {
        ensureOpenForReading();
        int b = in.read();
        if (b >= 0) {
            record(1);
        }
        return b;
    }

    /**
     * Reads bytes; asks the underlying stream for at most one byte more than the limit leaves, so
     * that passing the limit is noticed without reading further.
     *
     * @param buffer where to put the bytes
     * @param offset the first index to fill
     * @param length the most bytes to read
     * @return the number of bytes read, or -1 at the end
     * @throws BodyTooLargeException when the limit is passed
     * @throws IOException when the underlying stream fails
     */
    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, buffer.length);
        ensureOpenForReading();
        if (length == 0) {
            return 0;
        }
        long remaining = limit - count;
        int allowed = remaining < length ? (int) remaining + 1 : length;
        int n = in.read(buffer, offset, allowed);
        if (n > 0) {
            record(n);
        }
        return n;
    }

    /**
     * Skips bytes, which count against the limit.
     *
     * @param n the most bytes to skip
     * @return the bytes skipped
     * @throws BodyTooLargeException when the limit is passed
     * @throws IOException when the underlying stream fails
     */
    @Override
    public long skip(long n) throws IOException {
        ensureOpenForReading();
        if (n <= 0) {
            return 0;
        }
        long remaining = limit - count;
        long skipped = in.skip(remaining < n ? remaining + 1 : n);
        if (skipped > 0) {
            record(skipped);
        }
        return skipped;
    }

    /**
     * Marks the position; the count is restored on {@link #reset()}.
     *
     * @param readLimit as for {@link InputStream#mark(int)}
     */
    @Override
    public synchronized void mark(int readLimit) {
        in.mark(readLimit);
        markedCount = count;
    }

    /**
     * Returns to the mark, and the count with it.
     *
     * @throws IOException when the underlying stream cannot reset
     */
    @Override
    public synchronized void reset() throws IOException {
        in.reset();
        count = markedCount;
        exceeded = false;
    }

    private void ensureOpenForReading() throws BodyTooLargeException {
        if (exceeded) {
            throw new BodyTooLargeException(limit);
        }
    }

    private void record(long n) throws BodyTooLargeException {
        count += n;
        if (count > limit) {
            exceeded = true;
            throw new BodyTooLargeException(limit);
        }
    }
}
