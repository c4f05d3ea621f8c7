package io.bulwark.token;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.CachingJWKSetSource;
import com.nimbusds.jose.jwk.source.JWKSetSourceWithHealthStatusReporting;
import com.nimbusds.jose.jwk.source.OutageTolerantJWKSetSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.events.Event;
import com.nimbusds.jose.util.health.HealthReport;
import io.bulwark.health.ComponentHealth;
import io.bulwark.health.HealthStatus;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The health of a remote JWK set, from what nimbus's {@code JWKSourceBuilder} reports as it fetches:
 * its health reports (after each fetch attempt that passed the rate limit), its outage events (when
 * the server failed and the outage cache served the last keys instead) and its cache events (each
 * key set it cached). Nothing is fetched to answer.
 *
 * <ul>
 * <li>{@code UNKNOWN}: nothing fetched yet (keys are fetched on first use);</li>
 * <li>{@code UP}: the last fetch reached the server;</li>
 * <li>{@code DEGRADED}: the last fetch failed, but keys cached earlier still verify tokens (nimbus's
 *     cache has not expired, or its outage tolerance still covers them);</li>
 * <li>{@code DOWN}: the last fetch failed and no cached key is left to verify with.</li>
 * </ul>
 *
 * <p>A server that went away after the last fetch is noticed at the next one: when the cache is
 * refreshed, or a token names an unknown {@code kid}.
 *
 * <p>The listeners run on whichever thread fetches; nimbus lets one thread at a time fetch. The
 * state is one immutable snapshot behind a volatile field, so reading it takes no lock.
 */
final class RemoteKeySetHealth implements KeySetHealth {

    private enum Outcome { NEVER, FETCHED, SERVED_FROM_OUTAGE_CACHE, FAILED }

    /**
     * @param cachedUntil when nimbus's cache stops serving the last set it cached (epoch millis)
     * @param outageCacheUntil when nimbus's outage cache stops serving the last set fetched
     * @param lastSuccess when the server last answered with a key set, or 0
     * @param lastFailureAt when the last failure was, or 0
     */
    private record State(Outcome outcome, int keys, long cachedUntil, long outageCacheUntil, long lastSuccess,
            @Nullable String lastFailure, long lastFailureAt) {
        static final State NEVER = new State(Outcome.NEVER, 0, 0, 0, 0, null, 0);
    }

    private final String source;
    private final long cacheTimeToLiveMillis;
    private final long outageToleranceMillis;
    // The outage event and the health report of one fetch come on the fetching thread, in that order.
    private final ThreadLocal<@Nullable String> outageInThisFetch = new ThreadLocal<>();
    private volatile State state = State.NEVER;

    RemoteKeySetHealth(String source, RemoteJwksOptions options) {
        this.source = source;
        this.cacheTimeToLiveMillis = options.cacheTimeToLive().toMillis();
        this.outageToleranceMillis = options.outageTolerance().toMillis();
    }

    /**
     * nimbus's outage tolerance served its last keys because the server failed: the health report
     * that follows on this thread says healthy, but the keys are not fresh.
     */
    void onOutage(Event<OutageTolerantJWKSetSource<SecurityContext>, SecurityContext> event) {
        // A listener that throws would turn nimbus's successful fetch into a failure: never throw.
        try {
            if (event instanceof OutageTolerantJWKSetSource.OutageEvent<?> outage) {
                outageInThisFetch.set(KeySetHealth.failureName(outage.getException()));
            }
        } catch (RuntimeException ignored) {
            // health reporting must never break a fetch
        }
    }

    /** nimbus's report after a fetch attempt below its rate limit, timed as its caches are. */
    void onHealthReport(HealthReport<JWKSetSourceWithHealthStatusReporting<SecurityContext>, SecurityContext> report) {
        String outage = outageInThisFetch.get();
        outageInThisFetch.remove();
        try {
            long at = report.getTimestamp();
            synchronized (this) {
                State s = state;
                if (report.getHealthStatus() == com.nimbusds.jose.util.health.HealthStatus.HEALTHY) {
                    // nimbus's cache keeps what this fetch returns from `at` on, for its time to live.
                    long cachedUntil = plus(at, cacheTimeToLiveMillis);
                    state = outage == null
                            ? new State(Outcome.FETCHED, s.keys(), cachedUntil, plus(at, outageToleranceMillis), at,
                                    s.lastFailure(), s.lastFailureAt())
                            : new State(Outcome.SERVED_FROM_OUTAGE_CACHE, s.keys(), cachedUntil, s.outageCacheUntil(),
                                    s.lastSuccess(), outage, at);
                } else {
                    Exception error = report.getException();
                    String failure = error == null ? "unknown" : KeySetHealth.failureName(error);
                    state = new State(Outcome.FAILED, s.keys(), s.cachedUntil(), s.outageCacheUntil(), s.lastSuccess(),
                            failure, at);
                }
            }
        } catch (RuntimeException ignored) {
            // health reporting must never break a fetch
        }
    }

    /** nimbus cached a key set: how many keys it holds. */
    void onCacheEvent(Event<CachingJWKSetSource<SecurityContext>, SecurityContext> event) {
        try {
            if (event instanceof CachingJWKSetSource.RefreshCompletedEvent<?> completed) {
                JWKSet set = completed.getJWKSet();
                synchronized (this) {
                    State s = state;
                    state = new State(s.outcome(), set.getKeys().size(), s.cachedUntil(), s.outageCacheUntil(),
                            s.lastSuccess(), s.lastFailure(), s.lastFailureAt());
                }
            }
        } catch (RuntimeException ignored) {
            // health reporting must never break a fetch
        }
    }

    @Override
    public ComponentHealth report(String name) {
        State s = state;
        // nimbus times its caches by the wall clock, so this does too.
        long now = System.currentTimeMillis();
        long servingUntil = Math.max(s.cachedUntil(), s.outageCacheUntil());
        HealthStatus status = switch (s.outcome()) {
            case NEVER -> HealthStatus.UNKNOWN;
            case FETCHED -> HealthStatus.UP;
            case SERVED_FROM_OUTAGE_CACHE, FAILED -> now < servingUntil ? HealthStatus.DEGRADED : HealthStatus.DOWN;
        };
        Map<String, String> details = new LinkedHashMap<>();
        details.put(SOURCE, source);
        details.put(KEYS_CACHED, Integer.toString(status == HealthStatus.DOWN ? 0 : s.keys()));
        if (s.lastSuccess() != 0) {
            details.put("lastSuccess", Instant.ofEpochMilli(s.lastSuccess()).toString());
        }
        if (s.lastFailure() != null) {
            details.put("lastFailure", s.lastFailure());
            details.put("lastFailureAt", Instant.ofEpochMilli(s.lastFailureAt()).toString());
        }
        if (status == HealthStatus.DEGRADED) {
            details.put("servingCachedKeysUntil", Instant.ofEpochMilli(servingUntil).toString());
        }
        return new ComponentHealth(name, status, details);
    }

    private static long plus(long at, long millis) {
        try {
            return Math.addExact(at, millis);
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE; // a tolerance of centuries: forever
        }
    }
}
