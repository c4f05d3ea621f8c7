package io.bulwark.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.util.JSONObjectUtils;
import io.bulwark.http.ProblemDetails;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The HTTP contract of DESIGN.md, checked over real HTTP against a running server. Written once;
 * each adapter runs it on each of its containers by extending this class and starting a server
 * that serves {@link ContractApp}'s endpoints.
 *
 * <p>Every request carries its own {@code X-Forwarded-For} address (the app trusts loopback as a
 * proxy), so rate limits never leak from one test into another.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class HttpContractSuite {

    private static final AtomicInteger NEXT_CLIENT = new AtomicInteger(1);

    /** The app served in this run. */
    protected final ContractApp app = new ContractApp();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private URI base;

    /**
     * Starts a real HTTP server on a free port serving the contract app, protected by
     * {@code app.bulwark()}.
     *
     * @param app the app
     * @return the base URI, e.g. {@code http://127.0.0.1:41234} (no trailing slash)
     * @throws Exception if the server cannot start
     */
    protected abstract URI start(ContractApp app) throws Exception;

    /**
     * Stops the server.
     *
     * @throws Exception if it cannot stop
     */
    protected abstract void stop() throws Exception;

    @BeforeAll
    final void startServer() throws Exception {
        base = start(app);
        assertNotNull(base, "start() must return the server's base URI");
    }

    @AfterAll
    final void stopServer() throws Exception {
        stop();
    }

    // ---- public endpoints -------------------------------------------------------------------

    @Test
    void publicEndpointAnswersWithoutTokenAndWithSecurityHeaders() throws Exception {
        HttpResponse<String> response = get("/contract/public", request());
        assertEquals(200, response.statusCode());
        assertEquals("public", response.body().trim());
        assertHeader(response, "X-Content-Type-Options", "nosniff");
        assertHeader(response, "Referrer-Policy", "no-referrer");
        assertHeader(response, "Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
        assertTrue(response.headers().firstValue("Strict-Transport-Security").isEmpty(),
                "no HSTS on a plain-HTTP request");
        assertTrue(response.headers().firstValue("Cache-Control").filter(v -> v.contains("no-store")).isEmpty(),
                "an anonymous public response may be cached");
    }

    @Test
    void strictTransportSecurityOnlyWhenTheTrustedProxySaysHttps() throws Exception {
        HttpResponse<String> viaHttps = get("/contract/public", request().header("X-Forwarded-Proto", "https"));
        assertEquals(200, viaHttps.statusCode());
        assertHeader(viaHttps, "Strict-Transport-Security", "max-age=31536000; includeSubDomains");
        HttpResponse<String> viaHttp = get("/contract/public", request().header("X-Forwarded-Proto", "http"));
        assertTrue(viaHttp.headers().firstValue("Strict-Transport-Security").isEmpty());
    }

    @Test
    void publicEndpointStillRejectsABadToken() throws Exception {
        String forged = app.forgedToken();
        HttpResponse<String> response = get("/contract/public", bearer(forged));
        assertInvalidToken(response, forged);
    }

    // ---- 401 --------------------------------------------------------------------------------

    @Test
    void missingTokenIsChallengedWithoutAnErrorCode() throws Exception {
        HttpResponse<String> response = get("/contract/me", request());
        assertEquals(401, response.statusCode());
        // RFC 6750 §3.1: no error code when the request had no credentials
        assertHeader(response, "WWW-Authenticate", "Bearer realm=\"" + ContractApp.REALM + "\"");
        Map<String, Object> problem = problem(response, 401);
        assertFalse(problem.containsKey("error"), "no error member without credentials");
        assertHeader(response, "Cache-Control", "no-store");
        assertHeader(response, "X-Content-Type-Options", "nosniff");
    }

    static Stream<Arguments> invalidTokens() {
        ContractApp tokens = new ContractApp();
        return Stream.of(
                Arguments.of("forged signature", tokens.forgedToken()),
                Arguments.of("flipped signature bit", tokens.tamperedToken()),
                Arguments.of("expired", tokens.expiredToken()),
                Arguments.of("wrong audience", tokens.wrongAudienceToken()),
                Arguments.of("untrusted issuer", tokens.wrongIssuerToken()),
                Arguments.of("alg none", tokens.unsignedToken()),
                Arguments.of("unknown kid", tokens.unknownKeyToken()),
                Arguments.of("not a JWT", "not-a-jwt"),
                Arguments.of("three dots of junk", "a.b.c"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidTokens")
    void invalidTokenIsRejectedWithInvalidToken(String name, String token) throws Exception {
        assertInvalidToken(get("/contract/me", bearer(token)), token);
    }

    @Test
    void oversizedTokenIsRejectedWithoutEcho() throws Exception {
        String token = app.token("alice", List.of(), List.of());
        String huge = token.substring(0, token.lastIndexOf('.')) + "." + "A".repeat(6_000);
        HttpResponse<String> response = get("/contract/me", bearer(huge));
        assertEquals(401, response.statusCode());
        assertNoEcho(response, huge);
    }

    // ---- 400 --------------------------------------------------------------------------------

    @Test
    void twoCredentialsInOneHeaderAreAnInvalidRequest() throws Exception {
        String token = app.token("alice", List.of(), List.of());
        HttpResponse<String> response = get("/contract/me", request().header("Authorization", "Bearer " + token + " " + token));
        assertInvalidRequest(response, token);
    }

    @Test
    void tokenInTheQueryStringIsRefused() throws Exception {
        String token = app.token("alice", List.of(), List.of());
        HttpResponse<String> response = get("/contract/me?access_token=" + token, request());
        assertInvalidRequest(response, token);
    }

    @Test
    void tokenInTheQueryStringAndTheHeaderIsRefused() throws Exception {
        String token = app.token("alice", List.of(), List.of());
        HttpResponse<String> response = get("/contract/me?access_token=" + token, bearer(token));
        assertInvalidRequest(response, token);
    }

    // ---- 200 with a principal ---------------------------------------------------------------

    @Test
    void validTokenReachesTheEndpointWithThePrincipalVisibleToTheContainer() throws Exception {
        HttpResponse<String> response = get("/contract/me", bearer(app.token("alice", List.of(), List.of())));
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("subject=alice admin=false scheme=Bearer", response.body().trim());
        assertHeader(response, "Cache-Control", "no-store");
        assertHeader(response, "X-Content-Type-Options", "nosniff");

        HttpResponse<String> admin = get("/contract/me", bearer(app.token("bob", List.of(), List.of("admin"))));
        assertEquals("subject=bob admin=true scheme=Bearer", admin.body().trim());
    }

    @Test
    void authSchemeIsCaseInsensitive() throws Exception {
        String token = app.token("alice", List.of(), List.of());
        HttpResponse<String> response = get("/contract/me", request().header("Authorization", "bEaReR " + token));
        assertEquals(200, response.statusCode(), response.body());
    }

    // ---- 403 --------------------------------------------------------------------------------

    @Test
    void missingScopeIsForbiddenWithInsufficientScope() throws Exception {
        String token = app.token("alice", List.of("orders:write"), List.of());
        HttpResponse<String> response = get("/contract/orders", bearer(token));
        assertEquals(403, response.statusCode());
        String challenge = header(response, "WWW-Authenticate");
        assertTrue(challenge.startsWith("Bearer "), challenge);
        assertTrue(challenge.contains("error=\"insufficient_scope\""), challenge);
        assertTrue(challenge.contains("scope=\"orders:read\""), challenge);
        assertEquals("insufficient_scope", problem(response, 403).get("error"));
        assertNoEcho(response, token);

        HttpResponse<String> allowed = get("/contract/orders", bearer(app.token("alice", List.of("orders:read"), List.of())));
        assertEquals(200, allowed.statusCode());
        assertEquals("orders", allowed.body().trim());
    }

    @Test
    void missingRoleIsForbiddenWithoutAChallenge() throws Exception {
        String token = app.token("alice", List.of("orders:read"), List.of("user"));
        HttpResponse<String> response = get("/contract/admin", bearer(token));
        assertEquals(403, response.statusCode());
        assertTrue(response.headers().firstValue("WWW-Authenticate").isEmpty(), "a role is not an OAuth scope");
        problem(response, 403);
        assertNoEcho(response, token);

        HttpResponse<String> allowed = get("/contract/admin", bearer(app.token("root", List.of(), List.of("admin"))));
        assertEquals(200, allowed.statusCode());
        assertEquals("admin", allowed.body().trim());
    }

    @Test
    void missingTokenOnARoleEndpointIsStill401() throws Exception {
        HttpResponse<String> response = get("/contract/admin", request());
        assertEquals(401, response.statusCode());
        assertHeader(response, "WWW-Authenticate", "Bearer realm=\"" + ContractApp.REALM + "\"");
    }

    @Test
    void denyAllIsForbiddenEvenWithEveryScopeAndRole() throws Exception {
        String token = app.token("root", List.of("orders:read", "orders:write"), List.of("admin"));
        HttpResponse<String> response = get("/contract/closed", bearer(token));
        assertEquals(403, response.statusCode());
        assertFalse(response.body().contains("closed\n") || response.body().trim().equals("closed"));
        problem(response, 403);
        assertEquals(403, get("/contract/closed", request()).statusCode());
    }

    @Test
    void deniedRequestShowsNothingTheApplicationWrote() throws Exception {
        HttpResponse<String> response = get("/contract/leak", request());
        assertEquals(401, response.statusCode());
        assertFalse(response.body().contains(ContractApp.LEAKED_OUTPUT), response.body());
        assertTrue(response.headers().firstValue("X-App").isEmpty());

        HttpResponse<String> allowed = get("/contract/leak", bearer(app.token("alice", List.of(), List.of())));
        assertEquals(200, allowed.statusCode());
        assertTrue(allowed.body().contains(ContractApp.LEAKED_OUTPUT));
    }

    // ---- 429 --------------------------------------------------------------------------------

    @Test
    void overTheLimitIs429WithRetryAfterAndRateLimitHeaders() throws Exception {
        String client = nextClient();
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> response = get("/contract/limited", withClient(client));
            assertEquals(200, response.statusCode(), "request " + (i + 1) + " of 3");
            assertHeader(response, "RateLimit-Policy", "\"contract-ip\";q=3;w=60");
            String remaining = header(response, "RateLimit");
            assertTrue(remaining.startsWith("\"contract-ip\";r=" + (2 - i) + ";t="), remaining);
        }
        HttpResponse<String> refused = get("/contract/limited", withClient(client));
        assertEquals(429, refused.statusCode());
        long retryAfter = Long.parseLong(header(refused, "Retry-After"));
        assertTrue(retryAfter >= 1 && retryAfter <= 60, "Retry-After " + retryAfter);
        assertHeader(refused, "RateLimit-Policy", "\"contract-ip\";q=3;w=60");
        assertTrue(header(refused, "RateLimit").startsWith("\"contract-ip\";r=0;t="), header(refused, "RateLimit"));
        problem(refused, 429);

        // Another client behind the same trusted proxy has its own budget.
        assertEquals(200, get("/contract/limited", request()).statusCode());
    }

    @Test
    void rotatingForwardedForBehindAnUntrustedHopIsStillOneClient() throws Exception {
        // The nearest untrusted hop is the client: junk to its left is the client's own invention.
        String client = nextClient();
        int admitted = 0;
        for (int i = 0; i < 6; i++) {
            HttpResponse<String> response = get("/contract/limited",
                    HttpRequest.newBuilder().header("X-Forwarded-For", "203.0.113." + i + ", " + client));
            if (response.statusCode() == 200) {
                admitted++;
            } else {
                assertEquals(429, response.statusCode());
            }
        }
        assertEquals(3, admitted);
    }

    // ---- 413 --------------------------------------------------------------------------------

    @Test
    void bodyUnderTheLimitReachesTheEndpoint() throws Exception {
        HttpResponse<String> response = send(request().uri(uri("/contract/echo"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[100])).build());
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("bytes=100", response.body().trim());
    }

    @Test
    void contentLengthOverTheLimitIs413() throws Exception {
        HttpResponse<String> response = send(request().uri(uri("/contract/echo"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[ContractApp.MAX_BODY_BYTES + 1])).build());
        assertEquals(413, response.statusCode(), response.body());
        problem(response, 413);
    }

    @Test
    void chunkedBodyOverTheLimitIs413() throws Exception {
        byte[] body = new byte[ContractApp.MAX_BODY_BYTES * 4];
        HttpResponse<String> response = send(request().uri(uri("/contract/echo"))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build());
        assertEquals(413, response.statusCode(), response.body());
        problem(response, 413);
    }

    @Test
    void chunkedBodyUnderTheLimitReachesTheEndpoint() throws Exception {
        byte[] body = new byte[ContractApp.MAX_BODY_BYTES];
        HttpResponse<String> response = send(request().uri(uri("/contract/echo"))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build());
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("bytes=" + ContractApp.MAX_BODY_BYTES, response.body().trim());
    }

    // ---- helpers ----------------------------------------------------------------------------

    private void assertInvalidToken(HttpResponse<String> response, String token) throws Exception {
        assertEquals(401, response.statusCode(), response.body());
        String challenge = header(response, "WWW-Authenticate");
        assertTrue(challenge.startsWith("Bearer realm=\"" + ContractApp.REALM + "\""), challenge);
        assertTrue(challenge.contains("error=\"invalid_token\""), challenge);
        assertTrue(challenge.contains("error_description=\""), challenge);
        assertEquals("invalid_token", problem(response, 401).get("error"));
        assertHeader(response, "Cache-Control", "no-store");
        assertNoEcho(response, token);
    }

    private void assertInvalidRequest(HttpResponse<String> response, String token) throws Exception {
        assertEquals(400, response.statusCode(), response.body());
        String challenge = header(response, "WWW-Authenticate");
        assertTrue(challenge.startsWith("Bearer "), challenge);
        assertTrue(challenge.contains("error=\"invalid_request\""), challenge);
        assertEquals("invalid_request", problem(response, 400).get("error"));
        assertNoEcho(response, token);
    }

    /** The problem body: its media type, its members, its status. */
    private static Map<String, Object> problem(HttpResponse<String> response, int status) throws Exception {
        String type = header(response, "Content-Type");
        assertTrue(type.startsWith(ProblemDetails.MEDIA_TYPE), "Content-Type " + type);
        Map<String, Object> json = JSONObjectUtils.parse(response.body());
        assertEquals((long) status, ((Number) json.get("status")).longValue(), response.body());
        assertTrue(json.get("title") instanceof String, response.body());
        assertTrue(json.get("detail") instanceof String, response.body());
        assertEquals("about:blank", json.get("type"));
        return json;
    }

    /** Neither the token nor its signature appear in the body or any header. */
    private static void assertNoEcho(HttpResponse<String> response, String token) {
        String signature = token.contains(".") ? token.substring(token.lastIndexOf('.') + 1) : token;
        List<String> secrets = signature.length() >= 8 ? List.of(token, signature) : List.of(token);
        for (String secret : secrets) {
            assertFalse(response.body().contains(secret), "the body echoes the token");
            response.headers().map().forEach((name, values) -> values.forEach(
                    value -> assertFalse(value.contains(secret), "header " + name + " echoes the token")));
        }
    }

    private static void assertHeader(HttpResponse<String> response, String name, String expected) {
        assertEquals(expected, header(response, name), name);
    }

    private static String header(HttpResponse<String> response, String name) {
        List<String> values = response.headers().allValues(name);
        assertEquals(1, values.size(), "exactly one " + name + " header, got " + values);
        return values.get(0);
    }

    /** An address no other request of the run has used (documentation ranges only). */
    private static String nextClient() {
        int n = NEXT_CLIENT.incrementAndGet();
        return n <= 250 ? "192.0.2." + n : "2001:db8::" + Integer.toHexString(n);
    }

    /** A request from a client address of its own. */
    private static HttpRequest.Builder request() {
        return withClient(nextClient());
    }

    private static HttpRequest.Builder withClient(String address) {
        return HttpRequest.newBuilder().header("X-Forwarded-For", address);
    }

    private HttpRequest.Builder bearer(String token) {
        return request().header("Authorization", "Bearer " + token);
    }

    private URI uri(String path) {
        return URI.create(base + path);
    }

    private HttpResponse<String> get(String path, HttpRequest.Builder request) throws Exception {
        return send(request.uri(uri(path)).timeout(Duration.ofSeconds(10)).GET().build());
    }

    private HttpResponse<String> send(HttpRequest request) throws Exception {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
