package io.bulwark.http;

import java.util.Collection;
import java.util.Objects;

/**
 * {@code WWW-Authenticate} values for the Bearer scheme (RFC 6750 §3). Every value names the
 * realm; error descriptions are Bulwark's fixed strings.
 *
 * <pre>{@code
 * BearerChallenge.of("orders").invalidToken("The access token expired");
 * // Bearer realm="orders", error="invalid_token", error_description="The access token expired"
 * }</pre>
 *
 * @param realm the protection space; letters, digits and {@code -._~:/ } only
 */
public record BearerChallenge(String realm) {

    /** The header a challenge is sent in. */
    public static final String HEADER = "WWW-Authenticate";

    /** Validates the realm: it is written into a quoted-string, so it must need no escaping. */
    public BearerChallenge {
        Objects.requireNonNull(realm, "realm");
        if (realm.isEmpty() || !realm.chars().allMatch(BearerChallenge::isPlain)) {
            throw new IllegalArgumentException(
                    "realm must be non-empty and hold only letters, digits, spaces and -._~:/ characters");
        }
    }

    /**
     * A challenge for the given realm.
     *
     * @param realm the protection space
     * @return the challenge
     */
    public static BearerChallenge of(String realm) {
        return new BearerChallenge(realm);
    }

    /** RFC 6750 §3.1: a request without credentials gets no error code. */
    public String missingToken() {
        return "Bearer realm=\"" + realm + "\"";
    }

    /**
     * The token is expired, revoked, malformed or otherwise invalid.
     *
     * @param description a fixed description
     * @return the header value
     */
    public String invalidToken(String description) {
        return withError("invalid_token", description);
    }

    /**
     * The request is malformed: duplicated or ambiguous credentials, or a token where none is accepted.
     *
     * @param description a fixed description
     * @return the header value
     */
    public String invalidRequest(String description) {
        return withError("invalid_request", description);
    }

    /**
     * The token lacks a scope; {@code scope} lists the scopes the endpoint requires.
     *
     * @param requiredScopes the scopes required
     * @return the header value
     */
    public String insufficientScope(Collection<String> requiredScopes) {
        return withError("insufficient_scope", "The access token lacks a required scope")
                + ", scope=\"" + quoted(String.join(" ", requiredScopes)) + "\"";
    }

    private String withError(String error, String description) {
        return "Bearer realm=\"" + realm + "\", error=\"" + error + "\", error_description=\""
                + quoted(description) + "\"";
    }

    /**
     * RFC 6750 §3: error_description and scope use %x20-21 / %x23-5B / %x5D-7E only; anything
     * else is dropped rather than escaped.
     */
    private static String quoted(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 0x20 && c <= 0x7E && c != '"' && c != '\\') {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static boolean isPlain(int c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                || c == '-' || c == '.' || c == '_' || c == '~' || c == ':' || c == '/' || c == ' ';
    }
}
