package io.bulwark.token;

import java.time.Duration;
import java.util.Objects;

/**
 * How a remote JWK set is fetched and cached: timeouts, size limit, cache lifetime, refresh-ahead,
 * the rate limit on re-fetches triggered by unknown {@code kid}s, outage tolerance and retry.
 * All of it is carried out by nimbus's {@code JWKSourceBuilder}.
 *
 * <pre>{@code
 * RemoteJwksOptions options = RemoteJwksOptions.builder()
 *         .connectTimeout(Duration.ofSeconds(1))
 *         .cacheTimeToLive(Duration.ofMinutes(10))
 *         .build();
 * KeySource keys = KeySource.remoteJwks(URI.create("https://login.example.com/jwks.json"), options);
 * }</pre>
 *
 * @param connectTimeout how long to wait for a connection
 * @param readTimeout how long to wait for the response
 * @param sizeLimitBytes the largest JWK set document accepted
 * @param cacheTimeToLive how long a fetched key set is used before it is fetched again
 * @param refreshTimeout how long a caller waits for another thread's refresh
 * @param refreshAhead how long before expiry the cache is refreshed in the background
 * @param minRefetchInterval the least time between two fetches (unknown {@code kid} floods)
 * @param outageTolerance how long cached keys keep being served while the server is unreachable
 * @param retry whether a failed fetch is retried once at once
 */
public record RemoteJwksOptions(Duration connectTimeout, Duration readTimeout, int sizeLimitBytes,
        Duration cacheTimeToLive, Duration refreshTimeout, Duration refreshAhead, Duration minRefetchInterval,
        Duration outageTolerance, boolean retry) {

    private static final Duration ONE_MILLISECOND = Duration.ofMillis(1);
    private static final Duration MAX_TIMEOUT = Duration.ofMillis(Integer.MAX_VALUE);

    /** Validates every field; use {@link #builder()} rather than this constructor. */
    public RemoteJwksOptions {
        requireTimeout(connectTimeout, "connectTimeout");
        requireTimeout(readTimeout, "readTimeout");
        if (sizeLimitBytes < 256) {
            throw new IllegalArgumentException("sizeLimitBytes must be at least 256, was " + sizeLimitBytes);
        }
        requirePositive(cacheTimeToLive, "cacheTimeToLive");
        requirePositive(refreshTimeout, "refreshTimeout");
        requirePositive(refreshAhead, "refreshAhead");
        requirePositive(minRefetchInterval, "minRefetchInterval");
        requirePositive(outageTolerance, "outageTolerance");
        if (refreshAhead.plus(refreshTimeout).compareTo(cacheTimeToLive) >= 0) {
            throw new IllegalArgumentException("refreshAhead + refreshTimeout must be shorter than cacheTimeToLive");
        }
        if (minRefetchInterval.compareTo(cacheTimeToLive) >= 0) {
            throw new IllegalArgumentException("minRefetchInterval must be shorter than cacheTimeToLive");
        }
    }

    /** The defaults: 2 s timeouts, 64 KiB, 5 min cache, 30 s refresh-ahead and re-fetch interval, 4 h outage tolerance, retry. */
    public static RemoteJwksOptions defaults() {
        return builder().build();
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    private static void requirePositive(Duration value, String name) {
        Objects.requireNonNull(value, name);
        // Everything is handed to nimbus and the JDK in whole milliseconds: a positive duration under
        // 1 ms would become 0, which HttpURLConnection takes as "wait forever".
        if (value.compareTo(ONE_MILLISECOND) < 0) {
            throw new IllegalArgumentException(name + " must be at least 1 ms, was " + value);
        }
    }

    /** Connect and read timeouts are {@code int} milliseconds in {@code URLConnection}. */
    private static void requireTimeout(Duration value, String name) {
        requirePositive(value, name);
        if (value.compareTo(MAX_TIMEOUT) > 0) {
            throw new IllegalArgumentException(name + " must be at most " + MAX_TIMEOUT + ", was " + value);
        }
    }

    /** Builds {@link RemoteJwksOptions}; every setter validates its own argument. */
    public static final class Builder {
        private Duration connectTimeout = Duration.ofSeconds(2);
        private Duration readTimeout = Duration.ofSeconds(2);
        private int sizeLimitBytes = 64 * 1024;
        private Duration cacheTimeToLive = Duration.ofMinutes(5);
        private Duration refreshTimeout = Duration.ofSeconds(15);
        private Duration refreshAhead = Duration.ofSeconds(30);
        private Duration minRefetchInterval = Duration.ofSeconds(30);
        private Duration outageTolerance = Duration.ofHours(4);
        private boolean retry = true;

        private Builder() {
        }

        /** How long to wait for a connection (default 2 s). */
        public Builder connectTimeout(Duration value) {
            requireTimeout(value, "connectTimeout");
            this.connectTimeout = value;
            return this;
        }

        /** How long to wait for the response (default 2 s). */
        public Builder readTimeout(Duration value) {
            requireTimeout(value, "readTimeout");
            this.readTimeout = value;
            return this;
        }

        /** The largest JWK set document accepted, in bytes (default 64 KiB). */
        public Builder sizeLimitBytes(int value) {
            if (value < 256) {
                throw new IllegalArgumentException("sizeLimitBytes must be at least 256, was " + value);
            }
            this.sizeLimitBytes = value;
            return this;
        }

        /** How long fetched keys are used before they are fetched again (default 5 min). */
        public Builder cacheTimeToLive(Duration value) {
            requirePositive(value, "cacheTimeToLive");
            this.cacheTimeToLive = value;
            return this;
        }

        /** How long a caller waits for another thread's refresh (default 15 s). */
        public Builder refreshTimeout(Duration value) {
            requirePositive(value, "refreshTimeout");
            this.refreshTimeout = value;
            return this;
        }

        /** How long before expiry the cache is refreshed ahead (default 30 s). */
        public Builder refreshAhead(Duration value) {
            requirePositive(value, "refreshAhead");
            this.refreshAhead = value;
            return this;
        }

        /** The least time between two fetches, which bounds unknown-{@code kid} floods (default 30 s). */
        public Builder minRefetchInterval(Duration value) {
            requirePositive(value, "minRefetchInterval");
            this.minRefetchInterval = value;
            return this;
        }

        /** How long cached keys are served while the server is unreachable (default 4 h). */
        public Builder outageTolerance(Duration value) {
            requirePositive(value, "outageTolerance");
            this.outageTolerance = value;
            return this;
        }

        /** Whether a failed fetch is retried once at once (default true). */
        public Builder retry(boolean value) {
            this.retry = value;
            return this;
        }

        /** The options; fails if the durations contradict each other. */
        public RemoteJwksOptions build() {
            return new RemoteJwksOptions(connectTimeout, readTimeout, sizeLimitBytes, cacheTimeToLive,
                    refreshTimeout, refreshAhead, minRefetchInterval, outageTolerance, retry);
        }
    }
}
