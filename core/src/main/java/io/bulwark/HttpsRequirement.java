package io.bulwark;

/**
 * What Bulwark does with a request that did not come over HTTPS (directly, or through a trusted
 * proxy that says so). Requests from a loopback client are exempt, so a developer's
 * {@code http://localhost} keeps working; name your proxies as trusted, or a proxy on the same host
 * makes every client look like loopback.
 *
 * <pre>{@code
 * Bulwark.builder().httpsRequirement(HttpsRequirement.REDIRECT)...;
 * }</pre>
 */
public enum HttpsRequirement {
    /** Plain HTTP is served (the default: TLS is usually ended by a proxy Bulwark cannot see). */
    OFF,
    /** Plain HTTP gets 403 with a problem body. */
    REJECT,
    /**
     * Plain HTTP gets 308 to the same path and query over {@code https://} on the host the client
     * asked for (a {@code Host} that is not a plain host name or IP literal gets 403 instead, so the
     * header cannot point the redirect elsewhere). 308 keeps the method and body (RFC 9110 §15.4.9).
     */
    REDIRECT
}
