package io.bulwark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.util.JSONObjectUtils;
import io.bulwark.http.SecurityHeaders;
import io.bulwark.ratelimit.ClientAddressResolver;
import io.bulwark.token.DevelopmentKeys;
import io.bulwark.token.KeySource;
import io.bulwark.token.TokenIssuer;
import io.bulwark.token.TokenVerifier;
import io.bulwark.validation.FieldViolation;
import io.bulwark.validation.InputLimits;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Security headers, HTTPS enforcement and the input denials, as {@link Bulwark} decides them. */
class BulwarkResponseHeadersTest {

    private static final String ISSUER = "https://login.example.test";
    private static final JWK KEY = DevelopmentKeys.generate("ES256");
    private static final String TOKEN = TokenIssuer.builder(KEY).issuer(ISSUER).audience("api").build()
            .issue("alice", List.of(), List.of());

    private static Bulwark bulwark(UnaryOperator<Bulwark.Builder> settings) {
        return settings.apply(Bulwark.builder()
                .tokenVerifier(TokenVerifier.builder().trust(ISSUER, KeySource.jwkSet(new JWKSet(KEY.toPublicJWK())))
                        .audience("api").build())
                .clientAddressResolver(ClientAddressResolver.builder().trustedProxies("10.0.0.0/8").build())
                .defaultEventLogger(false)).build();
    }

    private static SecurityRequest.Builder request(String remote) {
        return SecurityRequest.builder("GET", "/api/orders").remoteAddress(remote).header("Host", "api.example.com");
    }

    @Test
    void addsTheDefaultHeadersToAnAnonymousAllow() {
        Decision decision = bulwark(b -> b).check(request("203.0.113.7").build(), EndpointPolicy.permitAll());
        assertEquals(Map.of("X-Content-Type-Options", "nosniff", "Referrer-Policy", "no-referrer",
                "Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'"), decision.headers());
    }

    @Test
    void forbidsStoringAnAuthenticatedResponse() {
        Decision decision = bulwark(b -> b).check(request("203.0.113.7").header("Authorization", "Bearer " + TOKEN).build(),
                EndpointPolicy.authenticated());
        assertInstanceOf(Decision.Allow.class, decision);
        assertEquals("no-store", decision.headers().get("Cache-Control"));
        assertEquals("nosniff", decision.headers().get("X-Content-Type-Options"));
    }

    @Test
    void forbidsStoringADenialAndKeepsItsChallengeFirst() {
        Decision decision = bulwark(b -> b).check(request("203.0.113.7").build(), EndpointPolicy.authenticated());
        Decision.Deny deny = assertInstanceOf(Decision.Deny.class, decision);
        assertEquals("WWW-Authenticate", deny.headers().keySet().iterator().next());
        assertEquals("no-store", deny.headers().get("Cache-Control"));
        assertEquals("nosniff", deny.headers().get("X-Content-Type-Options"));
    }

    @Test
    void sendsStrictTransportSecurityOnlyOverHttps() {
        Bulwark bulwark = bulwark(b -> b);
        String hsts = "Strict-Transport-Security";
        assertFalse(bulwark.check(request("203.0.113.7").build(), EndpointPolicy.permitAll()).headers().containsKey(hsts));
        assertEquals("max-age=31536000; includeSubDomains",
                bulwark.check(request("203.0.113.7").secure(true).build(), EndpointPolicy.permitAll()).headers().get(hsts));
        // A trusted proxy's word counts ...
        assertTrue(bulwark.check(request("10.1.2.3").header("X-Forwarded-Proto", "https").build(),
                EndpointPolicy.permitAll()).headers().containsKey(hsts));
        // ... a client's does not.
        assertFalse(bulwark.check(request("203.0.113.7").header("X-Forwarded-Proto", "https").build(),
                EndpointPolicy.permitAll()).headers().containsKey(hsts));
    }

    @Test
    void customHeadersReplaceAndNoneRemovesThem() {
        SecurityHeaders custom = SecurityHeaders.builder().contentSecurityPolicy("default-src 'self'").referrerPolicy(null)
                .strictTransportSecurity(Duration.ofDays(2), false).build();
        Decision decision = bulwark(b -> b.securityHeaders(custom)).check(request("203.0.113.7").secure(true).build(),
                EndpointPolicy.permitAll());
        assertEquals("default-src 'self'", decision.headers().get("Content-Security-Policy"));
        assertFalse(decision.headers().containsKey("Referrer-Policy"));
        assertEquals("max-age=172800", decision.headers().get("Strict-Transport-Security"));

        assertTrue(bulwark(b -> b.securityHeaders(SecurityHeaders.none())).check(request("203.0.113.7").secure(true).build(),
                EndpointPolicy.permitAll()).headers().isEmpty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"default-src 'none'\r\nSet-Cookie: a=b", "x\ny", "caf\u00e9", " "})
    void refusesHeaderValuesThatCouldSplitTheResponse(String value) {
        assertThrows(IllegalArgumentException.class, () -> SecurityHeaders.builder().contentSecurityPolicy(value));
    }

    @Test
    void refusesAZeroHstsMaxAge() {
        assertThrows(IllegalArgumentException.class,
                () -> SecurityHeaders.builder().strictTransportSecurity(Duration.ZERO, true));
    }

    @Test
    void rejectsPlainHttpWhenHttpsIsRequired() throws Exception {
        Bulwark bulwark = bulwark(b -> b.httpsRequirement(HttpsRequirement.REJECT));
        Decision.Deny deny = assertInstanceOf(Decision.Deny.class,
                bulwark.check(request("203.0.113.7").header("Authorization", "Bearer " + TOKEN).build(),
                        EndpointPolicy.permitAll()));
        assertEquals(403, deny.status());
        assertEquals(403L, ((Number) JSONObjectUtils.parse(deny.body()).get("status")).longValue());
        assertInstanceOf(Decision.Allow.class, bulwark.check(request("203.0.113.7").secure(true).build(),
                EndpointPolicy.permitAll()));
        assertInstanceOf(Decision.Allow.class, bulwark.check(request("10.0.0.1").header("X-Forwarded-Proto", "https")
                .header("X-Forwarded-For", "203.0.113.7").build(), EndpointPolicy.permitAll()));
    }

    @Test
    void exemptsLoopbackClientsForDevelopment() {
        Bulwark bulwark = bulwark(b -> b.httpsRequirement(HttpsRequirement.REJECT));
        assertInstanceOf(Decision.Allow.class, bulwark.check(request("127.0.0.1").build(), EndpointPolicy.permitAll()));
        assertInstanceOf(Decision.Allow.class, bulwark.check(request("::1").build(), EndpointPolicy.permitAll()));
        // A client behind a trusted proxy is judged by its own address, not the proxy's.
        assertInstanceOf(Decision.Deny.class, bulwark.check(request("10.0.0.1").header("X-Forwarded-For", "203.0.113.7")
                .build(), EndpointPolicy.permitAll()));
    }

    @Test
    void redirectsPlainHttpToTheSamePathAndQueryOverHttps() {
        Bulwark bulwark = bulwark(b -> b.httpsRequirement(HttpsRequirement.REDIRECT));
        Decision.Deny deny = assertInstanceOf(Decision.Deny.class, bulwark.check(
                SecurityRequest.builder("POST", "/api/orders/a b").remoteAddress("203.0.113.7")
                        .header("Host", "api.example.com:8080").queryParameter("page", "2").build(),
                EndpointPolicy.authenticated()));
        assertEquals(308, deny.status());
        assertEquals("https://api.example.com/api/orders/a%20b?page=2", deny.headers().get("Location"));
        assertFalse(deny.headers().containsKey("Strict-Transport-Security"));

        Decision.Deny otherPort = assertInstanceOf(Decision.Deny.class,
                bulwark(b -> b.httpsRequirement(HttpsRequirement.REDIRECT).httpsPort(8443))
                        .check(request("203.0.113.7").build(), EndpointPolicy.permitAll()));
        assertEquals("https://api.example.com:8443/api/orders", otherPort.headers().get("Location"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"evil.example/path", "evil.example@good", "a b", "[::1", "host:port", "",
            "evil.example\\@good.example", "%65vil.example"})
    void refusesToRedirectToAHostileHost(String host) {
        Bulwark bulwark = bulwark(b -> b.httpsRequirement(HttpsRequirement.REDIRECT));
        Decision.Deny deny = assertInstanceOf(Decision.Deny.class, bulwark.check(
                SecurityRequest.builder("GET", "/x").remoteAddress("203.0.113.7").header("Host", host).build(),
                EndpointPolicy.permitAll()));
        assertEquals(403, deny.status());
        assertFalse(deny.headers().containsKey("Location"));
    }

    @Test
    void refusesToRedirectWithTwoHosts() {
        Bulwark bulwark = bulwark(b -> b.httpsRequirement(HttpsRequirement.REDIRECT));
        Decision.Deny deny = assertInstanceOf(Decision.Deny.class, bulwark.check(
                SecurityRequest.builder("GET", "/x").remoteAddress("203.0.113.7").header("Host", "a.example")
                        .header("Host", "b.example").build(), EndpointPolicy.permitAll()));
        assertEquals(403, deny.status());
    }

    @Test
    void answersInputDenialsWithFixedProblems() throws Exception {
        Bulwark bulwark = bulwark(b -> b.inputLimits(InputLimits.builder().maxBodyBytes(10).build()));
        assertEquals(10, bulwark.inputLimits().maxBodyBytes());
        assertEquals(413, bulwark.bodyTooLarge().status());
        assertEquals("no-store", bulwark.bodyTooLarge().headers().get("Cache-Control"));
        assertEquals(400, bulwark.unreadableInput().status());
        assertFalse(bulwark.unreadableInput().body().contains("{\"item"), bulwark.unreadableInput().body());

        Decision.Deny invalid = bulwark.invalidInput(List.of(new FieldViolation("quantity", "must be at most 1000")));
        assertEquals(400, invalid.status());
        Map<String, Object> json = JSONObjectUtils.parse(invalid.body());
        assertEquals(List.of(Map.of("field", "quantity", "message", "must be at most 1000")), json.get("errors"));
    }
}
