package io.bulwark.benchmarks;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import io.bulwark.Bulwark;
import io.bulwark.EndpointPolicy;
import io.bulwark.ratelimit.EndpointLimit;
import io.bulwark.ratelimit.Quota;
import io.bulwark.ratelimit.RateLimit;
import io.bulwark.ratelimit.RateLimitKey;
import io.bulwark.ratelimit.RateLimiter;
import io.bulwark.servlet.BulwarkFilter;
import io.bulwark.token.DevelopmentKeys;
import io.bulwark.token.KeySource;
import io.bulwark.token.TokenIssuer;
import io.bulwark.token.TokenVerifier;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Requests per second of a trivial servlet on embedded Jetty 12, without and with
 * {@link BulwarkFilter}, same server, same client, same run: the issue's target is with Bulwark at
 * least 90% of without.
 *
 * <p>One Jetty serves two contexts: {@code /plain} (the servlet alone) and {@code /guarded} (the
 * servlet behind a BulwarkFilter whose route requires a valid token with a scope, with a limit per
 * client address and one per subject, the default security headers). Both benchmarks send the same
 * bytes (a valid bearer token in each; the plain context ignores it) over one keep-alive connection
 * per thread, through a raw-socket HTTP/1.1 client that reads the response in bulk and scans the
 * status line, headers and {@code Content-Length} body in place (the client of
 * {@link JaxrsThroughputBenchmark}): far less client work per request than {@code java.net.http}, so
 * the server's cost dominates and the extra header bytes of the guarded answers cost the client
 * almost nothing. The token is verified once and then served from the verified-token cache,
 * as a busy API sees its callers' tokens.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar ServletThroughputBenchmark -f 1 -wi 2 -i 3
 * </pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class ServletThroughputBenchmark {

    private static final String ISSUER = "https://issuer.bench.test";
    private static final String AUDIENCE = "bench-api";
    private static final byte[] HELLO = "hello".getBytes(StandardCharsets.US_ASCII);

    private Server server;
    int port;
    String token;

    /** Starts Jetty with both contexts and issues the token. */
    @Setup(Level.Trial)
    public void startServer() throws Exception {
        JWK key = DevelopmentKeys.generate("ES256");
        token = TokenIssuer.builder(key).issuer(ISSUER).audience(AUDIENCE).lifetime(Duration.ofHours(1)).build()
                .issue("bench-user", List.of("bench:read"), List.of());
        Bulwark bulwark = Bulwark.builder()
                .tokenVerifier(TokenVerifier.builder()
                        .trust(ISSUER, KeySource.jwkSet(new JWKSet(key.toPublicJWK())))
                        .audience(AUDIENCE)
                        .build())
                .rateLimiter(RateLimiter.builder().build())
                .defaultEventLogger(false)
                .build();
        // Limits far above what one run can spend, so every request is decided and allowed.
        EndpointPolicy policy = EndpointPolicy.builder()
                .requireScopes("bench:read")
                .rateLimit(EndpointLimit.inline(RateLimit.of("per-ip", Quota.of(1_000_000_000L, Duration.ofMinutes(1)),
                        RateLimitKey.clientAddress())))
                .rateLimit(EndpointLimit.inline(RateLimit.of("per-user", Quota.of(1_000_000_000L, Duration.ofMinutes(1)),
                        RateLimitKey.subject())))
                .build();

        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);

        ServletContextHandler plain = new ServletContextHandler("/plain");
        plain.addServlet(HelloServlet.class, "/hello");

        ServletContextHandler guarded = new ServletContextHandler("/guarded");
        guarded.addServlet(HelloServlet.class, "/hello");
        guarded.addFilter(new FilterHolder(BulwarkFilter.builder(bulwark)
                        .route("GET", "/hello", policy)
                        .denyByDefault()
                        .build()),
                "/*", EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC, DispatcherType.ERROR));

        server.setHandler(new ContextHandlerCollection(plain, guarded));
        server.start();
        port = connector.getLocalPort();

        // Fail fast if the guarded path does not answer 200 (a benchmark of 401s would mean nothing).
        try (KeepAliveClient check = new KeepAliveClient(port, request("/guarded/hello", token))) {
            int status = check.exchange();
            if (status != 200) {
                throw new IllegalStateException("guarded request answered " + status);
            }
        }
    }

    /** Stops Jetty. */
    @TearDown(Level.Trial)
    public void stopServer() throws Exception {
        server.stop();
    }

    static byte[] request(String path, String bearer) {
        return ("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + bearer
                + "\r\nAccept: */*\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** One keep-alive connection per benchmark thread to the plain context. */
    @State(Scope.Thread)
    public static class PlainConnection {
        KeepAliveClient client;

        /** Connects. */
        @Setup(Level.Trial)
        public void connect(ServletThroughputBenchmark bench) throws IOException {
            client = new KeepAliveClient(bench.port, request("/plain/hello", bench.token));
        }

        /** Disconnects. */
        @TearDown(Level.Trial)
        public void disconnect() throws IOException {
            client.close();
        }
    }

    /** One keep-alive connection per benchmark thread to the guarded context. */
    @State(Scope.Thread)
    public static class GuardedConnection {
        KeepAliveClient client;

        /** Connects. */
        @Setup(Level.Trial)
        public void connect(ServletThroughputBenchmark bench) throws IOException {
            client = new KeepAliveClient(bench.port, request("/guarded/hello", bench.token));
        }

        /** Disconnects. */
        @TearDown(Level.Trial)
        public void disconnect() throws IOException {
            client.close();
        }
    }

    /**
     * The servlet alone.
     *
     * @param connection the thread's connection
     * @return the status
     */
    @Benchmark
    public int withoutBulwark(PlainConnection connection) throws IOException {
        return connection.client.exchange();
    }

    /**
     * The servlet behind BulwarkFilter: token (cached), scope, two rate limits, security headers.
     *
     * @param connection the thread's connection
     * @return the status
     */
    @Benchmark
    public int withBulwark(GuardedConnection connection) throws IOException {
        return connection.client.exchange();
    }

    /** The trivial servlet: five bytes with a Content-Length. */
    public static final class HelloServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.setContentType("text/plain");
            response.setContentLength(HELLO.length);
            response.getOutputStream().write(HELLO);
        }
    }
}
