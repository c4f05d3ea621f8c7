package io.bulwark.jaxrs;

import io.bulwark.Bulwark;
import io.bulwark.Decision;
import io.bulwark.EndpointPolicy;
import io.bulwark.RequestContext;
import io.bulwark.token.VerifiedToken;
import io.bulwark.validation.InputLimits;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.SecurityContext;
import java.util.Optional;

/**
 * The filter bound to one resource method: its policy and route were resolved at deployment, so a
 * request costs one {@link Bulwark#check} and no reflection.
 */
final class BulwarkRequestFilter implements ContainerRequestFilter {

    /** The request property holding the {@link Decision.Allow} whose headers the response gets. */
    static final String DECISION = "io.bulwark.jaxrs.decision";

    private final Bulwark bulwark;
    private final EndpointPolicy policy;
    private final String route;
    private final ClientAddresses addresses;
    private final InputLimits limits;
    private final boolean asynchronous;

    BulwarkRequestFilter(Bulwark bulwark, EndpointPolicy policy, String route, ClientAddresses addresses,
            boolean asynchronous) {
        this.asynchronous = asynchronous;
        this.bulwark = bulwark;
        this.policy = policy;
        this.route = route;
        this.addresses = addresses;
        this.limits = bulwark.inputLimits();
    }

    @Override
    public void filter(ContainerRequestContext request) {
        SecurityContext original = request.getSecurityContext();
        boolean secure = original != null && original.isSecure();
        Decision decision = bulwark.check(
                new JaxrsSecurityRequest(request, route, addresses.of(request), secure), policy);
        if (decision instanceof Decision.Deny deny) {
            request.abortWith(Denials.toResponse(deny));
            return;
        }
        Decision.Allow allow = (Decision.Allow) decision;
        if (asynchronous) {
            // This thread returns to the pool before the response filter runs elsewhere: the request's
            // context (and MDC) must not stay behind on it for the next request to inherit.
            RequestContext.clear();
        }
        long length = request.getLength();
        if (limits.isOverBodyLimit(length)) {
            // An honest oversized body is refused before a byte of it is read.
            request.abortWith(Denials.toResponse(bulwark.bodyTooLarge()));
            return;
        }
        if (length != 0) {
            // Chunked bodies and lying lengths: reading past the limit throws BodyTooLargeException.
            request.setEntityStream(limits.limit(request.getEntityStream()));
        }
        Optional<VerifiedToken> principal = allow.principal();
        if (principal.isPresent()) {
            request.setSecurityContext(new BulwarkSecurityContext(principal.get(), secure));
        }
        if (!allow.headers().isEmpty()) {
            request.setProperty(DECISION, allow);
        }
    }
}
