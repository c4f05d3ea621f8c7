package io.bulwark.servlet;

import io.bulwark.validation.LimitedInputStream;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import java.io.IOException;

/**
 * The request body as the application reads it: the container's stream, counted through the core's
 * {@link LimitedInputStream}, so that a body without {@code Content-Length} (chunked) or with a
 * lying one stops at the limit with {@link io.bulwark.validation.BodyTooLargeException}.
 *
 * <p>Non-blocking reads work as before: the listener is the container's business, and every byte the
 * application takes in {@code onDataAvailable} still passes through here.
 */
final class LimitedServletInputStream extends ServletInputStream {

    private final ServletInputStream raw;
    private final LimitedInputStream limited;

    LimitedServletInputStream(ServletInputStream raw, LimitedInputStream limited) {
        this.raw = raw;
        this.limited = limited;
    }

    /** The container's stream this one counts. */
    ServletInputStream raw() {
        return raw;
    }

    /** Whether the application tried to read past the limit. */
    boolean limitPassed() {
        return limited.count() > limited.limit();
    }

    @Override
    public int read() throws IOException {
        return limited.read();
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        return limited.read(buffer, offset, length);
    }

    @Override
    public long skip(long n) throws IOException {
        return limited.skip(n);
    }

    @Override
    public int available() throws IOException {
        return limited.available();
    }

    @Override
    public void close() throws IOException {
        raw.close();
    }

    @Override
    public boolean isFinished() {
        return raw.isFinished();
    }

    @Override
    public boolean isReady() {
        return raw.isReady();
    }

    @Override
    public void setReadListener(ReadListener listener) {
        raw.setReadListener(listener);
    }
}
