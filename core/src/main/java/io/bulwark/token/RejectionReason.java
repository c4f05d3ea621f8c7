package io.bulwark.token;

/**
 * Why a token was rejected: a closed set with stable codes and fixed descriptions.
 *
 * <p>The {@linkplain #description() description} is chosen by Bulwark, never built from the
 * token, and is safe to send to a client (for example as an RFC 6750 {@code error_description}).
 */
public enum RejectionReason {
    /** Not a well-formed compact JWS: strict base64url, a strict JSON header (and JWT claims). */
    MALFORMED("malformed", "The access token is malformed"),
    /** Longer than the configured maximum; rejected before any parsing. */
    TOO_LARGE("too_large", "The access token is too large"),
    /** The {@code alg} header is not on the allow-list for the key that would verify it. */
    ALGORITHM_NOT_ALLOWED("algorithm_not_allowed", "The access token is signed with an algorithm that is not accepted"),
    /** No trusted key matches the token's header. */
    UNKNOWN_KEY("unknown_key", "The access token is signed with an unknown key"),
    /** The signature does not verify. */
    BAD_SIGNATURE("bad_signature", "The access token signature is invalid"),
    /** Past its {@code exp} (plus the allowed clock skew), or older than the maximum token age. */
    EXPIRED("expired", "The access token expired"),
    /** Before its {@code nbf}, or issued in the future. */
    NOT_YET_VALID("not_yet_valid", "The access token is not yet valid"),
    /** The {@code iss} claim is missing or not a trusted issuer. */
    ISSUER("issuer", "The access token issuer is not trusted"),
    /** None of the token's audiences is accepted. */
    AUDIENCE("audience", "The access token audience is not accepted"),
    /** A required claim is absent. */
    MISSING_CLAIM("missing_claim", "The access token lacks a required claim"),
    /** A claim is present but refused by a configured claim check. */
    INVALID_CLAIM("invalid_claim", "The access token carries a claim that is not accepted"),
    /** The {@code typ} header is not on the allow-list. */
    TYPE_NOT_ALLOWED("type_not_allowed", "The access token type is not accepted"),
    /** Valid for longer than the configured maximum lifetime or future validity. */
    LIFETIME_TOO_LONG("lifetime_too_long", "The access token is valid for longer than accepted"),
    /** The revocation hook says the token is revoked. */
    REVOKED("revoked", "The access token has been revoked"),
    /** The keys could not be obtained (remote key set unreachable and nothing cached). */
    KEY_SOURCE_UNAVAILABLE("key_source_unavailable", "The access token cannot be verified at the moment");

    private final String code;
    private final String description;

    RejectionReason(String code, String description) {
        this.code = code;
        this.description = description;
    }

    /** A stable, lower-case code for logs and metrics, e.g. {@code "expired"}. */
    public String code() {
        return code;
    }

    /** A fixed human-readable description, safe to send to a client. */
    public String description() {
        return description;
    }
}
