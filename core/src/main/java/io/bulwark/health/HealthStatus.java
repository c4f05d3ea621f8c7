package io.bulwark.health;

/**
 * How one part of Bulwark (or Bulwark as a whole) is doing.
 *
 * <p>From best to worst: {@link #UP}, {@link #UNKNOWN}, {@link #DEGRADED}, {@link #DOWN}; an overall
 * status is the worst of its parts' ({@link SecurityHealth#of(java.util.List)}).
 */
public enum HealthStatus {

    /** Working: keys fetched on the last attempt, or fixed; the store answered. */
    UP,

    /**
     * Still serving, but from what it kept: a remote key source whose server failed on the last
     * fetch while cached keys (nimbus's cache or its outage tolerance) still verify tokens.
     */
    DEGRADED,

    /** Not working: no keys to verify with, or the store did not answer in time. */
    DOWN,

    /** Not known yet: a remote key source that has not been fetched (keys are fetched on first use). */
    UNKNOWN;

    /** Whether this status is worse than {@code other}, in the order UP, UNKNOWN, DEGRADED, DOWN. */
    boolean worseThan(HealthStatus other) {
        return rank() > other.rank();
    }

    private int rank() {
        return switch (this) {
            case UP -> 0;
            case UNKNOWN -> 1;
            case DEGRADED -> 2;
            case DOWN -> 3;
        };
    }
}
