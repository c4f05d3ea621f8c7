package io.bulwark.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.jwk.JWKSet;
import io.bulwark.Bulwark;
import io.bulwark.RequestContext;
import io.bulwark.annotation.Authenticated;
import io.bulwark.contract.ContractApp;
import io.bulwark.event.SecurityEvent;
import io.bulwark.ratelimit.ClientAddressResolver;
import io.bulwark.ratelimit.RateLimiter;
import io.bulwark.token.Fingerprints;
import io.bulwark.token.KeySource;
import io.bulwark.token.TokenVerifier;
import io.bulwark.validation.InputLimits;
import jakarta.annotation.security.PermitAll;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * What operators see, over real HTTP on both containers: an attack run leaves readable event lines
 * and never a token in any output; the application's own log lines carry the request's id and
 * subject; rejected input raises an event naming the client; a listener that hangs changes no
 * response.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecurityMonitoringIT {

    private final ContractApp app = new ContractApp();
    private final List<SecurityEvent> events = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private final Map<ServletContainer, ServletContainer.RunningServer> servers = new EnumMap<>(ServletContainer.class);

    @BeforeAll
    void start() throws Exception {
        // The defaults operators get: the SLF4J event logger, delivery off the request thread, the
        // MDC; and one listener that never returns.
        Bulwark bulwark = Bulwark.builder()
                .tokenVerifier(TokenVerifier.builder()
                        .trust(ContractApp.ISSUER, KeySource.jwkSet(new JWKSet(ContractApp.publicKey())))
                        .audience(ContractApp.AUDIENCE)
                        // Under the containers' 8 KB header limits, so an oversized token reaches Bulwark.
                        .maxTokenLength(4096).build())
                .realm(ContractApp.REALM)
                .clientAddressResolver(ClientAddressResolver.builder().trustedProxies("127.0.0.1/32", "::1/128").build())
                .rateLimiter(RateLimiter.builder().build())
                .inputLimits(InputLimits.builder().maxBodyBytes(ContractApp.MAX_BODY_BYTES).build())
                .listener(event -> {
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                })
                .listener(event -> {
                    synchronized (events) {
                        events.add(event);
                        events.notifyAll();
                    }
                })
                .build();
        for (ServletContainer container : ServletContainer.values()) {
            servers.put(container, container.start(ContractServlets.register(new WebApp())
                    .servlet(LoggingServlet.class, "/logging")
                    .filter(BulwarkFilter.builder(bulwark).build())));
        }
    }

    @AfterAll
    void stop() throws Exception {
        release.countDown();
        for (ServletContainer.RunningServer server : servers.values()) {
            server.close();
        }
    }

    /** Logs through the application's own logger and answers what the MDC held. */
    public static final class LoggingServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Authenticated
        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            LoggerFactory.getLogger("app.orders").warn("handling order lookup");
            ContractServlets.text(response, MDC.get(RequestContext.MDC_REQUEST_ID) + " "
                    + MDC.get(RequestContext.MDC_SUBJECT));
        }
    }

    /** Everything written to stdout and stderr while it is open, still passed through. */
    private static final class CapturedOutput implements AutoCloseable {
        private final PrintStream out = System.out;
        private final PrintStream err = System.err;
        private final ByteArrayOutputStream captured = new ByteArrayOutputStream();

        CapturedOutput() {
            System.setOut(new PrintStream(tee(out), true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(tee(err), true, StandardCharsets.UTF_8));
        }

        private OutputStream tee(PrintStream original) {
            return new OutputStream() {
                @Override
                public void write(int b) {
                    synchronized (captured) {
                        captured.write(b);
                        captured.notifyAll();
                    }
                    original.write(b);
                }

                @Override
                public void write(byte[] b, int off, int len) {
                    synchronized (captured) {
                        captured.write(b, off, len);
                        captured.notifyAll();
                    }
                    original.write(b, off, len);
                }
            };
        }

        String text() {
            synchronized (captured) {
                return captured.toString(StandardCharsets.UTF_8);
            }
        }

        /** Waits, up to ten seconds, until what was written satisfies the condition. */
        void awaitText(Predicate<String> condition) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            synchronized (captured) {
                long left;
                while (!condition.test(captured.toString(StandardCharsets.UTF_8))
                        && (left = deadline - System.nanoTime()) > 0) {
                    captured.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                }
            }
        }

        @Override
        public void close() {
            System.setOut(out);
            System.setErr(err);
        }
    }

    private HttpResponse<String> get(ServletContainer container, String path, String client, String token)
            throws Exception {
        HttpRequest.Builder request = Http.request(servers.get(container).base(), path, client);
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return Http.send(request);
    }

    private List<SecurityEvent> awaitEvents(String client, int count, Predicate<SecurityEvent> which)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        synchronized (events) {
            List<SecurityEvent> found = events.stream().filter(e -> e.clientAddress().equals(client)).filter(which).toList();
            long left;
            while (found.size() < count && (left = deadline - System.nanoTime()) > 0) {
                events.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                found = events.stream().filter(e -> e.clientAddress().equals(client)).filter(which).toList();
            }
            return found;
        }
    }

    private static int lines(String text, String needle) {
        int count = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            count++;
        }
        return count;
    }

    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void anAttackRunLeavesReadableEventLinesAndNoTokenInAnyOutput(ServletContainer container) throws Exception {
        String client = Http.nextClient();
        List<String> tokens = new ArrayList<>(List.of(app.forgedToken(), app.expiredToken(), app.tamperedToken(),
                app.unsignedToken(), app.unknownKeyToken(), app.wrongAudienceToken(), app.wrongIssuerToken(),
                "eyJhbGciOiJIUzI1NiJ9." + "A".repeat(5_000) + ".c2ln"));
        String valid = app.token("alice", List.of(), List.of());
        String before;
        String during;
        try (CapturedOutput output = new CapturedOutput()) {
            before = output.text();
            for (String token : tokens) {
                assertEquals(401, get(container, "/contract/me", client, token).statusCode());
            }
            // A valid token where it is not enough, and past a rate limit: events that know the subject.
            assertEquals(403, get(container, "/contract/admin", client, valid).statusCode());
            for (int i = 0; i < 4; i++) {
                get(container, "/contract/limited", client, valid);
            }
            int expected = tokens.size() + 2;
            assertEquals(expected, awaitEvents(client, expected, e -> true).size());
            output.awaitText(text -> lines(text, "client=\"" + client + "\"") >= expected);
            during = output.text().substring(before.length());
        }

        assertEquals(tokens.size() + 2, lines(during, "client=\"" + client + "\""), during);
        assertTrue(during.contains("kind=\"AUTHENTICATION_FAILED\" reason=\"bad_signature\""), during);
        assertTrue(during.contains("kind=\"AUTHENTICATION_FAILED\" reason=\"too_large\""), during);
        assertTrue(during.contains("kind=\"RATE_LIMITED\" reason=\"contract-ip\""), during);
        assertTrue(during.contains("token=\"" + Fingerprints.of(tokens.get(0)) + "\""), "tokens appear as fingerprints");
        tokens.add(valid);
        for (String token : tokens) {
            for (String part : token.split("\\.")) {
                if (part.length() >= 8) {
                    assertFalse(during.contains(part), "a token's part was written: " + part);
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void theApplicationsOwnLogLinesCarryTheRequestIdAndSubject(ServletContainer container) throws Exception {
        String client = Http.nextClient();
        HttpResponse<String> response;
        String logged;
        try (CapturedOutput output = new CapturedOutput()) {
            response = get(container, "/logging", client, app.token("alice", List.of(), List.of()));
            logged = output.text();
        }

        assertEquals(200, response.statusCode());
        String[] seen = response.body().split(" ");
        assertTrue(seen[0].matches("[0-9a-f]{16}"), response.body());
        assertEquals("alice", seen[1]);
        assertTrue(logged.lines().anyMatch(line -> line.contains("[" + seen[0] + "] app.orders")
                && line.endsWith("handling order lookup")), logged);
    }

    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void anOversizedBodyRaisesAnInputEventNamingTheClient(ServletContainer container) throws Exception {
        String client = Http.nextClient();
        HttpResponse<String> declared = Http.send(Http.request(servers.get(container).base(), "/contract/echo", client)
                .POST(HttpRequest.BodyPublishers.ofString("x".repeat(ContractApp.MAX_BODY_BYTES + 1))));
        HttpResponse<String> chunked = Http.send(Http.request(servers.get(container).base(), "/contract/echo", client)
                .POST(HttpRequest.BodyPublishers.ofInputStream(
                        () -> new java.io.ByteArrayInputStream(new byte[ContractApp.MAX_BODY_BYTES * 4]))));

        assertEquals(413, declared.statusCode());
        assertEquals(413, chunked.statusCode());
        List<SecurityEvent> found = awaitEvents(client, 2, e -> e.kind() == SecurityEvent.Kind.INPUT_REJECTED);
        assertEquals(2, found.size(), "events: " + events);
        for (SecurityEvent event : found) {
            assertEquals("body_too_large", event.reason());
            assertEquals("POST /contract/echo", event.endpoint());
            assertTrue(event.requestId().matches("[0-9a-f]{16}"), event.requestId());
        }
    }

    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void aListenerThatNeverReturnsChangesNoResponse(ServletContainer container) throws Exception {
        String client = Http.nextClient();
        // Each request would wait forever for the hung listener if delivery were on its thread;
        // the client's 10-second timeout would fail the test.
        for (int i = 0; i < 50; i++) {
            HttpResponse<String> response = get(container, "/contract/me", client, null);
            assertEquals(401, response.statusCode());
            assertEquals("Bearer realm=\"contract\"", response.headers().firstValue("WWW-Authenticate").orElseThrow());
        }
        assertEquals(50, awaitEvents(client, 50, e -> true).size(), "the other listener still heard every event");
    }
}
