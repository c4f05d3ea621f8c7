package io.bulwark.http;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * An RFC 9457 problem details body ({@code application/problem+json}).
 *
 * <p>Every text in it is chosen by Bulwark: a problem never carries a token, a secret, a stack
 * trace or raw user input. The JSON is written once, by nimbus's JSON utilities, when the problem
 * is made.
 *
 * @param type a URI reference identifying the problem type ({@code about:blank} when the status says it all)
 * @param title a short summary of the problem type
 * @param status the HTTP status code
 * @param detail an explanation specific to this occurrence, from a fixed set
 * @param extensions further members, e.g. {@code error} or {@code errors}; JSON-serializable values only
 */
public record ProblemDetails(String type, String title, int status, String detail, Map<String, Object> extensions) {

    /** The media type of a problem body. */
    public static final String MEDIA_TYPE = "application/problem+json";

    private static final Set<String> RESERVED = Set.of("type", "title", "status", "detail", "instance");

    /** Validates and copies the members. */
    public ProblemDetails {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(extensions, "extensions");
        // 3xx too: a redirect Bulwark answers with (to HTTPS) still explains itself to a client that
        // does not follow it.
        if (status < 300 || status > 599) {
            throw new IllegalArgumentException("a problem has a 3xx, 4xx or 5xx status, was " + status);
        }
        for (String key : extensions.keySet()) {
            if (RESERVED.contains(key)) {
                throw new IllegalArgumentException("extension member " + key + " is reserved by RFC 9457");
            }
        }
        extensions = Collections.unmodifiableMap(new LinkedHashMap<>(extensions));
    }

    /**
     * A problem of type {@code about:blank} whose title is the status's reason phrase.
     *
     * @param status the HTTP status
     * @param detail a fixed explanation
     * @return the problem
     */
    public static ProblemDetails of(int status, String detail) {
        return new ProblemDetails("about:blank", reasonPhrase(status), status, detail, Map.of());
    }

    /**
     * This problem with one more extension member.
     *
     * @param name the member name
     * @param value a JSON-serializable value
     * @return a new problem
     */
    public ProblemDetails with(String name, Object value) {
        Map<String, Object> more = new LinkedHashMap<>(extensions);
        more.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
        return new ProblemDetails(type, title, status, detail, more);
    }

    /** The JSON text of this problem. */
    public String toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("type", type);
        json.put("title", title);
        json.put("status", status);
        json.put("detail", detail);
        json.putAll(extensions);
        return JSONObjectUtils.toJSONString(json);
    }

    /** The reason phrase of the statuses Bulwark answers with (RFC 9110 §15). */
    public static String reasonPhrase(int status) {
        return switch (status) {
            case 308 -> "Permanent Redirect";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 413 -> "Content Too Large";
            case 415 -> "Unsupported Media Type";
            case 422 -> "Unprocessable Content";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 503 -> "Service Unavailable";
            default -> status < 400 ? "Redirection" : status < 500 ? "Client Error" : "Server Error";
        };
    }
}
