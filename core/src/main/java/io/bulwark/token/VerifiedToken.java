package io.bulwark.token;

import java.security.Principal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A token whose signature and claims have been verified: the authenticated principal.
 *
 * <p>Immutable. {@link #getName()} is the subject. The token itself is not kept; a short
 * {@linkplain #fingerprint() fingerprint} identifies it in logs and events, and
 * {@link #toString()} shows neither the token nor its claims.
 */
public final class VerifiedToken implements Principal {

    private final String subject;
    private final String issuer;
    private final List<String> audience;
    private final Set<String> scopes;
    private final Set<String> roles;
    private final @Nullable Instant expiresAt;
    private final @Nullable Instant notBefore;
    private final @Nullable Instant issuedAt;
    private final @Nullable String tokenId;
    private final Map<String, Object> claims;
    private final String fingerprint;

    VerifiedToken(String subject, String issuer, List<String> audience, Set<String> scopes, Set<String> roles,
            @Nullable Instant expiresAt, @Nullable Instant notBefore, @Nullable Instant issuedAt,
            @Nullable String tokenId, Map<String, Object> claims, String fingerprint) {
        this.subject = subject;
        this.issuer = issuer;
        this.audience = List.copyOf(audience);
        this.scopes = Set.copyOf(scopes);
        this.roles = Set.copyOf(roles);
        this.expiresAt = expiresAt;
        this.notBefore = notBefore;
        this.issuedAt = issuedAt;
        this.tokenId = tokenId;
        this.claims = claims;
        this.fingerprint = fingerprint;
    }

    /** The subject ({@code sub}), also the principal's name. */
    public String subject() {
        return subject;
    }

    /** The subject ({@code sub}). */
    @Override
    public String getName() {
        return subject;
    }

    /** The issuer ({@code iss}); empty only when the verifier trusts any issuer and none was set. */
    public String issuer() {
        return issuer;
    }

    /** The audiences ({@code aud}), in token order; empty when the token names none. */
    public List<String> audience() {
        return audience;
    }

    /** The scopes, from {@code scope} (space-separated) or {@code scp} (string or array). */
    public Set<String> scopes() {
        return scopes;
    }

    /** The roles, from the verifier's configured roles claim. */
    public Set<String> roles() {
        return roles;
    }

    /** Whether the token carries the given scope. */
    public boolean hasScope(String scope) {
        return scopes.contains(scope);
    }

    /** Whether the token carries the given role. */
    public boolean hasRole(String role) {
        return roles.contains(role);
    }

    /** The expiry ({@code exp}), if the token has one. */
    public Optional<Instant> expiresAt() {
        return Optional.ofNullable(expiresAt);
    }

    /** The not-before time ({@code nbf}), if the token has one. */
    public Optional<Instant> notBefore() {
        return Optional.ofNullable(notBefore);
    }

    /** The issue time ({@code iat}), if the token has one. */
    public Optional<Instant> issuedAt() {
        return Optional.ofNullable(issuedAt);
    }

    /** The token id ({@code jti}), if the token has one. */
    public Optional<String> tokenId() {
        return Optional.ofNullable(tokenId);
    }

    /**
     * All claims, deeply immutable: JSON objects are {@code Map<String, Object>}, arrays are
     * {@code List<Object>}, numbers are {@code Long} or {@code Double}, dates are epoch seconds.
     */
    public Map<String, Object> claims() {
        return claims;
    }

    /** One claim, if present. */
    public Optional<Object> claim(String name) {
        return Optional.ofNullable(claims.get(Objects.requireNonNull(name, "name")));
    }

    /**
     * A short, non-reversible identifier of the token (the first 64 bits of its SHA-256,
     * base64url), for logs and events in place of the token.
     */
    public String fingerprint() {
        return fingerprint;
    }

    // Instant fields are compared by value; claims equality follows from the token's content.
    @Override
    public boolean equals(Object other) {
        return other instanceof VerifiedToken that && fingerprint.equals(that.fingerprint)
                && subject.equals(that.subject) && issuer.equals(that.issuer) && claims.equals(that.claims);
    }

    @Override
    public int hashCode() {
        return fingerprint.hashCode();
    }

    /** Shows the subject, issuer and fingerprint only: never the token, never the claims. */
    @Override
    public String toString() {
        return "VerifiedToken[subject=" + subject + ", issuer=" + issuer + ", fingerprint=" + fingerprint + "]";
    }
}
