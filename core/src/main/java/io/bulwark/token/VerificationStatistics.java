package io.bulwark.token;

/**
 * What a {@link TokenVerifier} has done since it was built; counts only grow.
 *
 * @param verifications full verifications: tokens not found in the cache, rejected ones included
 * @param verificationNanos the time those took, in total
 * @param cacheHits tokens answered from the verified-token cache
 * @param cacheMisses lookups that missed the cache
 * @param cachedTokens tokens in the cache now (approximately)
 */
public record VerificationStatistics(long verifications, long verificationNanos, long cacheHits, long cacheMisses,
        long cachedTokens) {

    /**
     * The share of cache lookups that hit, from 0 to 1; 0 before any lookup.
     *
     * @return the ratio
     */
    public double cacheHitRatio() {
        long lookups = cacheHits + cacheMisses;
        return lookups == 0 ? 0 : (double) cacheHits / lookups;
    }
}
