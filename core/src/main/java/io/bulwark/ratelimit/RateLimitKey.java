package io.bulwark.ratelimit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How a limit groups requests into buckets: by client address, authenticated subject, API key,
 * route, a combination, or a function of your own.
 *
 * <pre>{@code
 * RateLimitKey.clientAddress();
 * RateLimitKey.subject();                                   // after authentication
 * RateLimitKey.apiKey("X-API-Key");                         // hashed, never stored raw
 * RateLimitKey.combine(RateLimitKey.subject(), RateLimitKey.route());
 * RateLimitKey.custom("tenant", true, ctx -> ctx.principal().map(p -> (String) p.claims().get("tenant")).orElse(null));
 * }</pre>
 *
 * <p>A key that cannot be resolved for a request (no token for {@code subject()}, no header for
 * {@code apiKey}) means the limit does not apply to that request. Keys longer than 64 characters
 * are replaced by their SHA-256, so a store's memory stays bounded whatever the input.
 */
public final class RateLimitKey {

    /** Computes a key; {@code null} when the request has none. */
    @FunctionalInterface
    public interface KeyFunction {
        /**
         * The key of a request.
         *
         * @param context what the request offers
         * @return the key, or {@code null} if the limit does not apply
         */
        @Nullable String key(KeyContext context);
    }

    private static final int MAX_RAW_KEY = 64;

    private static final RateLimitKey CLIENT_ADDRESS = new RateLimitKey("client_address", false,
            KeyContext::clientAddress);
    private static final RateLimitKey SUBJECT = new RateLimitKey("subject", true,
            ctx -> ctx.principal().map(p -> p.subject()).orElse(null));
    private static final RateLimitKey ROUTE = new RateLimitKey("route", false, KeyContext::route);

    private final String description;
    private final boolean needsPrincipal;
    private final KeyFunction function;

    private RateLimitKey(String description, boolean needsPrincipal, KeyFunction function) {
        this.description = description;
        this.needsPrincipal = needsPrincipal;
        this.function = function;
    }

    /** Per client address (behind trusted proxies only); checked before the token is verified. */
    public static RateLimitKey clientAddress() {
        return CLIENT_ADDRESS;
    }

    /** Per token subject; checked after verification, skipped for anonymous requests. */
    public static RateLimitKey subject() {
        return SUBJECT;
    }

    /** Per endpoint (route template or resource method), whoever calls. */
    public static RateLimitKey route() {
        return ROUTE;
    }

    /**
     * Per API key, read from a header and kept only as its SHA-256; checked before the token is
     * verified, skipped when the header is absent.
     *
     * @param header the header carrying the API key, e.g. {@code X-API-Key}
     * @return the key
     */
    public static RateLimitKey apiKey(String header) {
        Objects.requireNonNull(header, "header");
        if (header.isBlank()) {
            throw new IllegalArgumentException("the API key header name must not be blank");
        }
        return new RateLimitKey("api_key(" + header + ")", false, ctx -> {
            List<String> values = ctx.request().headers(header);
            if (values.isEmpty() || values.get(0).isEmpty()) {
                return null;
            }
            return "k:" + sha256(values.get(0));
        });
    }

    /**
     * All of the given keys together (e.g. subject and route); skipped when any part is absent.
     *
     * @param parts two or more keys
     * @return the combined key
     */
    public static RateLimitKey combine(RateLimitKey... parts) {
        if (parts.length < 2) {
            throw new IllegalArgumentException("combine needs at least two keys");
        }
        RateLimitKey[] copy = parts.clone();
        boolean principal = false;
        StringBuilder description = new StringBuilder();
        for (RateLimitKey part : copy) {
            Objects.requireNonNull(part, "part");
            principal |= part.needsPrincipal;
            description.append(description.length() == 0 ? "" : "+").append(part.description);
        }
        return new RateLimitKey(description.toString(), principal, ctx -> {
            StringBuilder key = new StringBuilder();
            for (RateLimitKey part : copy) {
                String value = part.function.key(ctx);
                if (value == null) {
                    return null;
                }
                key.append(key.length() == 0 ? "" : "|").append(value);
            }
            return key.toString();
        });
    }

    /**
     * A key of your own.
     *
     * @param name a short description for logs and {@code toString()}
     * @param needsPrincipal whether it reads the principal (then it runs after verification)
     * @param function the key function; returning {@code null} skips the limit
     * @return the key
     */
    public static RateLimitKey custom(String name, boolean needsPrincipal, KeyFunction function) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(function, "function");
        return new RateLimitKey("custom(" + name + ")", needsPrincipal, function);
    }

    /** Whether the key reads the principal, so the limit runs after token verification. */
    public boolean needsPrincipal() {
        return needsPrincipal;
    }

    /** The request's key, bounded in length, or {@code null} when the limit does not apply. */
    @Nullable String resolve(KeyContext context) {
        String key = function.key(context);
        if (key == null) {
            return null;
        }
        return key.length() > MAX_RAW_KEY ? "h:" + sha256(key) : key;
    }

    static String sha256(String value) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 18));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }

    @Override
    public String toString() {
        return "RateLimitKey[" + description + "]";
    }
}
