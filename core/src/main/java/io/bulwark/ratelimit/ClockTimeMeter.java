package io.bulwark.ratelimit;

import io.github.bucket4j.TimeMeter;
import java.time.Clock;
import java.time.Instant;

/**
 * bucket4j's time read from a {@link Clock}, so tests move time instead of sleeping: Bulwark's
 * stores and its event logger use it; so may an application's own buckets.
 */
public final class ClockTimeMeter implements TimeMeter {

    private final Clock clock;

    /**
     * Reads the given clock.
     *
     * @param clock the clock
     */
    public ClockTimeMeter(Clock clock) {
        this.clock = clock;
    }

    @Override
    public long currentTimeNanos() {
        Instant now = clock.instant();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    @Override
    public boolean isWallClockBased() {
        return true;
    }
}
