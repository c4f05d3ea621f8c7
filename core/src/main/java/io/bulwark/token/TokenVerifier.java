package io.bulwark.token;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.JWTClaimsSet;
import io.bulwark.health.ComponentHealth;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies bearer JWTs (compact JWS) on nimbus-jose-jwt and returns the {@link VerifiedToken}.
 *
 * <pre>{@code
 * TokenVerifier verifier = TokenVerifier.builder()
 *         .trust("https://login.example.com/", KeySource.remoteJwks(URI.create("https://login.example.com/jwks.json")))
 *         .audience("orders-api")
 *         .build();
 * try {
 *     VerifiedToken token = verifier.verify(compactJws);
 *     token.subject(); token.scopes(); token.roles();
 * } catch (TokenRejectedException e) {
 *     e.reason();                       // EXPIRED, BAD_SIGNATURE, ...
 * }
 * }</pre>
 *
 * <p>In order, a token is: refused if longer than the size limit; parsed strictly (compact JWS
 * only, canonical base64url, header and claims strict JSON without duplicate members, nesting
 * capped);
 * checked against the algorithm allow-list, the {@code typ} allow-list and {@code crit};
 * matched to a trusted issuer by its (still unverified) {@code iss}; verified with that issuer's
 * keys alone, chosen by algorithm, key type, curve and {@code kid} (signatures of the wrong size,
 * or ECDSA values out of range, fail before the JCA sees them; a failure under a known {@code kid}
 * of a remote set triggers one rate-limited refresh, for keys rotated under their old {@code kid});
 * then its claims are checked
 * ({@code sub}, {@code exp}, {@code nbf}, {@code iat}, maximum age, optional lifetime caps, audience, required claims,
 * custom checks) and the revocation hook consulted. Verified tokens are cached (bounded) until
 * they expire; a hit re-checks the time window and revocation.
 *
 * <p>Immutable and thread-safe: build one and share it.
 */
public final class TokenVerifier {

    private static final Logger LOG = LoggerFactory.getLogger(TokenVerifier.class);

    private static final Set<String> DEFAULT_TYPES = Set.of("jwt", "at+jwt");

    private final Map<String, IssuerTrust> issuers;
    private final @Nullable IssuerTrust anyIssuer;
    private final Set<JWSAlgorithm> allAllowedAlgorithms;
    private final Set<String> audiences;
    private final Set<String> types;
    private final boolean allowMissingType;
    private final long clockSkewMillis;
    private final long maxAgeMillis;
    private final long maxLifetimeMillis;
    private final long maxFutureValidityMillis;
    private final boolean requireExpiration;
    private final List<String> requiredClaims;
    private final List<ClaimCheck> claimChecks;
    private final int maxTokenLength;
    private final List<String> rolesClaimPath;
    private final RevocationCheck revocation;
    private final Clock clock;
    private final @Nullable VerifiedTokenCache cache;
    private final LongAdder verifications = new LongAdder();
    private final LongAdder verificationNanos = new LongAdder();

    /** One trusted issuer: its keys and the algorithms allowed with them. */
    private record IssuerTrust(KeyResolver keys, Set<JWSAlgorithm> algorithms) {
    }

    private TokenVerifier(Builder b) {
        Map<String, IssuerTrust> trusted = new LinkedHashMap<>();
        Set<JWSAlgorithm> all = new LinkedHashSet<>();
        for (Map.Entry<String, KeySource> e : b.issuers.entrySet()) {
            IssuerTrust trust = trust(e.getValue(), b.algorithms, "issuer " + e.getKey());
            trusted.put(e.getKey(), trust);
            all.addAll(trust.algorithms());
        }
        this.issuers = Map.copyOf(trusted);
        if (b.anyIssuerKeys != null) {
            this.anyIssuer = trust(b.anyIssuerKeys, b.algorithms, "trustAnyIssuer");
            all.addAll(anyIssuer.algorithms());
        } else {
            this.anyIssuer = null;
        }
        this.allAllowedAlgorithms = Set.copyOf(all);
        this.audiences = Set.copyOf(b.audiences);
        this.types = Set.copyOf(b.types);
        this.allowMissingType = b.allowMissingType;
        this.clockSkewMillis = b.clockSkew.toMillis();
        this.maxAgeMillis = b.maxTokenAge == null ? -1 : b.maxTokenAge.toMillis();
        this.maxLifetimeMillis = b.maxTokenLifetime == null ? -1 : b.maxTokenLifetime.toMillis();
        this.maxFutureValidityMillis = b.maxFutureValidity == null ? -1 : b.maxFutureValidity.toMillis();
        this.requireExpiration = b.requireExpiration;
        this.requiredClaims = List.copyOf(b.requiredClaims);
        this.claimChecks = List.copyOf(b.claimChecks);
        this.maxTokenLength = b.maxTokenLength;
        this.rolesClaimPath = List.copyOf(b.rolesClaimPath);
        this.revocation = b.revocation;
        this.clock = b.clock;
        this.cache = b.cacheSize > 0 ? new VerifiedTokenCache(b.cacheSize, b.clock) : null;
    }

    private static IssuerTrust trust(KeySource source, @Nullable Set<JWSAlgorithm> allowList, String what) {
        KeyResolver resolver = source.newResolver();
        Set<JWSAlgorithm> usable = new LinkedHashSet<>(resolver.algorithms());
        if (allowList == null) {
            // Default allow-list: every asymmetric algorithm; HMAC only where the source is a secret.
            usable.retainAll(Algorithms.union(Algorithms.ASYMMETRIC, Algorithms.HMAC));
        } else {
            usable.retainAll(allowList);
        }
        if (usable.isEmpty()) {
            throw new IllegalStateException("The algorithm allow-list leaves no algorithm that the keys of "
                    + what + " (" + source + ") can verify");
        }
        return new IssuerTrust(resolver, Set.copyOf(usable));
    }

    /** A builder for a verifier. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Verifies a compact JWS access token.
     *
     * @param token the token as received, e.g. the credentials of an {@code Authorization: Bearer} header
     * @return the verified principal
     * @throws TokenRejectedException with the reason, if the token is not accepted
     */
    public VerifiedToken verify(String token) throws TokenRejectedException {
        Objects.requireNonNull(token, "token");
        // Size before anything else: a 100 KB token costs nothing beyond this comparison.
        if (token.length() > maxTokenLength) {
            throw new TokenRejectedException(RejectionReason.TOO_LARGE);
        }
        if (cache != null) {
            long now = clock.millis();
            VerifiedTokenCache.Entry hit = cache.get(token, now, true);
            if (hit != null) {
                // One clock reading: the cache has dropped the entry if the token lapsed; its start is checked here.
                if (now < hit.validFromMillis()) {
                    throw new TokenRejectedException(RejectionReason.NOT_YET_VALID);
                }
                checkRevocation(hit.token());
                return hit.token();
            }
        }
        long start = System.nanoTime();
        try {
            return verifyUncached(token);
        } finally {
            verifications.increment();
            verificationNanos.add(System.nanoTime() - start);
        }
    }

    /**
     * The verified token for a token this verifier has cached and would accept now (its validity
     * window, revocation), or {@code null}: a shortcut for the usual request, whose token was verified
     * moments ago. Nothing is verified and nothing thrown here; on {@code null}, call
     * {@link #verify(String)}, which decides the token and says why it is refused. A miss is counted
     * by that call, not this one.
     *
     * @param token the token, exactly as extracted
     * @return the cached verification, or {@code null}
     */
    public @Nullable VerifiedToken cachedVerification(String token) {
        Objects.requireNonNull(token, "token");
        if (cache == null || token.length() > maxTokenLength) {
            return null;
        }
        long now = clock.millis();
        VerifiedTokenCache.Entry hit = cache.get(token, now, false);
        if (hit == null || now < hit.validFromMillis()) {
            return null;
        }
        try {
            // A revoked token, or a failing list, is left to verify(): it refuses and logs once.
            return revocation.isRevoked(hit.token()) ? null : hit.token();
        } catch (RuntimeException e) {
            return null;
        }
    }

    /**
     * What this verifier has done since it was built: full verifications (cache misses, rejected
     * tokens included) and the time they took, and the verified-token cache's hits, misses and
     * size. The Micrometer binder reads it; so may a health page.
     *
     * @return a snapshot
     */
    public VerificationStatistics statistics() {
        long hits = cache == null ? 0 : cache.hits();
        long misses = cache == null ? 0 : cache.misses();
        return new VerificationStatistics(verifications.sum(), verificationNanos.sum(), hits, misses,
                cache == null ? 0 : cache.size());
    }

    private VerifiedToken verifyUncached(String token) throws TokenRejectedException {
        StrictJws jws = StrictJws.parse(token);
        JWSHeader header = jws.header();
        JWSAlgorithm alg = header.getAlgorithm();
        if (!allAllowedAlgorithms.contains(alg)) {
            throw new TokenRejectedException(RejectionReason.ALGORITHM_NOT_ALLOWED);
        }
        checkType(header.getType());
        if (StrictJws.hasUnsupportedExtensions(header)) {
            throw new TokenRejectedException(RejectionReason.MALFORMED);
        }
        JWTClaimsSet claims;
        try {
            claims = JWTClaimsSet.parse(jws.payloadJsonObject());
        } catch (ParseException e) {
            throw new TokenRejectedException(RejectionReason.MALFORMED);
        }
        IssuerTrust trust = issuerTrust(claims.getIssuer());
        if (!trust.algorithms().contains(alg)) {
            throw new TokenRejectedException(RejectionReason.ALGORITHM_NOT_ALLOWED);
        }
        SignatureCheck.verify(trust.keys(), jws);

        VerifiedToken verified = toVerifiedToken(token, claims);
        long validFrom = validFrom(claims);
        long validUntil = validUntil(claims);
        checkWindow(validFrom, validUntil);
        checkLifetime(claims);
        checkAudience(verified.audience());
        for (String name : requiredClaims) {
            if (claims.getClaim(name) == null) {
                throw new TokenRejectedException(RejectionReason.MISSING_CLAIM);
            }
        }
        for (ClaimCheck check : claimChecks) {
            if (!accepts(check, verified)) {
                throw new TokenRejectedException(RejectionReason.INVALID_CLAIM);
            }
        }
        checkRevocation(verified);
        if (cache != null && validUntil != Long.MAX_VALUE) {
            cache.put(token, new VerifiedTokenCache.Entry(verified, validFrom, validUntil));
        }
        return verified;
    }

    /**
     * The optional lifetime caps: a token minted to live for years is refused even while it is
     * within its window. Checked once, on full verification: neither exp nor iat changes on a cache
     * hit, and the future validity only shrinks.
     */
    private void checkLifetime(JWTClaimsSet claims) throws TokenRejectedException {
        if (maxLifetimeMillis < 0 && maxFutureValidityMillis < 0) {
            return;
        }
        Date exp = claims.getExpirationTime();
        if (exp == null) {
            throw new TokenRejectedException(RejectionReason.MISSING_CLAIM);
        }
        if (maxLifetimeMillis >= 0) {
            Date iat = claims.getIssueTime();
            if (iat == null) {
                throw new TokenRejectedException(RejectionReason.MISSING_CLAIM);
            }
            if (exp.getTime() - iat.getTime() > maxLifetimeMillis) {
                throw new TokenRejectedException(RejectionReason.LIFETIME_TOO_LONG);
            }
        }
        if (maxFutureValidityMillis >= 0
                && exp.getTime() - clock.millis() > maxFutureValidityMillis + clockSkewMillis) {
            throw new TokenRejectedException(RejectionReason.LIFETIME_TOO_LONG);
        }
    }

    private void checkType(@Nullable JOSEObjectType type) throws TokenRejectedException {
        if (type == null) {
            if (!allowMissingType) {
                throw new TokenRejectedException(RejectionReason.TYPE_NOT_ALLOWED);
            }
            return;
        }
        if (!types.contains(normalizeType(type.getType()))) {
            throw new TokenRejectedException(RejectionReason.TYPE_NOT_ALLOWED);
        }
    }

    /** RFC 7515 §4.1.9: media types compare case-insensitively and may omit "application/". */
    static String normalizeType(String type) {
        String lower = type.toLowerCase(Locale.ROOT);
        return lower.startsWith("application/") ? lower.substring("application/".length()) : lower;
    }

    private IssuerTrust issuerTrust(@Nullable String issuer) throws TokenRejectedException {
        if (anyIssuer != null) {
            return anyIssuer;
        }
        IssuerTrust trust = issuer == null ? null : issuers.get(issuer);
        if (trust == null) {
            throw new TokenRejectedException(RejectionReason.ISSUER);
        }
        return trust;
    }

    private VerifiedToken toVerifiedToken(String token, JWTClaimsSet claims) throws TokenRejectedException {
        String subject = claims.getSubject();
        if (subject == null || subject.isEmpty()) {
            throw new TokenRejectedException(RejectionReason.MISSING_CLAIM);
        }
        if (requireExpiration && claims.getExpirationTime() == null) {
            throw new TokenRejectedException(RejectionReason.MISSING_CLAIM);
        }
        if (maxAgeMillis >= 0 && claims.getIssueTime() == null) {
            throw new TokenRejectedException(RejectionReason.MISSING_CLAIM);
        }
        Map<String, Object> frozen = ClaimValues.freeze(claims.toJSONObject());
        String issuer = claims.getIssuer() == null ? "" : claims.getIssuer();
        return new VerifiedToken(subject, issuer, claims.getAudience(), ClaimValues.scopes(frozen),
                ClaimValues.roles(frozen, rolesClaimPath), instant(claims.getExpirationTime()),
                instant(claims.getNotBeforeTime()), instant(claims.getIssueTime()), claims.getJWTID(), frozen,
                Fingerprints.of(token));
    }

    private static @Nullable Instant instant(@Nullable Date date) {
        return date == null ? null : date.toInstant();
    }

    /** The first millisecond the token is valid, skew included: the later of nbf and iat. */
    private long validFrom(JWTClaimsSet claims) {
        long from = Long.MIN_VALUE;
        if (claims.getNotBeforeTime() != null) {
            from = claims.getNotBeforeTime().getTime() - clockSkewMillis;
        }
        // A token issued in the future is not yet valid either.
        if (claims.getIssueTime() != null) {
            from = Math.max(from, claims.getIssueTime().getTime() - clockSkewMillis);
        }
        return from;
    }

    /** The first millisecond the token is no longer valid, skew included. */
    private long validUntil(JWTClaimsSet claims) {
        long until = Long.MAX_VALUE;
        // RFC 7519 §4.1.4: not accepted on or after exp.
        if (claims.getExpirationTime() != null) {
            until = claims.getExpirationTime().getTime() + clockSkewMillis;
        }
        if (maxAgeMillis >= 0) {
            until = Math.min(until, claims.getIssueTime().getTime() + maxAgeMillis + clockSkewMillis);
        }
        return until;
    }

    private void checkWindow(long validFromMillis, long validUntilMillis) throws TokenRejectedException {
        long now = clock.millis();
        if (now >= validUntilMillis) {
            throw new TokenRejectedException(RejectionReason.EXPIRED);
        }
        if (now < validFromMillis) {
            throw new TokenRejectedException(RejectionReason.NOT_YET_VALID);
        }
    }

    private void checkAudience(List<String> tokenAudience) throws TokenRejectedException {
        if (audiences.isEmpty()) {
            return;
        }
        for (String aud : tokenAudience) {
            if (audiences.contains(aud)) {
                return;
            }
        }
        throw new TokenRejectedException(RejectionReason.AUDIENCE);
    }

    private void checkRevocation(VerifiedToken token) throws TokenRejectedException {
        boolean revoked;
        try {
            revoked = revocation.isRevoked(token);
        } catch (RuntimeException e) {
            LOG.atWarn().addKeyValue("fingerprint", token.fingerprint()).addKeyValue("error", e.getClass().getName())
                    .log("Revocation check failed; rejecting the token (fail closed)");
            revoked = true;
        }
        if (revoked) {
            throw new TokenRejectedException(RejectionReason.REVOKED);
        }
    }

    private static boolean accepts(ClaimCheck check, VerifiedToken token) {
        try {
            return check.accepts(token);
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * The health of each trusted issuer's keys, one component each: {@code keys:<issuer>}, in the
     * order of the issuers' names ({@code keys:*} for {@link Builder#trustAnyIssuer(KeySource)}).
     *
     * <p>Static keys (JWK sets, public keys, HMAC secrets) are always {@code UP}. A remote JWK set or
     * a discovered issuer is {@code UNKNOWN} until its keys are first fetched (on the first token),
     * {@code UP} when the last fetch succeeded, {@code DEGRADED} when it failed but cached keys still
     * verify tokens (nimbus's cache or its outage tolerance), and {@code DOWN} when it failed with no
     * key left. Details: {@code source}, {@code keysCached}, and for remote keys {@code lastSuccess},
     * {@code lastFailure} (the failure's class, never its message), {@code lastFailureAt} and,
     * while degraded, {@code servingCachedKeysUntil}.
     *
     * <p>Passive and cheap: it reads what the last fetch left and never fetches, so a health endpoint
     * polled often costs the key server nothing; a server that failed since the last fetch shows at
     * the next one.
     *
     * @return one component per trusted issuer
     */
    public List<ComponentHealth> health() {
        List<ComponentHealth> components = new ArrayList<>(issuers.size() + 1);
        if (anyIssuer != null) {
            components.add(anyIssuer.keys().health("keys:*"));
        }
        for (Map.Entry<String, IssuerTrust> issuer : new TreeMap<>(issuers).entrySet()) {
            components.add(issuer.getValue().keys().health("keys:" + issuer.getKey()));
        }
        return List.copyOf(components);
    }

    /** For tests: how many verified tokens are cached. */
    long cachedTokens() {
        return cache == null ? 0 : cache.estimatedSize();
    }

    @Override
    public String toString() {
        return "TokenVerifier[issuers=" + (anyIssuer != null ? "any" : issuers.keySet()) + ", audiences=" + audiences
                + ", algorithms=" + allAllowedAlgorithms + "]";
    }

    /**
     * Builds a {@link TokenVerifier}. Trust at least one issuer (or, explicitly, any issuer) and
     * name the accepted audiences (or, explicitly, accept any); everything else has a safe default.
     */
    public static final class Builder {
        private final Map<String, KeySource> issuers = new LinkedHashMap<>();
        private @Nullable KeySource anyIssuerKeys;
        private final Set<String> audiences = new LinkedHashSet<>();
        private boolean anyAudience;
        private @Nullable Set<JWSAlgorithm> algorithms;
        private final Set<String> types = new LinkedHashSet<>(DEFAULT_TYPES);
        private boolean allowMissingType = true;
        private Duration clockSkew = Duration.ofSeconds(60);
        private @Nullable Duration maxTokenAge;
        private @Nullable Duration maxTokenLifetime;
        private @Nullable Duration maxFutureValidity;
        private boolean requireExpiration = true;
        private final List<String> requiredClaims = new ArrayList<>();
        private final List<ClaimCheck> claimChecks = new ArrayList<>();
        private int maxTokenLength = 8 * 1024;
        private List<String> rolesClaimPath = List.of("roles");
        private RevocationCheck revocation = RevocationCheck.NONE;
        private Clock clock = Clock.systemUTC();
        private int cacheSize = 10_000;

        private Builder() {
        }

        /**
         * Trusts tokens whose {@code iss} equals {@code issuer} exactly, verified with these keys
         * alone. Call once per issuer for a multi-tenant verifier.
         *
         * @param issuer the issuer identifier, compared exactly
         * @param keys that issuer's keys
         * @return this builder
         */
        public Builder trust(String issuer, KeySource keys) {
            Objects.requireNonNull(issuer, "issuer");
            Objects.requireNonNull(keys, "keys");
            if (issuer.isBlank()) {
                throw new IllegalArgumentException("issuer must not be blank");
            }
            if (issuers.putIfAbsent(issuer, keys) != null) {
                throw new IllegalArgumentException("issuer " + issuer + " is already trusted");
            }
            return this;
        }

        /**
         * Trusts an OpenID Connect issuer, finding its keys by discovery.
         *
         * @param issuer the issuer identifier, an http or https URL
         * @return this builder
         */
        public Builder trustDiscovered(String issuer) {
            return trust(issuer, KeySource.discovery(issuer));
        }

        /**
         * Accepts tokens of any issuer (or none) signed by these keys. For a single authorization
         * server whose issuer name is not known; prefer {@link #trust(String, KeySource)}.
         *
         * @param keys the keys
         * @return this builder
         */
        public Builder trustAnyIssuer(KeySource keys) {
            this.anyIssuerKeys = Objects.requireNonNull(keys, "keys");
            return this;
        }

        /**
         * The accepted audiences: a token must name at least one of them in {@code aud}.
         *
         * @param audience one or more audiences
         * @return this builder
         */
        public Builder audience(String... audience) {
            for (String a : audience) {
                Objects.requireNonNull(a, "audience");
                if (a.isBlank()) {
                    throw new IllegalArgumentException("audience must not be blank");
                }
                audiences.add(a);
            }
            return this;
        }

        /**
         * Accepts tokens whatever their audience. Only for a verifier in front of every service of
         * one authorization server; a token meant for another service would then be accepted.
         *
         * @return this builder
         */
        public Builder acceptAnyAudience() {
            this.anyAudience = true;
            return this;
        }

        /**
         * The algorithm allow-list, e.g. {@code "ES256", "RS256"}. By default RS256/384/512,
         * PS256/384/512, ES256/384/512 and EdDSA for asymmetric keys, HS256/384/512 only with an
         * HMAC secret. {@code none} is never accepted. Each issuer's keys are further limited to
         * the algorithms their key type fits.
         *
         * @param names JWS algorithm names
         * @return this builder
         */
        public Builder algorithms(String... names) {
            this.algorithms = Algorithms.allowList(names);
            return this;
        }

        /**
         * The {@code typ} allow-list, compared case-insensitively with or without
         * {@code application/} (default {@code JWT} and {@code at+jwt}, RFC 9068).
         *
         * @param allowed the accepted types
         * @return this builder
         */
        public Builder types(String... allowed) {
            types.clear();
            for (String t : allowed) {
                types.add(normalizeType(Objects.requireNonNull(t, "type")));
            }
            return this;
        }

        /**
         * Whether a token without {@code typ} is accepted (default {@code true}).
         *
         * @param allow {@code false} to require a {@code typ} on the allow-list
         * @return this builder
         */
        public Builder allowMissingType(boolean allow) {
            this.allowMissingType = allow;
            return this;
        }

        /**
         * The clock skew tolerated on {@code exp}, {@code nbf} and {@code iat} (default 60 s).
         *
         * @param skew between zero and five minutes
         * @return this builder
         */
        public Builder clockSkew(Duration skew) {
            Objects.requireNonNull(skew, "skew");
            if (skew.isNegative() || skew.compareTo(Duration.ofMinutes(5)) > 0) {
                throw new IllegalArgumentException("clockSkew must be between 0 and 5 minutes, was " + skew);
            }
            this.clockSkew = skew;
            return this;
        }

        /**
         * The greatest age of a token, from its {@code iat}; tokens without {@code iat} are then
         * refused. Off by default.
         *
         * @param age a positive duration
         * @return this builder
         */
        public Builder maxTokenAge(Duration age) {
            Objects.requireNonNull(age, "age");
            if (age.isNegative() || age.isZero()) {
                throw new IllegalArgumentException("maxTokenAge must be positive, was " + age);
            }
            this.maxTokenAge = age;
            return this;
        }

        /**
         * The longest lifetime a token may be minted with, {@code exp} − {@code iat}; tokens without
         * both are then refused, longer ones rejected as {@link RejectionReason#LIFETIME_TOO_LONG}.
         * Off by default.
         *
         * @param lifetime a positive duration, e.g. one hour
         * @return this builder
         */
        public Builder maxTokenLifetime(Duration lifetime) {
            Objects.requireNonNull(lifetime, "lifetime");
            if (lifetime.isNegative() || lifetime.isZero()) {
                throw new IllegalArgumentException("maxTokenLifetime must be positive, was " + lifetime);
            }
            this.maxTokenLifetime = lifetime;
            return this;
        }

        /**
         * The furthest in the future a token's {@code exp} may lie (beyond the clock skew), whatever
         * its {@code iat} says; further ones are rejected as {@link RejectionReason#LIFETIME_TOO_LONG}.
         * Off by default.
         *
         * @param validity a positive duration, e.g. one day
         * @return this builder
         */
        public Builder maxFutureValidity(Duration validity) {
            Objects.requireNonNull(validity, "validity");
            if (validity.isNegative() || validity.isZero()) {
                throw new IllegalArgumentException("maxFutureValidity must be positive, was " + validity);
            }
            this.maxFutureValidity = validity;
            return this;
        }

        /**
         * Whether {@code exp} is required (default {@code true}). Tokens without {@code exp} are
         * never cached.
         *
         * @param require {@code false} to accept tokens that never expire
         * @return this builder
         */
        public Builder requireExpiration(boolean require) {
            this.requireExpiration = require;
            return this;
        }

        /**
         * Claims every token must carry ({@code sub}, and {@code exp} unless turned off, always).
         *
         * @param names claim names
         * @return this builder
         */
        public Builder requiredClaims(String... names) {
            for (String n : names) {
                requiredClaims.add(Objects.requireNonNull(n, "claim name"));
            }
            return this;
        }

        /**
         * Adds a custom claim check, run after the standard ones.
         *
         * @param check the check
         * @return this builder
         */
        public Builder claimCheck(ClaimCheck check) {
            claimChecks.add(Objects.requireNonNull(check, "check"));
            return this;
        }

        /**
         * The longest token accepted, in characters (default 8 KiB); longer ones are refused
         * before any parsing.
         *
         * @param length between 256 and 1 MiB
         * @return this builder
         */
        public Builder maxTokenLength(int length) {
            if (length < 256 || length > 1024 * 1024) {
                throw new IllegalArgumentException("maxTokenLength must be between 256 and 1048576, was " + length);
            }
            this.maxTokenLength = length;
            return this;
        }

        /**
         * Where roles are read: a dotted claim path such as {@code roles} (default),
         * {@code groups}, {@code realm_access.roles} or {@code resource_access.my-client.roles}.
         * The value is an array of strings or a single string.
         *
         * @param dottedPath the path
         * @return this builder
         */
        public Builder rolesClaim(String dottedPath) {
            Objects.requireNonNull(dottedPath, "dottedPath");
            if (dottedPath.contains("://")) {
                throw new IllegalArgumentException("rolesClaim splits on dots; for a claim named by a URL use "
                        + "rolesClaimPath(\"" + dottedPath + "\")");
            }
            return rolesClaimPath(dottedPath.split("\\.", -1));
        }

        /**
         * Where roles are read, as path segments, for claim names that contain dots
         * (e.g. {@code "https://example.com/roles"}).
         *
         * @param segments the path, outermost first
         * @return this builder
         */
        public Builder rolesClaimPath(String... segments) {
            if (segments.length == 0) {
                throw new IllegalArgumentException("the roles claim path must have at least one segment");
            }
            for (String s : segments) {
                if (s == null || s.isEmpty()) {
                    throw new IllegalArgumentException("the roles claim path has an empty segment");
                }
            }
            this.rolesClaimPath = List.of(segments);
            return this;
        }

        /**
         * The revocation hook, consulted after verification and on every cache hit.
         *
         * @param check the hook, e.g. an {@link InMemoryRevocationList}
         * @return this builder
         */
        public Builder revocation(RevocationCheck check) {
            this.revocation = Objects.requireNonNull(check, "check");
            return this;
        }

        /**
         * The clock that decides expiry (default the system UTC clock); tests pass a fixed one.
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * The size of the verified-token cache (default 10,000 entries).
         *
         * @param maxEntries at least 1; use {@link #disableCache()} to turn it off
         * @return this builder
         */
        public Builder cacheSize(int maxEntries) {
            if (maxEntries < 1) {
                throw new IllegalArgumentException("cacheSize must be at least 1, was " + maxEntries
                        + "; call disableCache() to turn the cache off");
            }
            this.cacheSize = maxEntries;
            return this;
        }

        /**
         * Turns the verified-token cache off: every token is verified in full.
         *
         * @return this builder
         */
        public Builder disableCache() {
            this.cacheSize = 0;
            return this;
        }

        /**
         * Builds the verifier.
         *
         * @return the verifier
         * @throws IllegalStateException if no issuer is trusted, no audience is configured, or
         *     the allow-list leaves an issuer's keys no algorithm
         */
        public TokenVerifier build() {
            if (issuers.isEmpty() && anyIssuerKeys == null) {
                throw new IllegalStateException("Trust at least one issuer: call trust(issuer, keySource), "
                        + "trustDiscovered(issuer) or, explicitly, trustAnyIssuer(keySource)");
            }
            if (!issuers.isEmpty() && anyIssuerKeys != null) {
                throw new IllegalStateException("trustAnyIssuer(...) cannot be combined with trust(issuer, ...)");
            }
            if (audiences.isEmpty() && !anyAudience) {
                throw new IllegalStateException(
                        "Name the accepted audience with audience(...) or, explicitly, call acceptAnyAudience()");
            }
            if (!audiences.isEmpty() && anyAudience) {
                throw new IllegalStateException("acceptAnyAudience() cannot be combined with audience(...)");
            }
            if (types.isEmpty() && !allowMissingType) {
                throw new IllegalStateException("types() is empty and allowMissingType(false): no token could pass");
            }
            return new TokenVerifier(this);
        }
    }
}
