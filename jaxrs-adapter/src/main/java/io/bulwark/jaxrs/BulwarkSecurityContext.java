package io.bulwark.jaxrs;

import io.bulwark.token.VerifiedToken;
import jakarta.ws.rs.core.SecurityContext;
import java.security.Principal;

/**
 * The security context of a request admitted with a verified token: the token is the principal,
 * its roles are the user's roles, so {@code @RolesAllowed} handling and
 * {@code @Context SecurityContext} see what Bulwark verified.
 */
final class BulwarkSecurityContext implements SecurityContext {

    /** The authentication scheme reported for bearer tokens (RFC 6750). */
    static final String BEARER = "Bearer";

    private final VerifiedToken token;
    private final boolean secure;

    BulwarkSecurityContext(VerifiedToken token, boolean secure) {
        this.token = token;
        this.secure = secure;
    }

    @Override
    public Principal getUserPrincipal() {
        return token;
    }

    @Override
    public boolean isUserInRole(String role) {
        return role != null && token.hasRole(role);
    }

    @Override
    public boolean isSecure() {
        return secure;
    }

    @Override
    public String getAuthenticationScheme() {
        return BEARER;
    }
}
