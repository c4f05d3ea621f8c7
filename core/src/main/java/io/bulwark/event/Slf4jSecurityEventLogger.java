package io.bulwark.event;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * The default listener: writes each event to the SLF4J logger {@code io.bulwark.security} with
 * key-value pairs ({@code kind}, {@code reason}, {@code client}, {@code subject},
 * {@code endpoint}, {@code token}, the last being the fingerprint). Rejected tokens, denials and
 * key-source trouble are warnings or errors; a request that simply carried no token is debug.
 */
public final class Slf4jSecurityEventLogger implements SecurityEventListener {

    /** The logger name, for configuring levels and appenders. */
    public static final String LOGGER_NAME = "io.bulwark.security";

    private final Logger logger;

    /** Logs to {@value #LOGGER_NAME}. */
    public Slf4jSecurityEventLogger() {
        this(LoggerFactory.getLogger(LOGGER_NAME));
    }

    /**
     * Logs to the given logger.
     *
     * @param logger the logger
     */
    public Slf4jSecurityEventLogger(Logger logger) {
        this.logger = logger;
    }

    @Override
    public void onEvent(SecurityEvent event) {
        Level level = levelOf(event);
        if (!logger.isEnabledForLevel(level)) {
            return;
        }
        LoggingEventBuilder log = logger.atLevel(level)
                .addKeyValue("kind", event.kind())
                .addKeyValue("reason", event.reason())
                .addKeyValue("client", event.clientAddress())
                .addKeyValue("endpoint", event.endpoint());
        event.subject().ifPresent(subject -> log.addKeyValue("subject", subject));
        event.tokenFingerprint().ifPresent(fingerprint -> log.addKeyValue("token", fingerprint));
        log.log("Bulwark security event");
    }

    static Level levelOf(SecurityEvent event) {
        return switch (event.kind()) {
            case AUTHENTICATION_FAILED -> "missing_token".equals(event.reason()) ? Level.DEBUG : Level.WARN;
            case ACCESS_DENIED -> Level.WARN;
            case RATE_LIMITED, INPUT_REJECTED -> Level.INFO;
            case KEY_SOURCE_UNAVAILABLE, STORE_UNAVAILABLE -> Level.ERROR;
        };
    }
}
