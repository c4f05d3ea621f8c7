package io.bulwark.token;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP server on 127.0.0.1 and a free port, for the key-source integration tests: it
 * answers each path with a fixed document (or with silence), counts the requests per path, and
 * is stopped by {@link #stop()} (idempotent), which also releases every silent exchange.
 */
final class KeyServer {

    private record Answer(int status, String body, boolean silent) {
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
    private final CountDownLatch released = new CountDownLatch(1);
    private final AtomicBoolean stopped = new AtomicBoolean();

    private KeyServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        // Not the dispatcher thread: a silent exchange must not block the others, nor stop().
        server.setExecutor(executor);
        server.start();
    }

    static KeyServer start() throws IOException {
        return new KeyServer();
    }

    /** A port on 127.0.0.1 that nothing listens on (it was free a moment ago). */
    static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }

    /** Serves the public parts of the keys as a JWK set at the path. */
    void serveKeys(String path, JWK... keys) {
        serve(path, jwkSet(keys));
    }

    /** Serves a JSON document at the path with status 200. */
    void serve(String path, String json) {
        answer(path, 200, json);
    }

    void answer(String path, int status, String body) {
        answers.put(path, new Answer(status, body, false));
    }

    /** Accepts requests for the path and never answers them, until {@link #stop()}. */
    void neverAnswer(String path) {
        answers.put(path, new Answer(0, "", true));
    }

    int requests(String path) {
        AtomicInteger count = requests.get(path);
        return count == null ? 0 : count.get();
    }

    /** {@code http://127.0.0.1:<port>}, with no trailing slash. */
    String origin() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    URI uri(String path) {
        return URI.create(origin() + path);
    }

    void stop() {
        if (stopped.compareAndSet(false, true)) {
            released.countDown();
            server.stop(0);
            executor.shutdownNow();
        }
    }

    static String jwkSet(JWK... keys) {
        return new JWKSet(List.of(keys)).toString(true);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try {
            String path = exchange.getRequestURI().getPath();
            requests.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
            Answer answer = answers.get(path);
            if (answer == null) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            if (answer.silent()) {
                // Holds the connection open without a byte of response until the test ends.
                released.await(30, TimeUnit.SECONDS);
                return;
            }
            byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(answer.status(), body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            exchange.close();
        }
    }
}
