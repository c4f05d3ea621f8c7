package io.bulwark.servlet;

import io.bulwark.SecurityRequest;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The core's view of a servlet request: a thin wrapper that reads the container's request when the
 * core asks, and never reads the body on its own.
 *
 * <p>Query parameters are parsed from {@code getQueryString()} rather than taken from
 * {@code getParameterValues()}: the latter merges a form body into the query and so reads the body
 * of every form POST before the application could, past the body limit. Form fields are read only
 * when the core asks for them, which it does only when form tokens are enabled.
 */
final class ServletSecurityRequest implements SecurityRequest {

    private static final String FORM = "application/x-www-form-urlencoded";

    private final HttpServletRequest request;
    private final String method;
    private final String path;
    private final String route;

    /**
     * A view.
     *
     * @param request the container's request
     * @param path the normalized path within the application ({@link RequestPaths#of})
     * @param template the endpoint's identity for route-keyed limits: the matching rule's pattern or
     *     the servlet mapping's pattern
     */
    ServletSecurityRequest(HttpServletRequest request, String path, String template) {
        this(request, request.getMethod(), path, request.getMethod() + " " + template);
    }

    /**
     * A view whose route is already made.
     *
     * @param request the container's request
     * @param method its method
     * @param path the normalized path within the application ({@link RequestPaths#of})
     * @param route the endpoint's identity for route-keyed limits: the method and the matching
     *     rule's pattern or the servlet mapping's pattern
     */
    ServletSecurityRequest(HttpServletRequest request, String method, String path, String route) {
        this.request = request;
        this.method = method;
        this.path = path;
        this.route = route;
    }

    @Override
    public String method() {
        return method;
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public List<String> headers(String name) {
        Enumeration<String> values = request.getHeaders(name);
        if (values == null || !values.hasMoreElements()) {
            return List.of();
        }
        String first = values.nextElement();
        if (!values.hasMoreElements()) {
            return List.of(first);
        }
        List<String> all = new ArrayList<>(2);
        all.add(first);
        while (values.hasMoreElements()) {
            all.add(values.nextElement());
        }
        return all;
    }

    @Override
    public String remoteAddress() {
        String address = request.getRemoteAddr();
        // Some containers write IPv6 peers as URI literals; the core wants the bare literal.
        if (address != null && address.length() > 2 && address.charAt(0) == '[' && address.endsWith("]")) {
            return address.substring(1, address.length() - 1);
        }
        return address == null ? "" : address;
    }

    @Override
    public boolean secure() {
        return request.isSecure();
    }

    @Override
    public String route() {
        return route;
    }

    @Override
    public Optional<String> query() {
        return Optional.ofNullable(request.getQueryString());
    }

    @Override
    public List<String> queryParameters(String name) {
        return QueryStrings.values(request.getQueryString(), name);
    }

    @Override
    public List<String> formParameters(String name) {
        String type = request.getContentType();
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith(FORM)) {
            return List.of();
        }
        // The container merges query and form values, the query's first (Servlet 6.0 §3.1.1).
        String[] all = request.getParameterValues(name);
        if (all == null) {
            return List.of();
        }
        int fromQuery = queryParameters(name).size();
        return fromQuery >= all.length ? List.of() : Arrays.asList(all).subList(fromQuery, all.length);
    }

    /** Shows the method and path only: headers may hold credentials. */
    @Override
    public String toString() {
        return "SecurityRequest[" + method + " " + path + "]";
    }

    /** Parsing of raw query strings, without the container's parameter map. */
    static final class QueryStrings {

        private QueryStrings() {
        }

        /**
         * Every value of a parameter in a raw query string, decoded as
         * {@code application/x-www-form-urlencoded} UTF-8.
         *
         * @param query the raw query string, or {@code null}
         * @param name the decoded parameter name
         * @return the values, in order; empty when absent
         */
        static List<String> values(@Nullable String query, String name) {
            if (query == null || query.isEmpty()) {
                return List.of();
            }
            List<String> values = List.of();
            int from = 0;
            int length = query.length();
            while (from <= length) {
                int amp = query.indexOf('&', from);
                int to = amp < 0 ? length : amp;
                if (to > from) {
                    int eq = query.indexOf('=', from);
                    int nameEnd = eq < 0 || eq > to ? to : eq;
                    if (nameMatches(query, from, nameEnd, name)) {
                        String value = nameEnd == to ? "" : decode(query.substring(nameEnd + 1, to));
                        if (values.isEmpty()) {
                            values = new ArrayList<>(1);
                        }
                        values.add(value);
                    }
                }
                if (amp < 0) {
                    break;
                }
                from = amp + 1;
            }
            return values;
        }

        private static boolean nameMatches(String query, int from, int to, String name) {
            boolean encoded = false;
            for (int i = from; i < to; i++) {
                char c = query.charAt(i);
                if (c == '%' || c == '+') {
                    encoded = true;
                    break;
                }
            }
            if (!encoded) {
                return to - from == name.length() && query.regionMatches(from, name, 0, name.length());
            }
            return decode(query.substring(from, to)).equals(name);
        }

        private static String decode(String text) {
            if (text.indexOf('%') < 0 && text.indexOf('+') < 0) {
                return text;
            }
            try {
                return URLDecoder.decode(text, StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                // A malformed escape: keep the text as sent, so the core still sees that something is there.
                return text;
            }
        }
    }
}
