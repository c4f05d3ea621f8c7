package io.bulwark.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A minimal HTTP/1.1 keep-alive client: writes a fixed request, reads one response. It reads
 * the socket in bulk and scans the bytes in place, so that a response with more headers (the
 * RateLimit and security headers Bulwark adds) costs the client next to nothing more.
 */
final class KeepAliveClient implements AutoCloseable {
    private static final byte[] CONTENT_LENGTH = "content-length:".getBytes(StandardCharsets.US_ASCII);

    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;
    private final byte[] request;
    private final byte[] buffer = new byte[64 * 1024];
    private int position;
    private int limit;

    KeepAliveClient(int port, byte[] request) throws IOException {
        this.socket = new Socket("127.0.0.1", port);
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(10_000);
        this.out = socket.getOutputStream();
        this.in = socket.getInputStream();
        this.request = request;
    }

    /** Sends the request and reads the whole response; returns its status. */
    int exchange() throws IOException {
        out.write(request);
        out.flush();
        int start = nextLine();
        if (lineEnd - start < 12) {
            throw new IOException("bad status line");
        }
        int status = (buffer[start + 9] - '0') * 100 + (buffer[start + 10] - '0') * 10 + (buffer[start + 11] - '0');
        long contentLength = 0;
        for (start = nextLine(); lineEnd > start; start = nextLine()) {
            if (isContentLength(start)) {
                contentLength = parseLong(start + CONTENT_LENGTH.length, lineEnd);
            }
        }
        for (long left = contentLength; left > 0; ) {
            if (position == limit) {
                fill();
            }
            int skipped = (int) Math.min(left, limit - position);
            position += skipped;
            left -= skipped;
        }
        return status;
    }

    /** End (exclusive, without CR) of the line {@link #nextLine()} found last. */
    private int lineEnd;

    /**
     * Finds the next line in the buffer, compacting and refilling it as needed.
     *
     * @return the line's start; {@link #lineEnd} its end
     */
    private int nextLine() throws IOException {
        int scan = position;
        while (true) {
            for (; scan < limit; scan++) {
                if (buffer[scan] == '\n') {
                    int start = position;
                    lineEnd = scan > start && buffer[scan - 1] == '\r' ? scan - 1 : scan;
                    position = scan + 1;
                    return start;
                }
            }
            if (position > 0) {
                System.arraycopy(buffer, position, buffer, 0, limit - position);
                scan -= position;
                limit -= position;
                position = 0;
            }
            if (limit == buffer.length) {
                throw new IOException("header line too long");
            }
            int read = in.read(buffer, limit, buffer.length - limit);
            if (read < 0) {
                throw new IOException("connection closed");
            }
            limit += read;
        }
    }

    private void fill() throws IOException {
        position = 0;
        limit = in.read(buffer, 0, buffer.length);
        if (limit < 0) {
            throw new IOException("connection closed mid-body");
        }
    }

    private boolean isContentLength(int start) {
        if (lineEnd - start <= CONTENT_LENGTH.length) {
            return false;
        }
        for (int i = 0; i < CONTENT_LENGTH.length; i++) {
            byte b = buffer[start + i];
            if ((b >= 'A' && b <= 'Z' ? b + 32 : b) != CONTENT_LENGTH[i]) {
                return false;
            }
        }
        return true;
    }

    private long parseLong(int from, int to) {
        long value = 0;
        for (int i = from; i < to; i++) {
            byte b = buffer[i];
            if (b >= '0' && b <= '9') {
                value = value * 10 + (b - '0');
            }
        }
        return value;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
