package io.bulwark.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Signs access tokens, for first-party login endpoints and for tests: {@code iss}, {@code aud},
 * {@code sub}, {@code iat}, {@code exp} (5 minutes by default), a random {@code jti}, scopes,
 * roles, and the header {@code typ: at+jwt} (RFC 9068) with the key's {@code kid}.
 *
 * <pre>{@code
 * TokenIssuer issuer = TokenIssuer.builder(DevelopmentKeys.generate("ES256"))
 *         .issuer("https://dev.local").audience("orders-api").build();
 * String token = issuer.issue("alice", Set.of("orders:read"), Set.of("admin"));
 * String custom = issuer.token("bob").scopes("orders:write").claim("tenant", "acme").lifetime(Duration.ofMinutes(1)).sign();
 * }</pre>
 *
 * <p>Immutable and thread-safe. {@link #toString()} never shows the key.
 */
public final class TokenIssuer {

    private final JWSSigner signer;
    private final JWSAlgorithm algorithm;
    private final @Nullable String keyId;
    private final String issuer;
    private final List<String> audience;
    private final Duration lifetime;
    private final String rolesClaim;
    private final Clock clock;

    private TokenIssuer(Builder b) throws JOSEException {
        JWK key = b.key;
        this.algorithm = algorithmFor(key);
        this.signer = signerFor(key);
        this.keyId = key.getKeyID();
        this.issuer = b.issuer;
        this.audience = List.copyOf(b.audience);
        this.lifetime = b.lifetime;
        this.rolesClaim = b.rolesClaim;
        this.clock = b.clock;
    }

    /**
     * A builder for an issuer signing with the given private JWK (EC, RSA, OKP Ed25519 or an
     * HMAC secret of 256 bits or more). The algorithm is the key's {@code alg}, or follows from
     * its type: RS256, ES256/384/512 by curve, EdDSA, HS256.
     *
     * @param signingKey a JWK with its private part
     * @return the builder
     */
    public static Builder builder(JWK signingKey) {
        return new Builder(signingKey);
    }

    /**
     * Signs a token with the default lifetime.
     *
     * @param subject the {@code sub}
     * @param scopes the scopes, written space-separated to {@code scope}
     * @param roles the roles, written as an array to the roles claim
     * @return the compact JWS
     */
    public String issue(String subject, Collection<String> scopes, Collection<String> roles) {
        return token(subject).scopes(scopes).roles(roles).sign();
    }

    /**
     * Starts a token with more control over its claims.
     *
     * @param subject the {@code sub}
     * @return a one-use token builder
     */
    public TokenBuilder token(String subject) {
        return new TokenBuilder(subject);
    }

    /** The algorithm tokens are signed with. */
    public String algorithm() {
        return algorithm.getName();
    }

    @Override
    public String toString() {
        return "TokenIssuer[issuer=" + issuer + ", algorithm=" + algorithm + ", kid=" + keyId + "]";
    }

    private static JWSAlgorithm algorithmFor(JWK key) {
        Set<JWSAlgorithm> fitting = Algorithms.forKey(key);
        if (fitting.isEmpty()) {
            throw new IllegalArgumentException("The key cannot sign any supported algorithm (RSA 2048+, EC "
                    + "P-256/384/521, Ed25519, or an HMAC secret of 256 bits or more; its alg must fit its type)");
        }
        if (key.getAlgorithm() != null) {
            return JWSAlgorithm.parse(key.getAlgorithm().getName());
        }
        if (key instanceof RSAKey) {
            return JWSAlgorithm.RS256;
        } else if (key instanceof OctetSequenceKey) {
            return JWSAlgorithm.HS256;
        } else if (key instanceof OctetKeyPair) {
            return JWSAlgorithm.EdDSA;
        }
        return fitting.iterator().next();
    }

    private static JWSSigner signerFor(JWK key) throws JOSEException {
        if (key instanceof OctetSequenceKey oct) {
            return new MACSigner(oct);
        }
        if (!key.isPrivate()) {
            throw new IllegalArgumentException("The signing key has no private part");
        }
        if (key instanceof RSAKey rsa) {
            if (rsa.size() < Algorithms.MIN_RSA_BITS) {
                throw new IllegalArgumentException("RSA signing keys must have at least 2048 bits");
            }
            return new RSASSASigner(rsa);
        } else if (key instanceof ECKey ec) {
            return new ECDSASigner(ec);
        } else if (key instanceof OctetKeyPair okp) {
            return new JcaEd25519Signer(okp);
        }
        throw new IllegalArgumentException("Unsupported key type " + key.getKeyType());
    }

    /** One token's claims; call {@link #sign()} once. Not thread-safe. */
    public final class TokenBuilder {
        private final String subject;
        private final Set<String> scopes = new LinkedHashSet<>();
        private final Set<String> roles = new LinkedHashSet<>();
        private final Map<String, Object> claims = new LinkedHashMap<>();
        private Duration tokenLifetime = lifetime;

        private TokenBuilder(String subject) {
            Objects.requireNonNull(subject, "subject");
            if (subject.isBlank()) {
                throw new IllegalArgumentException("subject must not be blank");
            }
            this.subject = subject;
        }

        /** Adds scopes (written to {@code scope}, space-separated). */
        public TokenBuilder scopes(String... values) {
            return scopes(List.of(values));
        }

        /** Adds scopes (written to {@code scope}, space-separated). */
        public TokenBuilder scopes(Collection<String> values) {
            for (String s : values) {
                if (s == null || s.isEmpty() || s.indexOf(' ') >= 0) {
                    throw new IllegalArgumentException("a scope must be non-empty and contain no space");
                }
                scopes.add(s);
            }
            return this;
        }

        /** Adds roles (written as an array to the roles claim). */
        public TokenBuilder roles(String... values) {
            return roles(List.of(values));
        }

        /** Adds roles (written as an array to the roles claim). */
        public TokenBuilder roles(Collection<String> values) {
            for (String r : values) {
                roles.add(Objects.requireNonNull(r, "role"));
            }
            return this;
        }

        /** Sets another claim (a string, number, boolean, list or map). */
        public TokenBuilder claim(String name, Object value) {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
            claims.put(name, value);
            return this;
        }

        /** How long this token lives. */
        public TokenBuilder lifetime(Duration value) {
            requirePositive(value);
            this.tokenLifetime = value;
            return this;
        }

        /** Signs the token. */
        public String sign() {
            Instant now = clock.instant();
            JWTClaimsSet.Builder set = new JWTClaimsSet.Builder();
            claims.forEach(set::claim);
            set.issuer(issuer).subject(subject).issueTime(Date.from(now))
                    .expirationTime(Date.from(now.plus(tokenLifetime))).jwtID(UUID.randomUUID().toString());
            if (!audience.isEmpty()) {
                set.audience(audience);
            }
            if (!scopes.isEmpty()) {
                set.claim("scope", String.join(" ", scopes));
            }
            if (!roles.isEmpty()) {
                set.claim(rolesClaim, new ArrayList<>(roles));
            }
            JWSHeader header = new JWSHeader.Builder(algorithm).keyID(keyId).type(new JOSEObjectType("at+jwt")).build();
            SignedJWT jwt = new SignedJWT(header, set.build());
            try {
                jwt.sign(signer);
            } catch (JOSEException e) {
                throw new IllegalStateException("Signing failed with " + algorithm, e);
            }
            return jwt.serialize();
        }
    }

    private static void requirePositive(Duration value) {
        Objects.requireNonNull(value, "lifetime");
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("lifetime must be positive, was " + value);
        }
    }

    /** Builds a {@link TokenIssuer}. */
    public static final class Builder {
        private final JWK key;
        private @Nullable String issuer;
        private final List<String> audience = new ArrayList<>();
        private Duration lifetime = Duration.ofMinutes(5);
        private String rolesClaim = "roles";
        private Clock clock = Clock.systemUTC();

        private Builder(JWK key) {
            this.key = Objects.requireNonNull(key, "signingKey");
        }

        /** The {@code iss} of every token (required). */
        public Builder issuer(String value) {
            Objects.requireNonNull(value, "issuer");
            if (value.isBlank()) {
                throw new IllegalArgumentException("issuer must not be blank");
            }
            this.issuer = value;
            return this;
        }

        /** The {@code aud} of every token. */
        public Builder audience(String... values) {
            for (String a : values) {
                audience.add(Objects.requireNonNull(a, "audience"));
            }
            return this;
        }

        /** The default lifetime (5 minutes unless set). */
        public Builder lifetime(Duration value) {
            requirePositive(value);
            this.lifetime = value;
            return this;
        }

        /** The claim roles are written to (default {@code roles}). */
        public Builder rolesClaim(String name) {
            this.rolesClaim = Objects.requireNonNull(name, "rolesClaim");
            return this;
        }

        /** The clock for {@code iat} and {@code exp}. */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /**
         * Builds the issuer.
         *
         * @throws IllegalStateException if no issuer was named
         * @throws IllegalArgumentException if the key cannot sign
         */
        public TokenIssuer build() {
            if (issuer == null) {
                throw new IllegalStateException("Name the issuer with issuer(...)");
            }
            try {
                return new TokenIssuer(this);
            } catch (JOSEException e) {
                throw new IllegalArgumentException("The key cannot sign: " + e.getMessage(), e);
            }
        }
    }
}
