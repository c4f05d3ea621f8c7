package io.bulwark.examples;

import io.bulwark.Decision;
import io.bulwark.http.ProblemDetails;
import java.util.Map;

/**
 * What a demo endpoint answers, before a server writes it.
 *
 * @param status the HTTP status
 * @param contentType the media type of the body
 * @param body the body
 * @param headers further headers
 */
public record Reply(int status, String contentType, String body, Map<String, String> headers) {

    /** JSON. */
    public static final String JSON = "application/json";

    /** Copies the headers. */
    public Reply {
        headers = Map.copyOf(headers);
    }

    /** A JSON reply. */
    public static Reply json(int status, String body) {
        return new Reply(status, JSON, body, Map.of());
    }

    /** A denial, as problem+json with its headers. */
    public static Reply of(Decision.Deny deny) {
        return new Reply(deny.status(), ProblemDetails.MEDIA_TYPE, deny.body(), deny.headers());
    }
}
