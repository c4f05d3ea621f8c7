package io.bulwark.servlet;

import io.bulwark.token.VerifiedToken;
import io.bulwark.validation.InputLimits;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequestWrapper;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

/**
 * What one allowed request was granted, kept as a request attribute so that later dispatches of the
 * same request (async, forward, include, error) are not evaluated again but still see the principal
 * and the same counted body.
 */
final class Evaluation {

    private final Object owner;
    private final @Nullable VerifiedToken principal;
    private final InputLimits limits;
    private @Nullable LimitedServletInputStream body;

    Evaluation(Object owner, @Nullable VerifiedToken principal, InputLimits limits) {
        this.owner = owner;
        this.principal = principal;
        this.limits = limits;
    }

    /** Whether this evaluation was made by that filter (two differently configured filters each decide). */
    boolean madeBy(Object filter) {
        return owner == filter;
    }

    @Nullable VerifiedToken principal() {
        return principal;
    }

    /** The counted body over the container's stream; one per request, whichever wrapper asks. */
    synchronized LimitedServletInputStream body(ServletInputStream raw) {
        LimitedServletInputStream current = body;
        if (current == null || current.raw() != raw) {
            current = new LimitedServletInputStream(raw, limits.limit(raw));
            body = current;
        }
        return current;
    }

    /** Whether the application read past the body limit. */
    synchronized boolean bodyLimitPassed() {
        return body != null && body.limitPassed();
    }

    /**
     * The request as the application must see it: already ours when it is (or wraps) a
     * {@link BulwarkRequest}, wrapped anew otherwise (an async dispatch of the original request).
     */
    HttpServletRequest expose(HttpServletRequest request, ServletResponse response) {
        if (request instanceof BulwarkRequest
                || request instanceof ServletRequestWrapper wrapper && wrapper.isWrapperFor(BulwarkRequest.class)) {
            return request;
        }
        return new BulwarkRequest(request, response, this);
    }
}
