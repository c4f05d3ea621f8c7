package io.bulwark.benchmarks;

import io.bulwark.ratelimit.Quota;
import io.bulwark.ratelimit.RateLimit;
import io.bulwark.ratelimit.RateLimitKey;
import io.bulwark.ratelimit.RedisBucketStore;
import io.bulwark.ratelimit.StoreUnavailableException;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Rate-limit decisions per second through {@link RedisBucketStore} against a real
 * {@code redis-server} on this machine, on one hot key (every decision takes a token, so every
 * decision is a compare-and-swap), with bucket4j's batching on (the store's default) and off, from
 * one thread and from two.
 *
 * <p>The benchmark starts its own {@code redis-server} (from the PATH, or /usr/bin) on a free port
 * and stops it afterwards; without one, setup fails saying so. Decisions the store could not make
 * in time are not counted as throughput: they are counted apart and printed at teardown.
 *
 * <pre>{@code
 * java -jar benchmarks/target/benchmarks.jar RedisRateLimitBenchmark
 * }</pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class RedisRateLimitBenchmark {

    private static final String KEY = "hot:203.0.113.7";

    /** bucket4j's batching optimization: merges one instance's concurrent decisions on a key. */
    @Param({"true", "false"})
    public boolean batching;

    private RedisServer server;
    private RedisBucketStore store;
    private RateLimit limit;
    private final LongAdder unavailable = new LongAdder();

    @Setup(Level.Trial)
    public void start() throws IOException {
        server = RedisServer.start();
        store = RedisBucketStore.builder(server.uri())
                .batching(batching)
                .keyPrefix("bench:")
                .build();
        // Never runs dry within a run: every decision admits, and writes.
        limit = RateLimit.of("hot", Quota.of(1_000_000_000L, Duration.ofHours(1)), RateLimitKey.clientAddress());
    }

    @TearDown(Level.Trial)
    public void stop() {
        try {
            if (store != null) {
                store.close();
            }
        } finally {
            if (server != null) {
                server.stop();
            }
        }
        if (unavailable.sum() > 0) {
            System.out.println("RedisRateLimitBenchmark: " + unavailable.sum()
                    + " decisions failed with StoreUnavailableException (not counted as throughput)");
        }
    }

    @Benchmark
    @Threads(1)
    public boolean decideOneThread() {
        return decide();
    }

    @Benchmark
    @Threads(2)
    public boolean decideTwoThreads() {
        return decide();
    }

    private boolean decide() {
        try {
            return store.tryConsume(KEY, limit, 1).allowed();
        } catch (StoreUnavailableException e) {
            unavailable.increment();
            return false;
        }
    }

    /** A {@code redis-server} on a free port, for the length of a trial. */
    static final class RedisServer {
        private final Process process;
        private final int port;
        private final Path log;

        private RedisServer(Process process, int port, Path log) {
            this.process = process;
            this.port = port;
            this.log = log;
        }

        static RedisServer start() throws IOException {
            Path binary = findBinary().orElseThrow(() -> new IllegalStateException(
                    "RedisRateLimitBenchmark cannot run: redis-server not found on PATH or in /usr/bin "
                            + "(install it: apt-get install redis-server)"));
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            Path log = Files.createTempFile("redis-benchmark-" + port + "-", ".log");
            Process process = new ProcessBuilder(binary.toString(), "--port", Integer.toString(port),
                    "--bind", "127.0.0.1", "--save", "", "--appendonly", "no")
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            RedisServer server = new RedisServer(process, port, log);
            server.awaitPong();
            return server;
        }

        String uri() {
            return "redis://127.0.0.1:" + port;
        }

        /** Stops the server and deletes its log (kept only when the server failed to start). */
        void stop() {
            halt();
            try {
                Files.deleteIfExists(log);
            } catch (IOException e) {
                // A log left in the temporary directory does not spoil the measurement.
            }
        }

        private void halt() {
            process.destroy();
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }

        private void awaitPong() throws IOException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() - deadline < 0) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("RedisRateLimitBenchmark cannot run: redis-server exited; see " + log);
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
                    if (new String(reply, 0, n, StandardCharsets.US_ASCII).startsWith("+PONG")) {
                        return;
                    }
                } catch (IOException e) {
                    // not listening yet
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
            }
            halt();
            throw new IllegalStateException("RedisRateLimitBenchmark cannot run: redis-server did not answer PING "
                    + "within 10 s; see " + log);
        }

        private static Optional<Path> findBinary() {
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
}
