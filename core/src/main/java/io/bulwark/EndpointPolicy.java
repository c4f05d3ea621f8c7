package io.bulwark;

import io.bulwark.ratelimit.EndpointLimit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
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
 * EndpointPolicy.builder().access(Access.PUBLIC).rateLimit(EndpointLimit.named("per-ip")).build();
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

    private static final EndpointPolicy PERMIT_ALL = new EndpointPolicy(Access.PUBLIC, Set.of(), Set.of(), List.of());
    private static final EndpointPolicy AUTHENTICATED =
            new EndpointPolicy(Access.AUTHENTICATED, Set.of(), Set.of(), List.of());
    private static final EndpointPolicy DENY_ALL = new EndpointPolicy(Access.DENIED, Set.of(), Set.of(), List.of());

    private final Access access;
    private final Set<String> requiredScopes;
    private final Set<String> rolesAllowed;
    private final List<EndpointLimit> rateLimits;

    private EndpointPolicy(Access access, Set<String> requiredScopes, Set<String> rolesAllowed,
            List<EndpointLimit> rateLimits) {
        this.access = access;
        this.requiredScopes = requiredScopes;
        this.rolesAllowed = rolesAllowed;
        this.rateLimits = rateLimits;
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

    /** The endpoint's rate limits, in the order they are applied; empty for none. */
    public List<EndpointLimit> rateLimits() {
        return rateLimits;
    }

    /**
     * This policy with more rate limits.
     *
     * @param limits limits to add after the existing ones
     * @return a new policy
     */
    public EndpointPolicy withRateLimits(List<EndpointLimit> limits) {
        if (limits.isEmpty()) {
            return this;
        }
        List<EndpointLimit> all = new ArrayList<>(rateLimits);
        all.addAll(limits);
        return new EndpointPolicy(access, requiredScopes, rolesAllowed, List.copyOf(all));
    }

    /** Whether a valid token is required. */
    public boolean requiresAuthentication() {
        return access == Access.AUTHENTICATED;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof EndpointPolicy that && access == that.access
                && requiredScopes.equals(that.requiredScopes) && rolesAllowed.equals(that.rolesAllowed)
                && rateLimits.equals(that.rateLimits);
    }

    @Override
    public int hashCode() {
        return Objects.hash(access, requiredScopes, rolesAllowed, rateLimits);
    }

    @Override
    public String toString() {
        return "EndpointPolicy[" + access + (requiredScopes.isEmpty() ? "" : ", scopes=" + requiredScopes)
                + (rolesAllowed.isEmpty() ? "" : ", roles=" + rolesAllowed)
                + (rateLimits.isEmpty() ? "" : ", rateLimits=" + rateLimits) + "]";
    }

    /** Builds an {@link EndpointPolicy}; authenticated unless {@link #access(Access)} says otherwise. */
    public static final class Builder {
        private Access access = Access.AUTHENTICATED;
        private final Set<String> scopes = new LinkedHashSet<>();
        private final Set<String> roles = new LinkedHashSet<>();
        private final List<EndpointLimit> limits = new ArrayList<>();

        private Builder() {
        }

        /** Who may call (default {@link Access#AUTHENTICATED}). */
        public Builder access(Access value) {
            this.access = Objects.requireNonNull(value, "access");
            return this;
        }

        /** Adds a rate limit, applied after those added before it. */
        public Builder rateLimit(EndpointLimit value) {
            limits.add(Objects.requireNonNull(value, "rateLimit"));
            return this;
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

        /**
         * The policy.
         *
         * @throws IllegalStateException if scopes or roles are required of a public or denied endpoint
         */
        public EndpointPolicy build() {
            if (access != Access.AUTHENTICATED && (!scopes.isEmpty() || !roles.isEmpty())) {
                throw new IllegalStateException("scopes and roles need an authenticated endpoint, not " + access);
            }
            if (scopes.isEmpty() && roles.isEmpty() && limits.isEmpty()) {
                return access == Access.PUBLIC ? PERMIT_ALL : access == Access.DENIED ? DENY_ALL : AUTHENTICATED;
            }
            return new EndpointPolicy(access, Set.copyOf(scopes), Set.copyOf(roles), List.copyOf(limits));
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
