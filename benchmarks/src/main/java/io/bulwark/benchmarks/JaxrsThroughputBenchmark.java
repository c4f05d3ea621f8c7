package io.bulwark.benchmarks;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import io.bulwark.Bulwark;
import io.bulwark.annotation.RateLimited;
import io.bulwark.annotation.RequiresScopes;
import io.bulwark.jaxrs.BulwarkFeature;
import io.bulwark.jaxrs.RemoteAddressProvider;
import io.bulwark.ratelimit.RateLimiter;
import io.bulwark.token.DevelopmentKeys;
import io.bulwark.token.KeySource;
import io.bulwark.token.TokenIssuer;
import io.bulwark.token.TokenVerifier;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.servlet.ServletContainer;
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
 * Requests per second of a trivial Jakarta REST resource on Jersey 3.1 (servlet container on
 * embedded Jetty 12), without and with {@link BulwarkFeature}, same server, same client, same run:
 * the issue's target is with Bulwark at least 90% of without.
 *
 * <p>One Jetty serves two Jersey applications of the same resource class: {@code /plain} (Jersey
 * alone: Bulwark's annotations are inert there) and {@code /guarded} (with
 * {@code register(new BulwarkFeature(bulwark))}: a valid token with a scope, a limit per client
 * address and one per subject, the default security headers). Both contexts run the same servlet
 * filter that hands the connection's address to Jersey as a request property. Both benchmarks send
 * the same bytes (a valid bearer token in each) over one keep-alive connection per thread, through
 * a raw-socket HTTP/1.1 client that reads the response in bulk and scans the status line, headers
 * and {@code Content-Length} body in place, so the server's cost dominates and the extra header
 * bytes of the guarded answers cost the client almost nothing. The token is verified once and then served from the
 * verified-token cache, as a busy API sees its callers' tokens.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar JaxrsThroughputBenchmark -f 1 -wi 2 -i 3
 * </pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class JaxrsThroughputBenchmark {

    private static final String ISSUER = "https://issuer.bench.test";
    private static final String AUDIENCE = "bench-api";

    private Server server;
    int port;
    String token;

    /** The trivial resource: five bytes of text. Its annotations only matter behind BulwarkFeature. */
    @Path("hello")
    public static class HelloResource {

        /**
         * Says hello.
         *
         * @return {@code hello}
         */
        @GET
        @Produces(MediaType.TEXT_PLAIN)
        @RequiresScopes("bench:read")
        @RateLimited(name = "per-ip", requests = 1_000_000_000L, period = "PT1M", key = RateLimited.Key.CLIENT_ADDRESS)
        @RateLimited(name = "per-user", requests = 1_000_000_000L, period = "PT1M", key = RateLimited.Key.SUBJECT)
        public String hello() {
            return "hello";
        }
    }

    /** Starts Jetty with both applications and issues the token. */
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

        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler plain = jersey("/plain", new ResourceConfig().register(HelloResource.class));
        ServletContextHandler guarded = jersey("/guarded",
                new ResourceConfig().register(new BulwarkFeature(bulwark)).register(HelloResource.class));
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

    private static ServletContextHandler jersey(String contextPath, ResourceConfig application) {
        ServletContextHandler context = new ServletContextHandler(contextPath);
        // The runtime glue for the client's address (RemoteAddressProvider's Javadoc), in both contexts alike.
        Filter remoteAddress = (request, response, chain) -> {
            request.setAttribute(RemoteAddressProvider.PROPERTY, request.getRemoteAddr());
            chain.doFilter(request, response);
        };
        context.addFilter(new FilterHolder(remoteAddress), "/*", EnumSet.of(DispatcherType.REQUEST));
        ServletHolder holder = new ServletHolder(new ServletContainer(application));
        holder.setInitOrder(0);
        context.addServlet(holder, "/*");
        return context;
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

    /** One keep-alive connection per benchmark thread to the plain application. */
    @State(Scope.Thread)
    public static class PlainConnection {
        KeepAliveClient client;

        /** Connects. */
        @Setup(Level.Trial)
        public void connect(JaxrsThroughputBenchmark bench) throws IOException {
            client = new KeepAliveClient(bench.port, request("/plain/hello", bench.token));
        }

        /** Disconnects. */
        @TearDown(Level.Trial)
        public void disconnect() throws IOException {
            client.close();
        }
    }

    /** One keep-alive connection per benchmark thread to the guarded application. */
    @State(Scope.Thread)
    public static class GuardedConnection {
        KeepAliveClient client;

        /** Connects. */
        @Setup(Level.Trial)
        public void connect(JaxrsThroughputBenchmark bench) throws IOException {
            client = new KeepAliveClient(bench.port, request("/guarded/hello", bench.token));
        }

        /** Disconnects. */
        @TearDown(Level.Trial)
        public void disconnect() throws IOException {
            client.close();
        }
    }

    /**
     * The resource on Jersey alone.
     *
     * @param connection the thread's connection
     * @return the status
     * @throws IOException when the connection fails
     */
    @Benchmark
    public int withoutBulwark(PlainConnection connection) throws IOException {
        return connection.client.exchange();
    }

    /**
     * The resource behind BulwarkFeature: token (cached), scope, two rate limits, security headers.
     *
     * @param connection the thread's connection
     * @return the status
     * @throws IOException when the connection fails
     */
    @Benchmark
    public int withBulwark(GuardedConnection connection) throws IOException {
        return connection.client.exchange();
    }
}
