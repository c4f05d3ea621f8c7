package io.bulwark.examples;

import static io.bulwark.examples.MetricsScrape.events;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The README's tour, walked over real HTTP against both demo servers in development mode: every
 * status and header the README promises.
 */
class DemoTourIT {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static Map<String, String> env(String... pairs) {
        Map<String, String> env = new java.util.HashMap<>(Map.of("PORT", "0"));
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return env;
    }

    @ParameterizedTest
    @ValueSource(strings = {"jaxrs", "servlet"})
    void walksTheTour(String mode) throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try (RunningDemo demo = Demo.start(mode, DemoConfig.from(env("BULWARK_IP_LIMIT", "500/PT1M",
                "BULWARK_USER_LIMIT", "30/PT1M")), new PrintStream(printed, true, StandardCharsets.UTF_8))) {
            String base = "http://127.0.0.1:" + demo.port();
            String out = printed.toString(StandardCharsets.UTF_8);
            assertTrue(out.contains("Listening on " + base + "\n") || out.contains("Listening on " + base + "\r\n"), out);
            assertTrue(out.contains("DEVELOPMENT MODE"), out);

            // The printed curl line works as pasted.
            Matcher curl = Pattern.compile("curl -H 'Authorization: Bearer ([A-Za-z0-9._-]+)' (\\S+)").matcher(out);
            assertTrue(curl.find(), out);
            HttpResponse<String> pasted = get(curl.group(2), curl.group(1));
            assertEquals(200, pasted.statusCode(), pasted.body());

            // public
            HttpResponse<String> ping = get(base + "/api/ping", null);
            assertEquals(200, ping.statusCode());
            assertEquals(Map.of("status", "ok"), JSONObjectUtils.parse(ping.body()));
            assertJson(ping);
            assertTrue(ping.headers().firstValue("RateLimit-Policy").orElse("").contains("\"per-ip\";q=500;w=60"),
                    ping.headers().map().toString());
            assertEquals("nosniff", ping.headers().firstValue("X-Content-Type-Options").orElse(""));

            // health: public, unlimited, JSON; every part up, no key in it
            HttpResponse<String> health = get(base + "/health", null);
            assertEquals(200, health.statusCode(), health.body());
            assertJson(health);
            assertFalse(health.headers().firstValue("RateLimit-Policy").isPresent(), health.headers().map().toString());
            Map<String, Object> report = JSONObjectUtils.parse(health.body());
            assertEquals("UP", report.get("status"), health.body());
            @SuppressWarnings("unchecked")
            Map<String, Map<String, Object>> components = (Map<String, Map<String, Object>>) report.get("components");
            assertEquals(Set.of("keys:" + DemoConfig.DEV_ISSUER, "rate-limit-store"), components.keySet(), health.body());
            assertEquals(Map.of("status", "UP", "details", Map.of("source", "static JWK set", "keysCached", "1")),
                    components.get("keys:" + DemoConfig.DEV_ISSUER));
            assertEquals("UP", components.get("rate-limit-store").get("status"));
            assertEquals("LocalBucketStore", ((Map<?, ?>) components.get("rate-limit-store").get("details")).get("store"));

            // 401 without a token, with a bad one
            HttpResponse<String> anonymous = get(base + "/api/me", null);
            assertEquals(401, anonymous.statusCode());
            assertEquals("Bearer realm=\"bulwark-demo\"", anonymous.headers().firstValue("WWW-Authenticate").orElse(""));
            assertProblem(anonymous, 401);
            HttpResponse<String> garbage = get(base + "/api/me", "not.a.token");
            assertEquals(401, garbage.statusCode());
            assertTrue(garbage.headers().firstValue("WWW-Authenticate").orElse("").contains("error=\"invalid_token\""));

            // tokens from the development issuer
            String reader = token(base, "alice", "orders:read", List.of());
            String writer = token(base, "bob", "orders:read orders:write", List.of());
            String admin = token(base, "root", "", List.of("admin"));

            HttpResponse<String> me = get(base + "/api/me", admin);
            assertEquals(200, me.statusCode(), me.body());
            assertJson(me);
            assertEquals(Map.of("subject", "root", "scopes", List.of(), "roles", List.of("admin")), JSONObjectUtils.parse(me.body()));
            assertEquals("no-store", me.headers().firstValue("Cache-Control").orElse(""));
            assertTrue(me.headers().firstValue("RateLimit-Policy").orElse("").contains("\"per-user\";q=30;w=60"));

            // 403: a scope, a role
            HttpResponse<String> noScope = get(base + "/api/orders", admin);
            assertEquals(403, noScope.statusCode());
            assertTrue(noScope.headers().firstValue("WWW-Authenticate").orElse("").contains("scope=\"orders:read\""));
            assertProblem(noScope, 403);
            assertEquals(403, get(base + "/api/admin", reader).statusCode());
            HttpResponse<String> adminOk = get(base + "/api/admin", admin);
            assertEquals(200, adminOk.statusCode(), adminOk.body());
            assertJson(adminOk);

            // orders: 201, 400 with errors, 403 without orders:write
            HttpResponse<String> created = post(base + "/api/orders", writer, "{\"item\":\"Blue mug\",\"quantity\":2}");
            assertEquals(201, created.statusCode(), created.body());
            assertJson(created);
            Map<String, Object> order = JSONObjectUtils.parse(created.body());
            assertEquals("Blue mug", order.get("item"));
            assertEquals(2L, ((Number) order.get("quantity")).longValue());
            assertEquals(403, post(base + "/api/orders", reader, "{\"item\":\"Cup\",\"quantity\":1}").statusCode());

            String hostile = "<script>alert(1)</script>";
            HttpResponse<String> invalid = post(base + "/api/orders", writer,
                    "{\"item\":\"" + hostile + "\",\"quantity\":0}");
            assertEquals(400, invalid.statusCode(), invalid.body());
            Map<String, Object> problem = assertProblem(invalid, 400);
            assertEquals(List.of("item", "quantity"), fields(problem));
            assertFalse(invalid.body().contains("script"), invalid.body());
            for (String bad : List.of("{\"quantity\":5}", "{\"item\":\"x\",\"quantity\":1001}", "{\"item\":\"\",\"quantity\":1}",
                    "{\"item\":\"" + "x".repeat(101) + "\",\"quantity\":1}", "{\"item\":\"x\",\"quantity\":\"5\"}",
                    "{\"item\":\"x\",\"quantity\":1.5}", "{\"item\":7,\"quantity\":1}", "not json", "[1,2]",
                    "{\"item\":\"x\",\"quantity\":99999999999999999999999}")) {
                HttpResponse<String> rejected = post(base + "/api/orders", writer, bad);
                assertEquals(400, rejected.statusCode(), bad + " -> " + rejected.body());
                assertFalse(fields(assertProblem(rejected, 400)).isEmpty(), rejected.body());
            }

            HttpResponse<String> list = get(base + "/api/orders", reader);
            assertEquals(200, list.statusCode());
            assertJson(list);
            assertTrue(list.body().startsWith("["), list.body());
            assertTrue(list.body().contains("Blue mug"), list.body());

            // comments: sanitized, and 413 past 10 KB
            HttpResponse<String> comment = post(base + "/api/comments", reader,
                    "{\"html\":\"<p onclick=\\\"x()\\\">Hi <b>there</b><script>alert(1)</script>"
                            + "<a href=\\\"javascript:alert(1)\\\">link</a></p>\"}");
            assertEquals(201, comment.statusCode(), comment.body());
            String html = (String) JSONObjectUtils.parse(comment.body()).get("html");
            assertTrue(html.contains("<b>there</b>"), html);
            assertFalse(html.contains("script") || html.contains("onclick") || html.contains("javascript"), html);
            HttpResponse<String> huge = post(base + "/api/comments", reader,
                    "{\"html\":\"" + "a".repeat(DemoSecurity.MAX_BODY_BYTES) + "\"}");
            assertEquals(413, huge.statusCode());
            assertProblem(huge, 413);
            HttpResponse<String> hugeChunked = send(HttpRequest.newBuilder(URI.create(base + "/api/comments"))
                    .header("Authorization", "Bearer " + reader).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(
                            ("{\"html\":\"" + "a".repeat(3 * DemoSecurity.MAX_BODY_BYTES) + "\"}").getBytes(StandardCharsets.UTF_8))))
                    .build());
            assertEquals(413, hugeChunked.statusCode());

            // 429 for one subject, with Retry-After; others unaffected
            String flood = token(base, "flood", "", List.of());
            int status = 200;
            HttpResponse<String> last = null;
            for (int i = 0; i < 31 && status == 200; i++) {
                last = get(base + "/api/me", flood);
                status = last.statusCode();
            }
            assertEquals(429, status);
            assertTrue(Long.parseLong(last.headers().firstValue("Retry-After").orElseThrow()) >= 1);
            assertTrue(last.headers().firstValue("RateLimit").orElse("").startsWith("\"per-user\";r=0;"),
                    last.headers().map().toString());
            assertProblem(last, 429);
            assertEquals(200, get(base + "/api/me", reader).statusCode());

            // metrics: public, unlimited, Prometheus text; the denials above counted by kind and reason
            Map<String, Double> denials = Map.of(
                    events("authentication_failed", "missing_token"), 1.0,
                    events("authentication_failed", "malformed"), 1.0,
                    events("access_denied", "insufficient_scope"), 2.0,
                    events("access_denied", "role_missing"), 1.0,
                    events("input_rejected", "invalid_input"), 11.0,
                    events("rate_limited", DemoSecurity.PER_USER), 1.0);
            MetricsScrape metrics = MetricsScrape.await(http, base, denials);
            metrics.assertPrometheusText();
            metrics.assertValues(denials);
            assertFalse(metrics.response().headers().firstValue("RateLimit-Policy").isPresent(),
                    metrics.response().headers().map().toString());
            assertTrue(metrics.value("bulwark_token_verification_seconds_count") >= 5, metrics.response().body());
            assertTrue(metrics.value("bulwark_token_cache_requests_total{result=\"hit\"}") >= 30, metrics.response().body());
            assertTrue(metrics.value("bulwark_token_cache_size") >= 4, metrics.response().body());
            for (String token : List.of(curl.group(1), reader, writer, admin, flood)) {
                assertFalse(metrics.response().body().contains(token), metrics.response().body());
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"jaxrs", "servlet"})
    void limitsEachClientAddressAndIgnoresSpoofedForwardingHeaders(String mode) throws Exception {
        try (RunningDemo demo = Demo.start(mode, DemoConfig.from(env("BULWARK_IP_LIMIT", "3/PT1M")),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))) {
            String base = "http://127.0.0.1:" + demo.port();
            for (int i = 0; i < 3; i++) {
                HttpResponse<String> ping = send(HttpRequest.newBuilder(URI.create(base + "/api/ping"))
                        .header("X-Forwarded-For", "203.0.113." + i).build());
                assertEquals(200, ping.statusCode());
            }
            HttpResponse<String> refused = send(HttpRequest.newBuilder(URI.create(base + "/api/ping"))
                    .header("X-Forwarded-For", "203.0.113.99").build());
            assertEquals(429, refused.statusCode());
            assertTrue(refused.headers().firstValue("Retry-After").isPresent());
            assertProblem(refused, 429);
        }
    }

    private String token(String base, String subject, String scope, List<String> roles) throws Exception {
        String body = JSONObjectUtils.toJSONString(Map.of("sub", subject, "scope", scope, "roles", roles));
        HttpResponse<String> response = post(base + "/dev/tokens", null, body);
        assertEquals(200, response.statusCode(), response.body());
        return (String) JSONObjectUtils.parse(response.body()).get("access_token");
    }

    private static void assertJson(HttpResponse<String> response) {
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"),
                response.headers().map().toString());
    }

    private static Map<String, Object> assertProblem(HttpResponse<String> response, int status) throws Exception {
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"),
                response.headers().map().toString());
        Map<String, Object> problem = JSONObjectUtils.parse(response.body());
        assertEquals((long) status, ((Number) problem.get("status")).longValue());
        return problem;
    }

    @SuppressWarnings("unchecked")
    private static List<String> fields(Map<String, Object> problem) {
        List<Object> errors = (List<Object>) problem.getOrDefault("errors", List.of());
        return errors.stream().map(e -> (String) ((Map<String, Object>) e).get("field")).distinct().sorted().toList();
    }

    private HttpResponse<String> get(String uri, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(10));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(request.build());
    }

    private HttpResponse<String> post(String uri, String token, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(request.build());
    }

    private HttpResponse<String> send(HttpRequest request) throws Exception {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
