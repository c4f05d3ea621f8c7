package io.bulwark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import io.bulwark.event.SecurityEvent;
import io.bulwark.token.DevelopmentKeys;
import io.bulwark.token.KeySource;
import io.bulwark.token.TokenIssuer;
import io.bulwark.token.TokenVerifier;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.MDC;

/** An admitted request's id and subject reach the application's logs, and its events carry the same id. */
class RequestContextTest {

    private static final String ISSUER = "https://login.example.test";
    private static final JWK KEY = DevelopmentKeys.generate("ES256");
    private final TokenIssuer issuer = TokenIssuer.builder(KEY).issuer(ISSUER).audience("orders-api").build();
    private final List<SecurityEvent> events = new CopyOnWriteArrayList<>();

    @AfterEach
    void endRequest() {
        RequestContext.clear();
    }

    private Bulwark.Builder bulwark() {
        return Bulwark.builder().defaultEventLogger(false).eventExecutor(Runnable::run).listener(events::add)
                .tokenVerifier(TokenVerifier.builder()
                        .trust(ISSUER, KeySource.jwkSet(new JWKSet(KEY.toPublicJWK()))).audience("orders-api").build());
    }

    private static SecurityRequest.Builder get(String path) {
        return SecurityRequest.builder("GET", path).remoteAddress("203.0.113.7");
    }

    @Test
    void anAdmittedRequestPutsItsIdAndSubjectInTheMdcUntilCleared() {
        Bulwark bulwark = bulwark().build();
        String token = issuer.issue("alice", Set.of(), Set.of());

        bulwark.check(get("/api/me").header("Authorization", "Bearer " + token).build(), EndpointPolicy.authenticated());

        RequestContext context = RequestContext.current().orElseThrow();
        assertTrue(context.requestId().matches("[0-9a-f]{16}"), context.requestId());
        assertEquals(context.requestId(), MDC.get(RequestContext.MDC_REQUEST_ID));
        assertEquals("alice", MDC.get(RequestContext.MDC_SUBJECT));
        assertEquals("alice", context.subject().orElseThrow());
        assertEquals("203.0.113.7", context.clientAddress());
        assertEquals("GET /api/me", context.endpoint());

        RequestContext.clear();

        assertTrue(RequestContext.current().isEmpty());
        assertNull(MDC.get(RequestContext.MDC_REQUEST_ID));
        assertNull(MDC.get(RequestContext.MDC_SUBJECT));
    }

    @Test
    void anAnonymousRequestLeavesNoSubjectOfAnEarlierRequestBehind() {
        Bulwark bulwark = bulwark().build();
        String token = issuer.issue("alice", Set.of(), Set.of());
        bulwark.check(get("/api/me").header("Authorization", "Bearer " + token).build(), EndpointPolicy.authenticated());
        String first = MDC.get(RequestContext.MDC_REQUEST_ID);

        // An adapter that failed to clear: the next request on the thread replaces everything.
        bulwark.check(get("/api/ping").build(), EndpointPolicy.permitAll());

        assertNotEquals(first, MDC.get(RequestContext.MDC_REQUEST_ID));
        assertNull(MDC.get(RequestContext.MDC_SUBJECT));
        assertTrue(RequestContext.current().orElseThrow().subject().isEmpty());
    }

    @Test
    void aDeniedRequestBindsNothing() {
        Bulwark bulwark = bulwark().build();

        assertInstanceOf(Decision.Deny.class, bulwark.check(get("/api/me").build(), EndpointPolicy.authenticated()));

        assertTrue(RequestContext.current().isEmpty());
        assertNull(MDC.get(RequestContext.MDC_REQUEST_ID));
        assertTrue(events.get(0).requestId().matches("[0-9a-f]{16}"), events.get(0).requestId());
    }

    @Test
    void aDeniedRequestEndsWhateverAnEarlierRequestLeftOnTheThread() {
        Bulwark bulwark = bulwark().build();
        String token = issuer.issue("alice", Set.of(), Set.of());
        // An integration that forgot to clear after an admitted request.
        bulwark.check(get("/api/me").header("Authorization", "Bearer " + token).build(), EndpointPolicy.authenticated());

        bulwark.check(get("/api/me").build(), EndpointPolicy.authenticated());

        assertTrue(RequestContext.current().isEmpty());
        assertNull(MDC.get(RequestContext.MDC_REQUEST_ID));
        assertNull(MDC.get(RequestContext.MDC_SUBJECT));
    }

    @Test
    void buildingTwiceRegistersTheDefaultLoggerOnce() {
        Bulwark.Builder builder = bulwark().defaultEventLogger(true);
        builder.build();
        Bulwark second = builder.build();
        for (int i = 0; i < 64 - 2; i++) {
            second.addListener(event -> { });
        }

        // The default logger and the recording listener: 62 more fit, the 65th would not.
        assertThrows(IllegalStateException.class, () -> second.addListener(event -> { }));
        Bulwark third = builder.build();
        for (int i = 0; i < 64 - 2; i++) {
            third.addListener(event -> { });
        }
    }

    @Test
    void theMdcCanBeLeftAloneWhileTheContextStillWorks() {
        Bulwark bulwark = bulwark().mdc(false).build();

        bulwark.check(get("/api/ping").build(), EndpointPolicy.permitAll());

        assertTrue(RequestContext.current().isPresent());
        assertNull(MDC.get(RequestContext.MDC_REQUEST_ID));
    }

    @Test
    void inputRejectedAfterAdmissionCarriesTheRequestsIdClientAndSubject() {
        Bulwark bulwark = bulwark().build();
        String token = issuer.issue("alice", Set.of(), Set.of());
        bulwark.check(get("/api/orders").header("Authorization", "Bearer " + token).build(),
                EndpointPolicy.authenticated());

        Decision.Deny deny = bulwark.unreadableInput();

        assertEquals(400, deny.status());
        SecurityEvent event = events.get(0);
        assertEquals(SecurityEvent.Kind.INPUT_REJECTED, event.kind());
        assertEquals("unreadable_input", event.reason());
        assertEquals("203.0.113.7", event.clientAddress());
        assertEquals("GET /api/orders", event.endpoint());
        assertEquals("alice", event.subject().orElseThrow());
        assertEquals(RequestContext.current().orElseThrow().requestId(), event.requestId());
    }

    @Test
    void takesTheRequestIdFromTheConfiguredHeaderWhenItIsSafe() {
        Bulwark bulwark = bulwark().requestIdHeader("X-Request-Id").build();

        bulwark.check(get("/api/ping").header("X-Request-Id", "gw-7f3a.9:b_2").build(), EndpointPolicy.permitAll());

        assertEquals("gw-7f3a.9:b_2", MDC.get(RequestContext.MDC_REQUEST_ID));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "two words", "line\nbreak", "tab\there", "quote\"d", "<script>",
            "0123456789012345678901234567890123456789012345678901234567890123456789"})
    void replacesAnUnsafeRequestIdFromTheHeader(String sent) {
        Bulwark bulwark = bulwark().requestIdHeader("X-Request-Id").build();

        bulwark.check(get("/api/ping").header("X-Request-Id", sent).build(), EndpointPolicy.permitAll());

        assertTrue(MDC.get(RequestContext.MDC_REQUEST_ID).matches("[0-9a-f]{16}"), MDC.get(RequestContext.MDC_REQUEST_ID));
    }

    @Test
    void ignoresRequestIdHeadersUnlessConfigured() {
        Bulwark bulwark = bulwark().build();

        bulwark.check(get("/api/ping").header("X-Request-Id", "chosen-by-client").build(), EndpointPolicy.permitAll());

        assertNotEquals("chosen-by-client", MDC.get(RequestContext.MDC_REQUEST_ID));
    }

    @Test
    void twoHeaderValuesAreNotTrusted() {
        Bulwark bulwark = bulwark().requestIdHeader("X-Request-Id").build();

        bulwark.check(get("/api/ping").header("X-Request-Id", "a").header("X-Request-Id", "b").build(),
                EndpointPolicy.permitAll());

        assertTrue(MDC.get(RequestContext.MDC_REQUEST_ID).matches("[0-9a-f]{16}"));
    }

    @Test
    void aPathWithLineBreaksCannotForgeLogLines() {
        Bulwark bulwark = bulwark().build();

        bulwark.check(get("/api/ping\r\nkind=ACCESS_DENIED").build(), EndpointPolicy.permitAll());

        assertEquals("GET /api/ping??kind=ACCESS_DENIED", RequestContext.current().orElseThrow().endpoint());
    }

    @Test
    void rejectsAHeaderNameThatIsNoName() {
        assertThrows(IllegalArgumentException.class, () -> Bulwark.builder().requestIdHeader("X Request"));
        assertThrows(IllegalArgumentException.class, () -> Bulwark.builder().requestIdHeader(""));
    }
}
