package io.bulwark.event;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.TimeMeter;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * The default listener: writes each event to the SLF4J logger {@value #LOGGER_NAME} as key-value
 * pairs ({@code kind}, {@code reason}, {@code client}, {@code endpoint}, {@code request_id}, and
 * when known {@code subject} and {@code token}, the last being the token's fingerprint, never the
 * token). Rejected tokens and denials are warnings, unreachable keys or stores errors, rate limits
 * and rejected input information, a request that simply carried no token debug.
 *
 * <p>An attack must not flood the logs: each kind of event has its own budget of lines (by default
 * bursts of 100, refilled at 100 a minute). Events past it are counted, not written; the next line
 * of that kind carries {@code suppressed}, how many were left out since the previous line. Exact
 * counts are the metrics' job.
 *
 * <pre>{@code
 * Bulwark.builder()
 *         .defaultEventLogger(false)
 *         .listener(Slf4jSecurityEventLogger.builder()
 *                 .maxLines(SecurityEvent.Kind.RATE_LIMITED, 10, Duration.ofMinutes(1))
 *                 .build())
 * }</pre>
 */
public final class Slf4jSecurityEventLogger implements SecurityEventListener {

    /** The logger name, for configuring levels and appenders. */
    public static final String LOGGER_NAME = "io.bulwark.security";

    private final Logger logger;
    private final Map<SecurityEvent.Kind, Budget> budgets = new EnumMap<>(SecurityEvent.Kind.class);

    private Slf4jSecurityEventLogger(Builder b) {
        this.logger = b.logger != null ? b.logger : LoggerFactory.getLogger(LOGGER_NAME);
        TimeMeter time = new BudgetTime(b.clock);
        for (SecurityEvent.Kind kind : SecurityEvent.Kind.values()) {
            Bandwidth lines = b.budgets.get(kind);
            budgets.put(kind, new Budget(lines == null ? b.defaultBudget : lines, time));
        }
    }

    /**
     * The default logger: {@value #LOGGER_NAME}, 100 lines a minute per kind.
     *
     * @return the logger
     */
    public static Slf4jSecurityEventLogger create() {
        return builder().build();
    }

    /**
     * A builder, for another logger or other budgets.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public void onEvent(SecurityEvent event) {
        Level level = levelOf(event);
        if (!logger.isEnabledForLevel(level)) {
            return;
        }
        Budget budget = budgets.get(event.kind());
        if (!budget.bucket.tryConsume(1)) {
            budget.suppressed.incrementAndGet();
            return;
        }
        LoggingEventBuilder log = logger.atLevel(level)
                .addKeyValue("kind", event.kind())
                .addKeyValue("reason", event.reason())
                .addKeyValue("client", event.clientAddress())
                .addKeyValue("endpoint", event.endpoint())
                .addKeyValue("request_id", event.requestId());
        event.subject().ifPresent(subject -> log.addKeyValue("subject", subject));
        event.tokenFingerprint().ifPresent(fingerprint -> log.addKeyValue("token", fingerprint));
        long suppressed = budget.suppressed.getAndSet(0);
        if (suppressed > 0) {
            log.addKeyValue("suppressed", suppressed);
        }
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

    @Override
    public String toString() {
        return "Slf4jSecurityEventLogger[" + logger.getName() + "]";
    }

    /** One kind's budget of lines, and the events left out since its last line. */
    private static final class Budget {
        final Bucket bucket;
        final AtomicLong suppressed = new AtomicLong();

        Budget(Bandwidth bandwidth, TimeMeter time) {
            this.bucket = Bucket.builder().addLimit(bandwidth).withCustomTimePrecision(time).build();
        }
    }

    /** The budgets' time, from the logger's clock (milliseconds are plenty for lines per minute). */
    private record BudgetTime(Clock clock) implements TimeMeter {
        @Override
        public long currentTimeNanos() {
            return TimeUnit.MILLISECONDS.toNanos(clock.millis());
        }

        @Override
        public boolean isWallClockBased() {
            return true;
        }
    }

    /** Builds a {@link Slf4jSecurityEventLogger}. */
    public static final class Builder {
        private @Nullable Logger logger;
        private Clock clock = Clock.systemUTC();
        private Bandwidth defaultBudget = budget(100, Duration.ofMinutes(1));
        private final Map<SecurityEvent.Kind, Bandwidth> budgets = new EnumMap<>(SecurityEvent.Kind.class);

        private Builder() {
        }

        /**
         * The logger to write to (default {@value #LOGGER_NAME}).
         *
         * @param value the logger
         * @return this builder
         */
        public Builder logger(Logger value) {
            this.logger = Objects.requireNonNull(value, "logger");
            return this;
        }

        /**
         * At most {@code lines} lines per {@code period} for each kind of event that has no budget
         * of its own (default 100 a minute).
         *
         * @param lines at least 1
         * @param period positive
         * @return this builder
         */
        public Builder maxLines(long lines, Duration period) {
            this.defaultBudget = budget(lines, period);
            return this;
        }

        /**
         * At most {@code lines} lines per {@code period} for one kind of event.
         *
         * @param kind the kind
         * @param lines at least 1
         * @param period positive
         * @return this builder
         */
        public Builder maxLines(SecurityEvent.Kind kind, long lines, Duration period) {
            budgets.put(Objects.requireNonNull(kind, "kind"), budget(lines, period));
            return this;
        }

        /**
         * The clock the budgets refill by (default the system UTC clock).
         *
         * @param value the clock
         * @return this builder
         */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /**
         * Builds the logger.
         *
         * @return the logger
         */
        public Slf4jSecurityEventLogger build() {
            return new Slf4jSecurityEventLogger(this);
        }

        private static Bandwidth budget(long lines, Duration period) {
            Objects.requireNonNull(period, "period");
            if (lines < 1) {
                throw new IllegalArgumentException("lines must be at least 1, was " + lines);
            }
            if (period.isNegative() || period.isZero()) {
                throw new IllegalArgumentException("period must be positive, was " + period);
            }
            return Bandwidth.builder().capacity(lines).refillGreedy(lines, period).build();
        }
    }
}
