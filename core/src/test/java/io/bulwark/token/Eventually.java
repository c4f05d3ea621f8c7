package io.bulwark.token;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Waits for a condition in short parks, with a deadline, where a test must let real time pass. */
final class Eventually {

    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private Eventually() {
    }

    /** Polls the condition until it holds; fails once the deadline has passed. */
    static void holds(Duration deadline, BooleanSupplier condition) {
        long end = System.nanoTime() + deadline.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - end > 0) {
                fail("the condition did not hold within " + deadline);
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
    }

    /**
     * Waits until the wall clock is past the instant: nimbus times its caches and rate limit with
     * {@code System.currentTimeMillis()}, which no test clock reaches.
     */
    static void wallClockPasses(long epochMillis) {
        holds(Duration.ofSeconds(10), () -> System.currentTimeMillis() > epochMillis);
    }
}
