package io.bulwark.ratelimit;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real {@code redis-server} on a free port, for tests: registered as an extension it runs for the
 * test class; started by hand it can be stopped and restarted on the same port mid-test.
 * Without the binary the tests are skipped, saying how to install it; with the environment variable
 * {@value #REQUIRE_ENV} set to {@code true} (as {@code .ci/run} sets it, after installing it) they
 * fail instead, so CI cannot go green by skipping them. Shipped in core's test-jar for the examples' Redis test.
 */
public final class RedisServerProcess implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback, AutoCloseable {

    private static final String MISSING =
            "redis-server not found on PATH: install it (apt-get install redis-server) to run the Redis store tests";

    /** Set to {@code true}, a missing binary fails the tests instead of skipping them. */
    static final String REQUIRE_ENV = "BULWARK_REQUIRE_REDIS";

    private static final long READY_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final List<String> extraArguments;
    private int port;
    private @Nullable Process process;
    private @Nullable Path log;

    /** A server with the given extra arguments ({@code "--requirepass", "s3cret"}, say). */
    public RedisServerProcess(String... extraArguments) {
        this.extraArguments = List.of(extraArguments);
    }

    /** Starts a server now, skipping the calling test if there is no {@code redis-server}. */
    public static RedisServerProcess startNew(String... extraArguments) throws IOException {
        RedisServerProcess server = new RedisServerProcess(extraArguments);
        server.start();
        return server;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        if (findBinary().isPresent()) {
            start();
        }
    }

    /** Without the binary, each test is reported skipped, with the reason (or fails, where required). */
    @Override
    public void beforeEach(ExtensionContext context) {
        requireBinary();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    /** The port, fixed by the first start and kept by restarts. */
    public int port() {
        return port;
    }

    /** {@code redis://127.0.0.1:port}. */
    public String uri() {
        return "redis://127.0.0.1:" + port;
    }

    /** Starts the server (on a free port the first time, on the same port after a stop) and waits for PING. */
    public synchronized void start() throws IOException {
        Path binary = requireBinary();
        if (process != null) {
            throw new IllegalStateException("redis-server already running on port " + port);
        }
        if (port == 0) {
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
        }
        if (log == null) {
            log = Files.createTempFile("redis-server-" + port + "-", ".log");
        }
        List<String> command = new ArrayList<>(List.of(binary.toString(),
                "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no"));
        command.addAll(extraArguments);
        process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        awaitPong();
    }

    /** Stops the server and waits until it has exited. */
    public synchronized void stop() {
        Process p = process;
        if (p == null) {
            return;
        }
        process = null;
        p.destroy();
        try {
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the server for good and deletes its log (a start that failed has shown its tail already). */
    @Override
    public synchronized void close() {
        stop();
        Path l = log;
        log = null;
        if (l != null) {
            try {
                Files.deleteIfExists(l);
            } catch (IOException e) {
                // A log left in the temporary directory is no reason to fail a test.
            }
        }
    }

    private void awaitPong() throws IOException {
        long deadline = System.nanoTime() + READY_TIMEOUT_NANOS;
        IOException last = null;
        while (System.nanoTime() - deadline < 0) {
            Process p = process;
            if (p == null || !p.isAlive()) {
                throw new IOException("redis-server exited before answering; its log: " + log + "\n" + logTail());
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                socket.setSoTimeout(500);
                OutputStream out = socket.getOutputStream();
                out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                InputStream in = socket.getInputStream();
                byte[] reply = new byte[7];
                int n = in.readNBytes(reply, 0, reply.length);
                String answer = new String(reply, 0, n, StandardCharsets.US_ASCII);
                // With --requirepass the server answers, but refuses: it is up all the same.
                if (answer.startsWith("+PONG") || answer.startsWith("-NOAUTH")) {
                    return;
                }
            } catch (IOException e) {
                last = e;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
        stop();
        throw new IOException("redis-server did not answer PING on port " + port + " within 10 s; its log: " + log
                + "\n" + logTail(), last);
    }

    private String logTail() {
        try {
            Path l = log;
            if (l == null) {
                return "";
            }
            List<String> lines = Files.readAllLines(l, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "";
        }
    }

    /** The binary, or a skip (a failure where {@value #REQUIRE_ENV} is {@code true}) naming how to install it. */
    private static Path requireBinary() {
        Optional<Path> binary = findBinary();
        if (binary.isEmpty() && "true".equalsIgnoreCase(System.getenv(REQUIRE_ENV))) {
            throw new IllegalStateException(MISSING + " (" + REQUIRE_ENV + "=true: required, not skipped)");
        }
        Assumptions.assumeTrue(binary.isPresent(), MISSING);
        return binary.orElseThrow();
    }

    /** {@code redis-server} on the PATH, else in /usr/bin or /usr/local/bin. */
    public static Optional<Path> findBinary() {
        List<Path> candidates = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                if (!dir.isEmpty()) {
                    candidates.add(Path.of(dir, "redis-server"));
                }
            }
        }
        candidates.add(Path.of("/usr/bin/redis-server"));
        candidates.add(Path.of("/usr/local/bin/redis-server"));
        return candidates.stream().filter(Files::isExecutable).findFirst();
    }
}
