package io.bulwark.ratelimit;

import io.bulwark.SecurityRequest;
import io.bulwark.token.VerifiedToken;
import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link RateLimitKey} may group requests by.
 *
 * @param request the request
 * @param clientAddress the client's address, resolved behind trusted proxies only
 * @param principal the verified token, once authentication has run
 * @param route the endpoint's identity (its route template or resource method), not the raw path
 */
public record KeyContext(SecurityRequest request, String clientAddress, Optional<VerifiedToken> principal,
        String route) {

    /** Validates the fields. */
    public KeyContext {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(clientAddress, "clientAddress");
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(route, "route");
    }
}
