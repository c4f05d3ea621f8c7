package io.bulwark.http;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The response headers that harden an API's answers, decided once and written by both adapters on
 * every response Bulwark sees, allowed or denied.
 *
 * <p>{@link #defaults()} suits a JSON API:
 * <ul>
 *   <li>{@code X-Content-Type-Options: nosniff} — browsers must not guess a script out of JSON;</li>
 *   <li>{@code Referrer-Policy: no-referrer};</li>
 *   <li>{@code Content-Security-Policy: default-src 'none'; frame-ancestors 'none'} — an API
 *       response loads nothing and is framed by nobody;</li>
 *   <li>{@code Cache-Control: no-store} on responses to an authenticated caller and on denials, so
 *       no shared cache keeps one caller's data or a challenge;</li>
 *   <li>{@code Strict-Transport-Security: max-age=31536000; includeSubDomains}, only on a request that
 *       came over HTTPS (directly, or through a trusted proxy that says so): RFC 6797 §7.2 has
 *       browsers ignore it over plain HTTP anyway.</li>
 * </ul>
 *
 * <pre>{@code
 * SecurityHeaders headers = SecurityHeaders.builder()
 *         .contentSecurityPolicy("default-src 'none'")
 *         .strictTransportSecurity(Duration.ofDays(730), true)
 *         .build();
 * Bulwark.builder().securityHeaders(headers)...;
 * }</pre>
 *
 * <p>Immutable and thread-safe; the four combinations of (secure, no-store) are computed once.
 */
public final class SecurityHeaders {

    /** The HSTS max-age of {@link #defaults()}: one year. */
    public static final Duration DEFAULT_HSTS_MAX_AGE = Duration.ofDays(365);

    /** The CSP of {@link #defaults()}. */
    public static final String DEFAULT_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'";

    private static final SecurityHeaders DEFAULTS = builder().build();
    private static final SecurityHeaders NONE = builder().contentTypeOptions(false).referrerPolicy(null)
            .contentSecurityPolicy(null).cacheControl(null).noStrictTransportSecurity().build();

    private final @Nullable String referrerPolicy;
    private final @Nullable String contentSecurityPolicy;
    private final @Nullable String cacheControl;
    private final @Nullable String strictTransportSecurity;
    private final boolean contentTypeOptions;
    // [secure ? 1 : 0][noStore ? 1 : 0]
    private final Map<String, String>[][] combinations;

    @SuppressWarnings("unchecked")
    private SecurityHeaders(Builder b) {
        this.referrerPolicy = b.referrerPolicy;
        this.contentSecurityPolicy = b.contentSecurityPolicy;
        this.cacheControl = b.cacheControl;
        this.strictTransportSecurity = b.hstsMaxAge == null ? null
                : "max-age=" + b.hstsMaxAge.getSeconds() + (b.hstsIncludeSubDomains ? "; includeSubDomains" : "");
        this.contentTypeOptions = b.contentTypeOptions;
        this.combinations = new Map[2][2];
        for (int secure = 0; secure < 2; secure++) {
            for (int noStore = 0; noStore < 2; noStore++) {
                combinations[secure][noStore] = compute(secure == 1, noStore == 1);
            }
        }
    }

    private Map<String, String> compute(boolean secure, boolean noStore) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (contentTypeOptions) {
            headers.put("X-Content-Type-Options", "nosniff");
        }
        if (referrerPolicy != null) {
            headers.put("Referrer-Policy", referrerPolicy);
        }
        if (contentSecurityPolicy != null) {
            headers.put("Content-Security-Policy", contentSecurityPolicy);
        }
        if (noStore && cacheControl != null) {
            headers.put("Cache-Control", cacheControl);
        }
        if (secure && strictTransportSecurity != null) {
            headers.put("Strict-Transport-Security", strictTransportSecurity);
        }
        return headers.isEmpty() ? Map.of() : Collections.unmodifiableMap(headers);
    }

    /**
     * The headers suited to a JSON API, as listed in the class comment.
     *
     * @return the shared default
     */
    public static SecurityHeaders defaults() {
        return DEFAULTS;
    }

    /**
     * No security headers at all, for applications that set their own (a gateway, say).
     *
     * @return the shared empty set
     */
    public static SecurityHeaders none() {
        return NONE;
    }

    /**
     * Starts from {@link #defaults()}; each setter changes or turns off one header.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The headers for one response, in a stable order.
     *
     * @param secure whether the request came over HTTPS (directly or through a trusted proxy)
     * @param noStore whether the response must not be stored (an authenticated caller, or a denial)
     * @return the headers, unmodifiable; empty when all are turned off
     */
    public Map<String, String> headers(boolean secure, boolean noStore) {
        return combinations[secure ? 1 : 0][noStore ? 1 : 0];
    }

    @Override
    public String toString() {
        return "SecurityHeaders" + headers(true, true);
    }

    /** Builds {@link SecurityHeaders}; every value is checked for characters a header cannot hold. */
    public static final class Builder {
        private boolean contentTypeOptions = true;
        private @Nullable String referrerPolicy = "no-referrer";
        private @Nullable String contentSecurityPolicy = DEFAULT_CONTENT_SECURITY_POLICY;
        private @Nullable String cacheControl = "no-store";
        private @Nullable Duration hstsMaxAge = DEFAULT_HSTS_MAX_AGE;
        private boolean hstsIncludeSubDomains = true;

        private Builder() {
        }

        /** Whether {@code X-Content-Type-Options: nosniff} is sent (default yes). */
        public Builder contentTypeOptions(boolean send) {
            this.contentTypeOptions = send;
            return this;
        }

        /** The {@code Referrer-Policy} (default {@code no-referrer}); {@code null} sends none. */
        public Builder referrerPolicy(@Nullable String value) {
            this.referrerPolicy = checked("referrerPolicy", value);
            return this;
        }

        /**
         * The {@code Content-Security-Policy} (default {@code default-src 'none'; frame-ancestors 'none'});
         * {@code null} sends none.
         */
        public Builder contentSecurityPolicy(@Nullable String value) {
            this.contentSecurityPolicy = checked("contentSecurityPolicy", value);
            return this;
        }

        /**
         * The {@code Cache-Control} sent to authenticated callers and on denials (default
         * {@code no-store}); {@code null} sends none.
         */
        public Builder cacheControl(@Nullable String value) {
            this.cacheControl = checked("cacheControl", value);
            return this;
        }

        /**
         * {@code Strict-Transport-Security} on secure requests (default one year, with subdomains).
         *
         * @param maxAge how long browsers remember to use HTTPS only; positive, whole seconds
         * @param includeSubDomains whether the rule covers subdomains
         * @return this builder
         */
        public Builder strictTransportSecurity(Duration maxAge, boolean includeSubDomains) {
            Objects.requireNonNull(maxAge, "maxAge");
            if (maxAge.isNegative() || maxAge.isZero()) {
                throw new IllegalArgumentException("HSTS maxAge must be positive, was " + maxAge
                        + "; call noStrictTransportSecurity() to send none");
            }
            this.hstsMaxAge = maxAge;
            this.hstsIncludeSubDomains = includeSubDomains;
            return this;
        }

        /** Sends no {@code Strict-Transport-Security}. */
        public Builder noStrictTransportSecurity() {
            this.hstsMaxAge = null;
            return this;
        }

        /** The headers. */
        public SecurityHeaders build() {
            return new SecurityHeaders(this);
        }

        private static @Nullable String checked(String name, @Nullable String value) {
            if (value == null) {
                return null;
            }
            if (value.isBlank()) {
                throw new IllegalArgumentException(name + " must not be blank; pass null to send none");
            }
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c < 0x20 && c != '\t' || c >= 0x7f) {
                    throw new IllegalArgumentException(name + " holds a character a header value cannot carry, at index " + i);
                }
            }
            return value;
        }
    }
}
