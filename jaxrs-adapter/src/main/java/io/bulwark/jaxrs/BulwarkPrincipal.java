package io.bulwark.jaxrs;

import io.bulwark.token.VerifiedToken;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.SecurityContext;
import java.security.Principal;
import java.util.Objects;
import java.util.Optional;

/**
 * The verified token of the current request, without casts, from the standard
 * {@code @Context SecurityContext} that every runtime injects into resources.
 *
 * <pre>{@code
 * @GET @Path("me") @Authenticated
 * public String me(@Context SecurityContext security) {
 *     VerifiedToken token = BulwarkPrincipal.require(security);
 *     return token.subject() + " " + token.scopes();
 * }
 * }</pre>
 */
public final class BulwarkPrincipal {

    private BulwarkPrincipal() {
    }

    /**
     * The verified token of a request, when Bulwark admitted it with one.
     *
     * @param security the request's security context ({@code @Context SecurityContext})
     * @return the token; empty for an anonymous request to a public endpoint, or outside Bulwark
     */
    public static Optional<VerifiedToken> of(SecurityContext security) {
        Objects.requireNonNull(security, "security");
        Principal principal = security.getUserPrincipal();
        return principal instanceof VerifiedToken token ? Optional.of(token) : Optional.empty();
    }

    /**
     * The verified token of a request, for filters that run after Bulwark's.
     *
     * @param request the request context
     * @return the token; empty when the request carried none
     */
    public static Optional<VerifiedToken> of(ContainerRequestContext request) {
        Objects.requireNonNull(request, "request");
        SecurityContext security = request.getSecurityContext();
        return security == null ? Optional.empty() : of(security);
    }

    /**
     * The verified token of a request to an endpoint that requires one ({@code @Authenticated},
     * {@code @RequiresScopes}, {@code @RolesAllowed}): Bulwark never lets such a request through
     * without it.
     *
     * @param security the request's security context
     * @return the token
     * @throws IllegalStateException when there is none: the endpoint does not require authentication
     */
    public static VerifiedToken require(SecurityContext security) {
        return of(security).orElseThrow(() -> new IllegalStateException(
                "no verified token: the endpoint admits anonymous callers; use BulwarkPrincipal.of(...)"));
    }
}
