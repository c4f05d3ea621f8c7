package io.bulwark;

import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * What one endpoint requires: nothing (public), an authenticated caller, or nobody at all; and,
 * of an authenticated caller, every one of some scopes and any one of some roles.
 *
 * <p>Resolved once per endpoint (from annotations or route rules) and reused for every request.
 * Immutable.
 *
 * <pre>{@code
 * EndpointPolicy.permitAll();
 * EndpointPolicy.authenticated();
 * EndpointPolicy.builder().requireScopes("orders:read").build();
 * EndpointPolicy.builder().rolesAllowed("admin", "auditor").build();
 * EndpointPolicy.denyAll();
 * }</pre>
 */
public final class EndpointPolicy {

    /** Who may call the endpoint at all. */
    public enum Access {
        /** Anyone; a presented token is still verified and, if valid, exposed. */
        PUBLIC,
        /** Callers with a valid token (and the required scopes and roles). */
        AUTHENTICATED,
        /** Nobody. */
        DENIED
    }

    private static final EndpointPolicy PERMIT_ALL = new EndpointPolicy(Access.PUBLIC, Set.of(), Set.of());
    private static final EndpointPolicy AUTHENTICATED = new EndpointPolicy(Access.AUTHENTICATED, Set.of(), Set.of());
    private static final EndpointPolicy DENY_ALL = new EndpointPolicy(Access.DENIED, Set.of(), Set.of());

    private final Access access;
    private final Set<String> requiredScopes;
    private final Set<String> rolesAllowed;

    private EndpointPolicy(Access access, Set<String> requiredScopes, Set<String> rolesAllowed) {
        this.access = access;
        this.requiredScopes = requiredScopes;
        this.rolesAllowed = rolesAllowed;
    }

    /** Anyone may call. */
    public static EndpointPolicy permitAll() {
        return PERMIT_ALL;
    }

    /** Any caller with a valid token may call. */
    public static EndpointPolicy authenticated() {
        return AUTHENTICATED;
    }

    /** Nobody may call. */
    public static EndpointPolicy denyAll() {
        return DENY_ALL;
    }

    /** A builder for an authenticated policy with scopes and roles. */
    public static Builder builder() {
        return new Builder();
    }

    /** Who may call. */
    public Access access() {
        return access;
    }

    /** Scopes the token must all carry; empty for none. */
    public Set<String> requiredScopes() {
        return requiredScopes;
    }

    /** Roles of which the token must carry at least one; empty for no role check. */
    public Set<String> rolesAllowed() {
        return rolesAllowed;
    }

    /** Whether a valid token is required. */
    public boolean requiresAuthentication() {
        return access == Access.AUTHENTICATED;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof EndpointPolicy that && access == that.access
                && requiredScopes.equals(that.requiredScopes) && rolesAllowed.equals(that.rolesAllowed);
    }

    @Override
    public int hashCode() {
        return Objects.hash(access, requiredScopes, rolesAllowed);
    }

    @Override
    public String toString() {
        return "EndpointPolicy[" + access + (requiredScopes.isEmpty() ? "" : ", scopes=" + requiredScopes)
                + (rolesAllowed.isEmpty() ? "" : ", roles=" + rolesAllowed) + "]";
    }

    /** Builds an authenticated {@link EndpointPolicy}. */
    public static final class Builder {
        private final Set<String> scopes = new LinkedHashSet<>();
        private final Set<String> roles = new LinkedHashSet<>();

        private Builder() {
        }

        /** Adds scopes the token must all carry. */
        public Builder requireScopes(String... values) {
            for (String s : values) {
                scopes.add(requireToken(s, "scope"));
            }
            return this;
        }

        /** Adds roles, any one of which the token must carry. */
        public Builder rolesAllowed(String... values) {
            for (String r : values) {
                roles.add(requireToken(r, "role"));
            }
            return this;
        }

        /** The policy: authenticated, with the scopes and roles given. */
        public EndpointPolicy build() {
            if (scopes.isEmpty() && roles.isEmpty()) {
                return AUTHENTICATED;
            }
            return new EndpointPolicy(Access.AUTHENTICATED, Set.copyOf(scopes), Set.copyOf(roles));
        }

        private static String requireToken(String value, String what) {
            Objects.requireNonNull(value, what);
            if (value.isBlank() || value.indexOf(' ') >= 0 || value.indexOf('"') >= 0 || value.indexOf('\\') >= 0) {
                throw new IllegalArgumentException("a " + what + " must be non-empty, without spaces, quotes or backslashes");
            }
            return value;
        }
    }
}
