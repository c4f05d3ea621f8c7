package io.bulwark;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** Where {@link HttpsRequirement#REDIRECT} sends a plain-HTTP request. */
final class HttpsRedirect {

    private HttpsRedirect() {
    }

    /**
     * {@code https://host[:port]/path[?query]} for the request, or {@code null} when its {@code Host}
     * is absent, repeated, or not a plain host name or IP literal (then the caller refuses instead:
     * a redirect built from a hostile {@code Host} would send the client anywhere).
     */
    static @Nullable String location(SecurityRequest request, int httpsPort) {
        List<String> hosts = request.headers("Host");
        if (hosts.size() != 1) {
            return null;
        }
        String host = hostName(hosts.get(0).trim());
        if (host == null) {
            return null;
        }
        StringBuilder location = new StringBuilder(64).append("https://").append(host);
        if (httpsPort != 443) {
            location.append(':').append(httpsPort);
        }
        try {
            // The decoded path, encoded again: spaces and non-ASCII become %XX, nothing else changes.
            location.append(new URI(null, null, request.path(), null).getRawPath());
        } catch (URISyntaxException e) {
            return null;
        }
        Optional<String> query = request.query();
        if (query.isPresent() && !query.get().isEmpty() && isRawQuery(query.get())) {
            location.append('?').append(query.get());
        }
        return location.toString();
    }

    /** The host of a {@code Host} value without its port, or {@code null} if it is not a plain one. */
    private static @Nullable String hostName(String value) {
        if (value.isEmpty() || value.length() > 255) {
            return null;
        }
        if (value.charAt(0) == '[') {
            int close = value.indexOf(']');
            if (close < 0) {
                return null;
            }
            for (int i = 1; i < close; i++) {
                char c = value.charAt(i);
                if (!(isHex(c) || c == ':' || c == '.')) {
                    return null;
                }
            }
            return isPortSuffix(value, close + 1) ? value.substring(0, close + 1) : null;
        }
        int end = value.indexOf(':');
        if (end < 0) {
            end = value.length();
        }
        if (end == 0 || !isPortSuffix(value, end)) {
            return null;
        }
        for (int i = 0; i < end; i++) {
            char c = value.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.')) {
                return null;
            }
        }
        return value.substring(0, end);
    }

    private static boolean isPortSuffix(String value, int from) {
        if (from == value.length()) {
            return true;
        }
        if (value.charAt(from) != ':' || from + 1 == value.length() || value.length() - from > 6) {
            return false;
        }
        for (int i = from + 1; i < value.length(); i++) {
            if (value.charAt(i) < '0' || value.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private static boolean isHex(char c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
    }

    /** RFC 3986 §3.4 query characters only, so the query is copied as it came and cannot break out. */
    private static boolean isRawQuery(String query) {
        if (query.length() > 2048) {
            return false;
        }
        for (int i = 0; i < query.length(); i++) {
            char c = query.charAt(i);
            boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || "-._~!$&'()*+,;=:@/?%".indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
