package io.bulwark.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.sun.net.httpserver.HttpServer;
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
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Both demos in production mode, against a JWK set this test serves itself. */
class DemoProductionIT {

    private static final String ISSUER = "https://login.example.test";
    private static final String AUDIENCE = "orders-api";
    private static final JWK KEY = DevelopmentKeys.generate("ES256");

    private final HttpClient http = HttpClient.newHttpClient();
    private final AtomicInteger jwksRequests = new AtomicInteger();
    private HttpServer jwks;

    @BeforeEach
    void serveJwks() throws Exception {
        jwks = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        byte[] body = new JWKSet(KEY.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
        jwks.createContext("/jwks.json", exchange -> {
            jwksRequests.incrementAndGet();
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        jwks.start();
    }

    @AfterEach
    void stopJwks() {
        jwks.stop(0);
    }

    private Map<String, String> env() {
        return Map.of("PORT", "0", "BULWARK_ISSUER", ISSUER, "BULWARK_AUDIENCE", AUDIENCE,
                "BULWARK_JWKS_URI", "http://127.0.0.1:" + jwks.getAddress().getPort() + "/jwks.json");
    }

    @ParameterizedTest
    @ValueSource(strings = {"jaxrs", "servlet"})
    void verifiesTokensOfTheConfiguredIssuerOnly(String mode) throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try (RunningDemo demo = Demo.start(mode, DemoConfig.from(env()), new PrintStream(printed, true, StandardCharsets.UTF_8))) {
            String base = "http://127.0.0.1:" + demo.port();
            String out = printed.toString(StandardCharsets.UTF_8);
            assertFalse(out.contains("DEVELOPMENT MODE"), out);
            assertFalse(out.contains("curl"), out);

            String token = TokenIssuer.builder(KEY).issuer(ISSUER).audience(AUDIENCE).build()
                    .issue("alice", List.of("orders:read"), List.of("admin"));
            HttpResponse<String> me = get(base + "/api/me", token);
            assertEquals(200, me.statusCode(), me.body());
            assertEquals(Map.of("subject", "alice", "scopes", List.of("orders:read"), "roles", List.of("admin")),
                    JSONObjectUtils.parse(me.body()));
            assertTrue(jwksRequests.get() >= 1, "the key came from the JWK set");
            assertEquals(200, get(base + "/api/orders", token).statusCode());
            assertEquals(200, get(base + "/api/admin", token).statusCode());

            String otherAudience = TokenIssuer.builder(KEY).issuer(ISSUER).audience("another-api").build()
                    .issue("alice", List.of("orders:read"), List.of());
            assertEquals(401, get(base + "/api/me", otherAudience).statusCode());
            String otherIssuer = TokenIssuer.builder(KEY).issuer("https://evil.example").audience(AUDIENCE).build()
                    .issue("alice", List.of("orders:read"), List.of());
            assertEquals(401, get(base + "/api/me", otherIssuer).statusCode());
            String otherKey = TokenIssuer.builder(DevelopmentKeys.generate("ES256")).issuer(ISSUER).audience(AUDIENCE).build()
                    .issue("alice", List.of("orders:read"), List.of());
            assertEquals(401, get(base + "/api/me", otherKey).statusCode());

            // No development endpoints in production.
            HttpResponse<String> mint = http.send(HttpRequest.newBuilder(URI.create(base + "/dev/tokens"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"sub\":\"mallory\",\"scope\":\"orders:write\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertFalse(mint.statusCode() >= 200 && mint.statusCode() < 300, mint.body());
            assertFalse(mint.body().contains("access_token"));
            assertEquals(404, get(base + "/.well-known/jwks.json", null).statusCode());
        }
    }

    @Test
    void refusesAConfigurationThatWouldNotWork() {
        assertThrows(IllegalArgumentException.class, () -> DemoConfig.from(Map.of("BULWARK_JWKS_URI", "https://x.example/jwks")));
        assertThrows(IllegalArgumentException.class, () -> DemoConfig.from(Map.of("PORT", "http")));
        assertThrows(IllegalArgumentException.class, () -> DemoConfig.from(Map.of("BULWARK_IP_LIMIT", "lots")));
        assertThrows(IllegalArgumentException.class, () -> DemoConfig.from(Map.of("BULWARK_TRUSTED_PROXIES", "10.0.0.0/99")));
        assertThrows(IllegalArgumentException.class, () -> DemoConfig.from(Map.of("BULWARK_JWKS_URI", "file:///etc/passwd",
                "BULWARK_ISSUER", ISSUER, "BULWARK_AUDIENCE", AUDIENCE)));
        IllegalArgumentException redis = assertThrows(IllegalArgumentException.class,
                () -> DemoConfig.from(Map.of("BULWARK_REDIS_URI", "http://:s3cret@host")));
        assertFalse(redis.getMessage().contains("s3cret"));
        assertThrows(IllegalArgumentException.class, () -> Demo.start("spring", DemoConfig.from(Map.of("PORT", "0")),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)));
    }

    private HttpResponse<String> get(String uri, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(uri));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
