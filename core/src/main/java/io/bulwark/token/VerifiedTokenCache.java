package io.bulwark.token;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/**
 * Bounded cache of verified tokens (Caffeine). An entry is never returned once the token's validity
 * window has passed: {@link #get} drops it instead; callers still re-check that window and
 * revocation on every hit.
 *
 * <p>Bounded by size alone, with no expiry policy: a per-entry expiry read the clock and reordered a
 * timer wheel for every hit, about half the cost of a hit in a busy server. A lapsed entry that is
 * never asked for again stays until the size bound evicts it — within the same bound as live ones.
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
    private final Clock clock;
    // Counted here rather than by Caffeine: a lookup that may be repeated (see get's countMiss) counts once.
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();

    VerifiedTokenCache(int maxEntries, Clock clock) {
        this.clock = clock;
        this.cache = Caffeine.newBuilder()
                .maximumSize(maxEntries)
                // Maintenance on the calling thread: handing it to the common pool woke a worker
                // thread every few hits, dearer than the work itself.
                .executor(Runnable::run)
                .build();
    }

    /** The entry of a token that is still valid now; a lapsed one is dropped. */
    @Nullable Entry get(String token) {
        return get(token, clock.millis(), true);
    }

    /**
     * The entry of a token that is still valid at {@code nowMillis}; a lapsed one is dropped.
     *
     * @param token the token
     * @param nowMillis the time, in epoch milliseconds
     * @param countMiss whether a miss counts as one: {@code false} for a first look that a full
     *     lookup follows when it misses
     * @return the entry, or {@code null}
     */
    @Nullable Entry get(String token, long nowMillis, boolean countMiss) {
        TokenKey key = new TokenKey(token);
        // asMap().get records the read for the size policy, as getIfPresent does, without Caffeine's stats.
        Entry entry = cache.asMap().get(key);
        if (entry != null && nowMillis >= entry.validUntilMillis()) {
            // Lapsed: forgotten now, and verified in full (and rejected) as if never cached.
            cache.asMap().remove(key, entry);
            entry = null;
        }
        if (entry != null) {
            hits.increment();
        } else if (countMiss) {
            misses.increment();
        }
        return entry;
    }

    void put(String token, Entry entry) {
        cache.put(new TokenKey(token), entry);
    }

    long hits() {
        return hits.sum();
    }

    long misses() {
        return misses.sum();
    }

    /** The number of entries, without forcing maintenance (a metric may read it often). */
    long size() {
        return cache.estimatedSize();
    }

    long estimatedSize() {
        cache.cleanUp();
        return cache.estimatedSize();
    }

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
