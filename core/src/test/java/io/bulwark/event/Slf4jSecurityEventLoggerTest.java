package io.bulwark.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bulwark.ratelimit.SteppingClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.event.Level;

/** Events become readable key-value lines at a level fitting their kind, and an attack cannot flood the log. */
class Slf4jSecurityEventLoggerTest {

    private static final Instant START = Instant.parse("2026-11-29T10:00:00Z");

    private static SecurityEvent event(SecurityEvent.Kind kind, String reason) {
        return new SecurityEvent(kind, reason, "203.0.113.7", Optional.of("alice"), "GET /api/orders",
                Optional.of("jFEom967lxo"), "0123456789abcdef", START);
    }

    static Stream<Arguments> levels() {
        return Stream.of(
                Arguments.of(SecurityEvent.Kind.AUTHENTICATION_FAILED, "missing_token", Level.DEBUG),
                Arguments.of(SecurityEvent.Kind.AUTHENTICATION_FAILED, "expired", Level.WARN),
                Arguments.of(SecurityEvent.Kind.ACCESS_DENIED, "insufficient_scope", Level.WARN),
                Arguments.of(SecurityEvent.Kind.RATE_LIMITED, "per-client", Level.INFO),
                Arguments.of(SecurityEvent.Kind.INPUT_REJECTED, "invalid_input", Level.INFO),
                Arguments.of(SecurityEvent.Kind.KEY_SOURCE_UNAVAILABLE, "key_source_unavailable", Level.ERROR),
                Arguments.of(SecurityEvent.Kind.STORE_UNAVAILABLE, "fail_open", Level.ERROR));
    }

    @ParameterizedTest
    @MethodSource("levels")
    void writesEachKindAtItsLevelWithItsFields(SecurityEvent.Kind kind, String reason, Level level) {
        RecordingLogger log = new RecordingLogger(Level.TRACE);
        Slf4jSecurityEventLogger logger = Slf4jSecurityEventLogger.builder().logger(log).build();

        logger.onEvent(event(kind, reason));

        assertEquals(1, log.lines.size());
        RecordingLogger.Line line = log.lines.get(0);
        assertEquals(level, line.level());
        assertEquals("Bulwark security event", line.message());
        assertEquals(kind, line.keyValues().get("kind"));
        assertEquals(reason, line.keyValues().get("reason"));
        assertEquals("203.0.113.7", line.keyValues().get("client"));
        assertEquals("GET /api/orders", line.keyValues().get("endpoint"));
        assertEquals("0123456789abcdef", line.keyValues().get("request_id"));
        assertEquals("alice", line.keyValues().get("subject"));
        assertEquals("jFEom967lxo", line.keyValues().get("token"));
        assertFalse(line.keyValues().containsKey("suppressed"));
    }

    @Test
    void leavesOutWhatTheEventDoesNotKnow() {
        RecordingLogger log = new RecordingLogger(Level.TRACE);
        Slf4jSecurityEventLogger logger = Slf4jSecurityEventLogger.builder().logger(log).build();

        logger.onEvent(new SecurityEvent(SecurityEvent.Kind.AUTHENTICATION_FAILED, "invalid_request", "203.0.113.7",
                Optional.empty(), "GET /", Optional.empty(), "0123456789abcdef", START));

        assertFalse(log.lines.get(0).keyValues().containsKey("subject"));
        assertFalse(log.lines.get(0).keyValues().containsKey("token"));
    }

    @Test
    void capsAnAttacksLinesAndSaysHowManyItLeftOut() {
        RecordingLogger log = new RecordingLogger(Level.INFO);
        SteppingClock clock = new SteppingClock();
        Slf4jSecurityEventLogger logger = Slf4jSecurityEventLogger.builder().logger(log).clock(clock)
                .maxLines(SecurityEvent.Kind.AUTHENTICATION_FAILED, 5, Duration.ofMinutes(1)).build();

        for (int i = 0; i < 10_000; i++) {
            logger.onEvent(event(SecurityEvent.Kind.AUTHENTICATION_FAILED, "bad_signature"));
        }
        assertEquals(5, log.lines.size(), "a flood of 10,000 bad tokens writes the budget's 5 lines");

        clock.advance(Duration.ofSeconds(12));
        logger.onEvent(event(SecurityEvent.Kind.AUTHENTICATION_FAILED, "bad_signature"));

        assertEquals(6, log.lines.size(), "the budget refills with time (one line per 12 s here)");
        assertEquals(9_995L, log.lines.get(5).keyValues().get("suppressed"));
    }

    @Test
    void eachKindHasItsOwnBudget() {
        RecordingLogger log = new RecordingLogger(Level.INFO);
        Slf4jSecurityEventLogger logger = Slf4jSecurityEventLogger.builder().logger(log).clock(new SteppingClock())
                .maxLines(3, Duration.ofMinutes(1)).build();

        for (int i = 0; i < 100; i++) {
            logger.onEvent(event(SecurityEvent.Kind.RATE_LIMITED, "per-client"));
        }
        logger.onEvent(event(SecurityEvent.Kind.KEY_SOURCE_UNAVAILABLE, "key_source_unavailable"));

        assertEquals(4, log.lines.size(), "a rate-limit flood does not hide the key source going down");
        assertEquals(SecurityEvent.Kind.KEY_SOURCE_UNAVAILABLE, log.lines.get(3).keyValues().get("kind"));
    }

    @Test
    void eventsBelowTheLoggersLevelSpendNoBudget() {
        RecordingLogger log = new RecordingLogger(Level.INFO);
        Slf4jSecurityEventLogger logger = Slf4jSecurityEventLogger.builder().logger(log).clock(new SteppingClock())
                .maxLines(2, Duration.ofHours(1)).build();

        for (int i = 0; i < 100; i++) {
            logger.onEvent(event(SecurityEvent.Kind.AUTHENTICATION_FAILED, "missing_token"));
        }
        logger.onEvent(event(SecurityEvent.Kind.AUTHENTICATION_FAILED, "expired"));

        assertEquals(1, log.lines.size());
        assertFalse(log.lines.get(0).keyValues().containsKey("suppressed"), "debug lines nobody wanted are not 'suppressed'");
    }

    @Test
    void eventFieldsCannotForgeLogLines() {
        SecurityEvent event = new SecurityEvent(SecurityEvent.Kind.ACCESS_DENIED, "deny_all", "203.0.113.7\n",
                Optional.of("mallory\r\nkind=NONE"), "GET /a\nkind=FORGED", Optional.empty(), "id\u0085x", START);

        assertEquals("GET /a?kind=FORGED", event.endpoint());
        assertEquals("mallory??kind=NONE", event.subject().orElseThrow());
        assertEquals("203.0.113.7?", event.clientAddress());
        assertEquals("id?x", event.requestId());
        assertTrue(event.endpoint().length() <= 200);
    }

    @Test
    void rejectsABudgetOfNothing() {
        assertThrows(IllegalArgumentException.class, () -> Slf4jSecurityEventLogger.builder().maxLines(0, Duration.ofMinutes(1)));
        assertThrows(IllegalArgumentException.class, () -> Slf4jSecurityEventLogger.builder().maxLines(1, Duration.ZERO));
    }
}
