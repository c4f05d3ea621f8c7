package io.bulwark;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What the core needs to know of an HTTP request. Adapters implement it as a thin view over their
 * container's request; {@link #builder(String, String)} makes an immutable one (tests, custom
 * integrations).
 *
 * <pre>{@code
 * SecurityRequest request = SecurityRequest.builder("GET", "/api/orders")
 *         .header("Authorization", "Bearer " + token)
 *         .remoteAddress("203.0.113.7")
 *         .build();
 * }</pre>
 */
public interface SecurityRequest {

    /** The HTTP method, upper case. */
    String method();

    /** The request path, without query string, as the container decoded it. */
    String path();

    /**
     * Every value of a header, in order; empty when absent. Names are case-insensitive.
     *
     * @param name the header name
     * @return the values
     */
    List<String> headers(String name);

    /** The address of the peer that connected (a proxy, perhaps), as a literal IP address. */
    String remoteAddress();

    /** Whether the request came over TLS. */
    boolean secure();

    /**
     * The endpoint's identity for rate limits keyed by route: adapters give the route template or
     * resource method (e.g. {@code GET /api/orders/{id}}); by default the method and raw path.
     */
    default String route() {
        return method() + " " + path();
    }

    /**
     * The raw query string, as sent (still percent-encoded, without {@code ?}); empty when there is
     * none. Used to keep the query in an HTTPS redirect.
     *
     * @return the query string
     */
    default java.util.Optional<String> query() {
        return java.util.Optional.empty();
    }

    /**
     * Every value of a query parameter; empty when absent.
     *
     * @param name the parameter name
     * @return the values
     */
    default List<String> queryParameters(String name) {
        return List.of();
    }

    /**
     * Every value of a field of an {@code application/x-www-form-urlencoded} body; empty when absent
     * or when the body is not a form. Adapters only read the body when the core asks.
     *
     * @param name the field name
     * @return the values
     */
    default List<String> formParameters(String name) {
        return List.of();
    }

    /**
     * Starts an immutable request.
     *
     * @param method the HTTP method
     * @param path the path
     * @return a builder
     */
    static Builder builder(String method, String path) {
        return new Builder(method, path);
    }

    /** Builds an immutable {@link SecurityRequest}. */
    final class Builder {
        private final String method;
        private final String path;
        private final Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        private final Map<String, List<String>> query = new TreeMap<>();
        private final Map<String, List<String>> form = new TreeMap<>();
        private String remoteAddress = "127.0.0.1";
        private boolean secure;

        private Builder(String method, String path) {
            this.method = Objects.requireNonNull(method, "method");
            this.path = Objects.requireNonNull(path, "path");
        }

        /** Adds a header value (call again to add another value of the same header). */
        public Builder header(String name, String value) {
            headers.computeIfAbsent(Objects.requireNonNull(name, "name"), n -> new ArrayList<>())
                    .add(Objects.requireNonNull(value, "value"));
            return this;
        }

        /** Adds a query parameter value. */
        public Builder queryParameter(String name, String value) {
            query.computeIfAbsent(Objects.requireNonNull(name, "name"), n -> new ArrayList<>())
                    .add(Objects.requireNonNull(value, "value"));
            return this;
        }

        /** Adds a form field value. */
        public Builder formParameter(String name, String value) {
            form.computeIfAbsent(Objects.requireNonNull(name, "name"), n -> new ArrayList<>())
                    .add(Objects.requireNonNull(value, "value"));
            return this;
        }

        /** The peer's address (default {@code 127.0.0.1}). */
        public Builder remoteAddress(String value) {
            this.remoteAddress = Objects.requireNonNull(value, "remoteAddress");
            return this;
        }

        /** Whether the request came over TLS (default {@code false}). */
        public Builder secure(boolean value) {
            this.secure = value;
            return this;
        }

        /** The request. */
        public SecurityRequest build() {
            return new SimpleSecurityRequest(method, path, copy(headers, true), copy(query, false),
                    copy(form, false), remoteAddress, secure);
        }

        private static Map<String, List<String>> copy(Map<String, List<String>> from, boolean caseInsensitive) {
            Map<String, List<String>> to = caseInsensitive ? new TreeMap<>(String.CASE_INSENSITIVE_ORDER) : new TreeMap<>();
            from.forEach((k, v) -> to.put(k, List.copyOf(v)));
            return to;
        }
    }
}
