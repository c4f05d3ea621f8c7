package io.bulwark.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.sun.net.httpserver.HttpServer;
import io.bulwark.ratelimit.RedisServerProcess;
import io.bulwark.token.DevelopmentKeys;
import io.bulwark.token.TokenIssuer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code GET /health} on both demos beyond the tour: 503 while the Redis store is down and 200 once
 * it is back; a remote JWK set unknown until the first token, then up.
 */
class DemoHealthIT {

    private static final String ISSUER = "https://login.example.test";
    private static final String AUDIENCE = "orders-api";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

    @ParameterizedTest
    @ValueSource(strings = {"jaxrs", "servlet"})
    void answers503WhileTheRedisStoreIsDown(String mode) throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.startNew();
                RunningDemo demo = Demo.start(mode, DemoConfig.from(Map.of("PORT", "0", "BULWARK_REDIS_URI", redis.uri())),
                        quiet)) {
            String health = "http://127.0.0.1:" + demo.port() + "/health";
            assertHealth(200, "UP", "rate-limit-store", "UP", get(health, null));

            redis.stop();
            assertHealth(503, "DOWN", "rate-limit-store", "DOWN", get(health, null));

            redis.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            HttpResponse<String> back = get(health, null);
            while (back.statusCode() != 200 && System.nanoTime() - deadline < 0) {
                // The store reconnects to Redis in the background.
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
                back = get(health, null);
            }
            assertHealth(200, "UP", "rate-limit-store", "UP", back);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"jaxrs", "servlet"})
    void reportsARemoteKeySetUnknownUntilTheFirstTokenThenUp(String mode) throws Exception {
        JWK key = DevelopmentKeys.generate("ES256");
        HttpServer jwks = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        byte[] body = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
        jwks.createContext("/jwks.json", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        jwks.start();
        Map<String, String> env = Map.of("PORT", "0", "BULWARK_ISSUER", ISSUER, "BULWARK_AUDIENCE", AUDIENCE,
                "BULWARK_JWKS_URI", "http://127.0.0.1:" + jwks.getAddress().getPort() + "/jwks.json");
        try (RunningDemo demo = Demo.start(mode, DemoConfig.from(env), quiet)) {
            String base = "http://127.0.0.1:" + demo.port();
            // Not yet fetched: unknown, which still answers 200.
            assertHealth(200, "UNKNOWN", "keys:" + ISSUER, "UNKNOWN", get(base + "/health", null));

            String token = TokenIssuer.builder(key).issuer(ISSUER).audience(AUDIENCE).build()
                    .issue("alice", List.of(), List.of());
            assertEquals(200, get(base + "/api/me", token).statusCode());

            assertHealth(200, "UP", "keys:" + ISSUER, "UP", get(base + "/health", null));
        } finally {
            jwks.stop(0);
        }
    }

    private static void assertHealth(int status, String overall, String component, String componentStatus,
            HttpResponse<String> response) throws Exception {
        assertEquals(status, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"),
                response.headers().map().toString());
        Map<String, Object> report = JSONObjectUtils.parse(response.body());
        assertEquals(overall, report.get("status"), response.body());
        Map<?, ?> part = (Map<?, ?>) ((Map<?, ?>) report.get("components")).get(component);
        assertEquals(componentStatus, part.get("status"), response.body());
    }

    private HttpResponse<String> get(String uri, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(10));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
