package io.bulwark.examples;

import io.bulwark.ratelimit.IpRange;
import io.bulwark.ratelimit.Quota;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The demo's configuration, read from environment variables (12-factor). Every value is checked
 * here, so a typo stops the demo at start with a message naming the variable.
 *
 * <table>
 * <caption>Variables</caption>
 * <tr><th>variable</th><th>default</th><th>meaning</th></tr>
 * <tr><td>{@code PORT}</td><td>8080</td><td>port to listen on; 0 picks a free one</td></tr>
 * <tr><td>{@code BULWARK_ISSUER}</td><td>{@value #DEV_ISSUER} in development mode</td><td>required {@code iss}</td></tr>
 * <tr><td>{@code BULWARK_AUDIENCE}</td><td>{@value #DEV_AUDIENCE} in development mode</td><td>required {@code aud}</td></tr>
 * <tr><td>{@code BULWARK_JWKS_URI}</td><td>none: development mode</td><td>the issuer's JWK set (http or https)</td></tr>
 * <tr><td>{@code BULWARK_TRUSTED_PROXIES}</td><td>none</td><td>comma-separated CIDRs</td></tr>
 * <tr><td>{@code BULWARK_IP_LIMIT}</td><td>100/PT1M</td><td>per client address, every {@code /api} endpoint</td></tr>
 * <tr><td>{@code BULWARK_USER_LIMIT}</td><td>60/PT1M</td><td>per token subject, authenticated endpoints</td></tr>
 * <tr><td>{@code BULWARK_REDIS_URI}</td><td>none: limits kept in memory</td><td>keep limits in Redis</td></tr>
 * </table>
 *
 * @param port the port
 * @param issuer the required issuer
 * @param audience the required audience
 * @param jwksUri the JWK set; empty in development mode
 * @param trustedProxies the trusted proxies
 * @param ipLimit the per-address limit
 * @param userLimit the per-subject limit
 * @param redisUri the Redis server keeping limits; empty for memory
 */
public record DemoConfig(int port, String issuer, String audience, Optional<URI> jwksUri, List<String> trustedProxies,
        Quota ipLimit, Quota userLimit, Optional<String> redisUri) {

    /** The issuer of development-mode tokens. */
    public static final String DEV_ISSUER = "https://bulwark-demo.local";
    /** The audience of development-mode tokens. */
    public static final String DEV_AUDIENCE = "bulwark-demo";

    /** Checks and copies. */
    public DemoConfig {
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(audience, "audience");
        Objects.requireNonNull(jwksUri, "jwksUri");
        trustedProxies = List.copyOf(trustedProxies);
        Objects.requireNonNull(ipLimit, "ipLimit");
        Objects.requireNonNull(userLimit, "userLimit");
        Objects.requireNonNull(redisUri, "redisUri");
    }

    /** Whether the demo makes and trusts its own key (no {@code BULWARK_JWKS_URI}). */
    public boolean developmentMode() {
        return jwksUri.isEmpty();
    }

    /**
     * Reads the configuration.
     *
     * @param env the environment, e.g. {@code System.getenv()}
     * @return the configuration
     * @throws IllegalArgumentException naming the variable that is wrong and why
     */
    public static DemoConfig from(Map<String, String> env) {
        int port = port(value(env, "PORT").orElse("8080"));
        Optional<URI> jwks = value(env, "BULWARK_JWKS_URI").map(DemoConfig::jwksUri);
        Optional<String> issuer = value(env, "BULWARK_ISSUER");
        Optional<String> audience = value(env, "BULWARK_AUDIENCE");
        if (jwks.isPresent() && issuer.isEmpty()) {
            throw new IllegalArgumentException("BULWARK_ISSUER is required with BULWARK_JWKS_URI: "
                    + "set it to the iss your tokens carry");
        }
        if (jwks.isPresent() && audience.isEmpty()) {
            throw new IllegalArgumentException("BULWARK_AUDIENCE is required with BULWARK_JWKS_URI: "
                    + "set it to the aud your tokens carry");
        }
        List<String> proxies = new ArrayList<>();
        for (String cidr : value(env, "BULWARK_TRUSTED_PROXIES").orElse("").split(",")) {
            if (!cidr.isBlank()) {
                try {
                    proxies.add(IpRange.parse(cidr.trim()).toString());
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("BULWARK_TRUSTED_PROXIES holds " + quoted(cidr.trim())
                            + ", which is not an IP address or CIDR range", e);
                }
            }
        }
        return new DemoConfig(port, issuer.orElse(DEV_ISSUER), audience.orElse(DEV_AUDIENCE), jwks, proxies,
                quota("BULWARK_IP_LIMIT", value(env, "BULWARK_IP_LIMIT").orElse("100/PT1M")),
                quota("BULWARK_USER_LIMIT", value(env, "BULWARK_USER_LIMIT").orElse("60/PT1M")),
                value(env, "BULWARK_REDIS_URI").map(DemoConfig::redisUri));
    }

    private static Optional<String> value(Map<String, String> env, String name) {
        String value = env.get(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    private static int port(String text) {
        try {
            int port = Integer.parseInt(text);
            if (port >= 0 && port <= 65_535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("PORT must be a number from 0 to 65535 (0 picks a free port), was "
                + quoted(text));
    }

    private static URI jwksUri(String text) {
        URI uri;
        try {
            uri = URI.create(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("BULWARK_JWKS_URI is not a URL: " + quoted(text), e);
        }
        if (!("https".equalsIgnoreCase(uri.getScheme()) || "http".equalsIgnoreCase(uri.getScheme()))
                || uri.getHost() == null) {
            throw new IllegalArgumentException("BULWARK_JWKS_URI must be an http or https URL with a host, was "
                    + quoted(text));
        }
        return uri;
    }

    private static Quota quota(String name, String text) {
        try {
            return Quota.parse(text);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(name + " must look like 100/PT1M (requests / ISO-8601 duration), was "
                    + quoted(text), e);
        }
    }

    private static String redisUri(String text) {
        if (!(text.startsWith("redis://") || text.startsWith("rediss://"))) {
            // Never echo it: a Redis URI may hold a password.
            throw new IllegalArgumentException("BULWARK_REDIS_URI must start with redis:// or rediss://");
        }
        return text;
    }

    /** A value for a message: short, and without control characters. */
    private static String quoted(String text) {
        String shown = text.length() > 80 ? text.substring(0, 80) + "…" : text;
        return '"' + shown.replaceAll("\\p{Cntrl}", "?") + '"';
    }

    /** Never shows the Redis URI, which may carry a password. */
    @Override
    public String toString() {
        return "DemoConfig[port=" + port + ", issuer=" + issuer + ", audience=" + audience + ", jwksUri="
                + jwksUri.map(URI::toString).orElse("(development mode)") + ", trustedProxies=" + trustedProxies
                + ", ipLimit=" + ipLimit + ", userLimit=" + userLimit + ", redis=" + redisUri.isPresent() + "]";
    }
}
