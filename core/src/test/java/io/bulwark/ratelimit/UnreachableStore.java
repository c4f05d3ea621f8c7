package io.bulwark.ratelimit;

import java.io.IOException;

/** A store whose every call fails as a store behind a dead network would: the seam for failure policies. */
public final class UnreachableStore implements BucketStore {

    @Override
    public RateLimitProbe tryConsume(String key, RateLimit limit, long cost) throws StoreUnavailableException {
        throw new StoreUnavailableException("connection refused", new IOException("down"));
    }

    @Override
    public RateLimitProbe peek(String key, RateLimit limit, long cost) throws StoreUnavailableException {
        throw new StoreUnavailableException("connection refused", new IOException("down"));
    }

    @Override
    public long size() {
        return -1;
    }
}
