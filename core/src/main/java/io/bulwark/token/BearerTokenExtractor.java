package io.bulwark.token;

import java.util.List;
import java.util.Objects;

/**
 * Reads a bearer token from a request as RFC 6750 allows: the {@code Authorization: Bearer}
 * header (§2.1, scheme case-insensitive), and, only when enabled, the {@code access_token}
 * form field (§2.2) or query parameter (§2.3).
 *
 * <p>Two {@code Authorization} headers, two credentials in one, a malformed value, a token sent
 * in more than one way, or a token in a query string or form body that is not enabled are an
 * invalid request (RFC 6750 §3.1 {@code invalid_request}), never an exception. Immutable and
 * thread-safe; allocation-free on the common path but for the returned token.
 *
 * <pre>{@code
 * BearerTokenExtractor extractor = BearerTokenExtractor.headerOnly();
 * BearerTokenExtractor.Result result = extractor.extract(request.headers("Authorization"));
 * if (result instanceof BearerTokenExtractor.Found found) {
 *     verifier.verify(found.token());
 * } else if (result instanceof BearerTokenExtractor.Invalid invalid) {
 *     badRequest(invalid.description());     // RFC 6750 invalid_request
 * } else {
 *     challenge();                            // no bearer credentials
 * }
 * }</pre>
 */
public final class BearerTokenExtractor {

    /** The form field and query parameter name of RFC 6750 §2.2 and §2.3. */
    public static final String ACCESS_TOKEN_PARAMETER = "access_token";

    private static final BearerTokenExtractor HEADER_ONLY = new BearerTokenExtractor(false, false);
    private static final String SCHEME = "Bearer";

    private final boolean allowQueryParameter;
    private final boolean allowFormField;

    /** The outcome of extraction. */
    public sealed interface Result permits Absent, Found, Invalid {
    }

    /** No bearer token was sent (another scheme, or no credentials at all). */
    public record Absent() implements Result {
    }

    /**
     * Exactly one well-formed bearer token was sent.
     *
     * @param token the token; never log it
     */
    public record Found(String token) implements Result {
        /** Keeps the token out of {@code toString()}. */
        @Override
        public String toString() {
            return "Found[token=<redacted>]";
        }
    }

    /**
     * The credentials were malformed or ambiguous: RFC 6750 {@code invalid_request}.
     *
     * @param description a fixed description, safe to send to the client
     */
    public record Invalid(String description) implements Result {
    }

    private static final Absent ABSENT = new Absent();
    private static final Invalid MULTIPLE_HEADERS = new Invalid("The request has more than one Authorization header");
    private static final Invalid MALFORMED = new Invalid("The Authorization header is malformed");
    private static final Invalid MULTIPLE_CREDENTIALS = new Invalid("The request carries more than one credential");
    private static final Invalid QUERY_REFUSED = new Invalid("Access tokens are not accepted in the query string");
    private static final Invalid FORM_REFUSED = new Invalid("Access tokens are not accepted in the request body");

    private BearerTokenExtractor(boolean allowQueryParameter, boolean allowFormField) {
        this.allowQueryParameter = allowQueryParameter;
        this.allowFormField = allowFormField;
    }

    /** Accepts the {@code Authorization} header only: the safe default. */
    public static BearerTokenExtractor headerOnly() {
        return HEADER_ONLY;
    }

    /**
     * An extractor that also accepts {@code access_token} in the query string and/or a form body.
     * Tokens in URLs end up in access logs, browser history and Referer headers (RFC 6750 §5.3).
     *
     * @param allowQueryParameter accept {@code ?access_token=}
     * @param allowFormField accept an {@code access_token} form field
     * @return the extractor
     */
    public static BearerTokenExtractor of(boolean allowQueryParameter, boolean allowFormField) {
        return allowQueryParameter || allowFormField ? new BearerTokenExtractor(allowQueryParameter, allowFormField)
                : HEADER_ONLY;
    }

    /**
     * Extracts the bearer token.
     *
     * @param authorizationHeaders every value of the {@code Authorization} header, as received
     * @param queryTokens every {@code access_token} query parameter value
     * @param formTokens every {@code access_token} form field value (empty unless the body is a form)
     * @return what was found
     */
    public Result extract(List<String> authorizationHeaders, List<String> queryTokens, List<String> formTokens) {
        Objects.requireNonNull(authorizationHeaders, "authorizationHeaders");
        Objects.requireNonNull(queryTokens, "queryTokens");
        Objects.requireNonNull(formTokens, "formTokens");
        if (!queryTokens.isEmpty() && !allowQueryParameter) {
            return QUERY_REFUSED;
        }
        if (!formTokens.isEmpty() && !allowFormField) {
            return FORM_REFUSED;
        }
        Result fromHeader = fromHeaders(authorizationHeaders);
        if (fromHeader instanceof Invalid) {
            return fromHeader;
        }
        int methods = (fromHeader instanceof Found ? 1 : 0) + (queryTokens.isEmpty() ? 0 : 1)
                + (formTokens.isEmpty() ? 0 : 1);
        // RFC 6750 §2: clients must not use more than one method to transmit the token.
        if (methods > 1 || queryTokens.size() > 1 || formTokens.size() > 1) {
            return MULTIPLE_CREDENTIALS;
        }
        if (!queryTokens.isEmpty()) {
            return fromParameter(queryTokens.get(0));
        }
        if (!formTokens.isEmpty()) {
            return fromParameter(formTokens.get(0));
        }
        return fromHeader;
    }

    /**
     * Extracts a bearer token from the {@code Authorization} header values alone.
     *
     * @param authorizationHeaders every value of the header, as received
     * @return what was found
     */
    public Result extract(List<String> authorizationHeaders) {
        return extract(authorizationHeaders, List.of(), List.of());
    }

    private static Result fromParameter(String value) {
        return isToken68(value, 0, value.length()) ? new Found(value) : MALFORMED;
    }

    private static Result fromHeaders(List<String> values) {
        if (values.isEmpty()) {
            return ABSENT;
        }
        if (values.size() > 1) {
            return MULTIPLE_HEADERS;
        }
        String value = values.get(0);
        if (value == null) {
            return ABSENT;
        }
        int start = skipWhitespace(value, 0);
        int end = value.length();
        while (end > start && isWhitespace(value.charAt(end - 1))) {
            end--;
        }
        if (start == end) {
            return MALFORMED;
        }
        boolean bearer = value.regionMatches(true, start, SCHEME, 0, SCHEME.length());
        int afterScheme = start + SCHEME.length();
        if (!bearer || afterScheme < end && !isWhitespace(value.charAt(afterScheme))) {
            // Another scheme is not ours to judge, unless a Bearer credential hides behind it.
            return containsBearerCredential(value, start, end) ? MULTIPLE_CREDENTIALS : ABSENT;
        }
        int tokenStart = skipWhitespace(value, afterScheme);
        if (tokenStart >= end) {
            return MALFORMED;
        }
        // The usual token is token68 characters through to the end, perhaps with '=' padding: one
        // pass over it settles that; anything else is sorted out below.
        int i = tokenStart;
        while (i < end && isToken68Char(value.charAt(i))) {
            i++;
        }
        while (i < end && value.charAt(i) == '=') {
            i++;
        }
        if (i == end && value.charAt(tokenStart) != '=') {
            return new Found(value.substring(tokenStart, end));
        }
        for (i = tokenStart; i < end; i++) {
            char c = value.charAt(i);
            if (c == ',' || isWhitespace(c)) {
                return MULTIPLE_CREDENTIALS;
            }
        }
        return isToken68(value, tokenStart, end) ? new Found(value.substring(tokenStart, end)) : MALFORMED;
    }

    /** RFC 7235 §2.1: token68 = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"=". */
    private static boolean isToken68(String s, int from, int to) {
        if (from >= to) {
            return false;
        }
        int i = from;
        while (i < to && isToken68Char(s.charAt(i))) {
            i++;
        }
        if (i == from) {
            return false;
        }
        while (i < to && s.charAt(i) == '=') {
            i++;
        }
        return i == to;
    }

    private static boolean isToken68Char(char c) {
        return c < 128 && TOKEN68[c];
    }

    /** The token68 characters but '=', by code point below 128: one load per character. */
    private static final boolean[] TOKEN68 = new boolean[128];

    static {
        for (char c = 0; c < 128; c++) {
            TOKEN68[c] = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || c == '-' || c == '.' || c == '_' || c == '~' || c == '+' || c == '/';
        }
    }

    private static boolean containsBearerCredential(String value, int from, int to) {
        for (int i = value.indexOf(',', from); i >= 0 && i < to; i = value.indexOf(',', i + 1)) {
            int next = skipWhitespace(value, i + 1);
            if (value.regionMatches(true, next, SCHEME, 0, SCHEME.length())
                    && (next + SCHEME.length() >= to || isWhitespace(value.charAt(next + SCHEME.length())))) {
                return true;
            }
        }
        return false;
    }

    private static int skipWhitespace(String s, int i) {
        while (i < s.length() && isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    private static boolean isWhitespace(char c) {
        return c == ' ' || c == '\t';
    }
}
