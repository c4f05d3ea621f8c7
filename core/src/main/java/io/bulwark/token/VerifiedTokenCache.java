package io.bulwark.token;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Bounded cache of verified tokens (Caffeine). An entry never outlives the token's validity
 * window; callers still re-check that window and revocation on every hit.
 *
 * <p>Hashing a whole 800-character token costs more than the rest of a hit, so the key hashes
 * only the token's tail (its signature, which is unpredictable) and compares the whole token
 * only when the hash matches. Only tokens that verified are ever inserted, so an attacker cannot
 * fill the cache or its hash bins with tokens of their choosing.
 */
final class VerifiedTokenCache {

    /** How many trailing characters feed the hash: 16 signature characters carry 96 random bits. */
    private static final int HASHED_TAIL = 16;

    /** What a hit returns: the principal and its validity window in epoch milliseconds. */
    record Entry(VerifiedToken token, long validFromMillis, long validUntilMillis) {
    }

    private final Cache<TokenKey, Entry> cache;

    VerifiedTokenCache(int maxEntries, Clock clock) {
        this.cache = Caffeine.newBuilder()
                .maximumSize(maxEntries)
                .ticker(clock.equals(Clock.systemUTC()) ? Ticker.systemTicker() : clockTicker(clock))
                .expireAfter(new UntilInvalid(clock))
                // Maintenance on the calling thread: handing it to the common pool woke a worker
                // thread every few hits, dearer than the work itself.
                .executor(Runnable::run)
                .recordStats()
                .build();
    }

    @Nullable Entry get(String token) {
        return cache.getIfPresent(new TokenKey(token));
    }

    void put(String token, Entry entry) {
        cache.put(new TokenKey(token), entry);
    }

    long hits() {
        return cache.stats().hitCount();
    }

    long misses() {
        return cache.stats().missCount();
    }

    /** The number of entries, without forcing maintenance (a metric may read it often). */
    long size() {
        return cache.estimatedSize();
    }

    long estimatedSize() {
        cache.cleanUp();
        return cache.estimatedSize();
    }

    private static Ticker clockTicker(Clock clock) {
        return () -> TimeUnit.MILLISECONDS.toNanos(clock.millis());
    }

    /** Each entry expires when its token stops being valid. */
    private static final class UntilInvalid implements Expiry<TokenKey, Entry> {
        private final Clock clock;

        UntilInvalid(Clock clock) {
            this.clock = clock;
        }

        @Override
        public long expireAfterCreate(TokenKey key, Entry entry, long currentTime) {
            return TimeUnit.MILLISECONDS.toNanos(Math.max(0, entry.validUntilMillis() - clock.millis()));
        }

        @Override
        public long expireAfterUpdate(TokenKey key, Entry entry, long currentTime, long currentDuration) {
            return expireAfterCreate(key, entry, currentTime);
        }

        @Override
        public long expireAfterRead(TokenKey key, Entry entry, long currentTime, long currentDuration) {
            return currentDuration;
        }
    }

    /** A token as a cache key: cheap hash of the tail, full comparison on equality. */
    private static final class TokenKey {
        private final String token;
        private final int hash;

        TokenKey(String token) {
            this.token = token;
            int h = token.length();
            for (int i = Math.max(0, token.length() - HASHED_TAIL); i < token.length(); i++) {
                h = 31 * h + token.charAt(i);
            }
            this.hash = h;
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof TokenKey that && hash == that.hash && token.equals(that.token);
        }
    }
}
