package io.bulwark.servlet;

import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The path a request's policy is decided on: the path within the application as the container
 * decoded, normalized and mapped it ({@code getServletPath() + getPathInfo()}), never the raw
 * {@code getRequestURI()}.
 *
 * <p>Why: the raw URI is what the client wrote, not what the container serves. {@code /api/../admin},
 * {@code /api/%2e%2e/admin}, {@code /admin;jsessionid=x/panel} and {@code /%61dmin} all reach the
 * servlet mapped at {@code /admin/*} on a container that accepts them, and a rule written for
 * {@code /admin/*} must see them as {@code /admin/...}. The servlet path and path info are decoded
 * once, cleared of path parameters and dot segments by the container, and are exactly what it used to
 * pick the servlet. Decoding them again would be a bug of its own ({@code %252e} is not {@code .}).
 *
 * <p>As a second line, should a container hand over a path with dot segments, empty segments or
 * backslashes, they are resolved here the way a URI path is (RFC 3986 §5.2.4), a backslash read as a
 * separator; a path climbing above the root stays at the root.
 */
final class RequestPaths {

    private RequestPaths() {
    }

    /**
     * The normalized path within the application of a request.
     *
     * @param request the request
     * @return a path starting with '/'
     */
    static String of(HttpServletRequest request) {
        String servletPath = request.getServletPath();
        String pathInfo = request.getPathInfo();
        String path;
        if (pathInfo == null || pathInfo.isEmpty()) {
            path = servletPath == null ? "" : servletPath;
        } else if (servletPath == null || servletPath.isEmpty()) {
            path = pathInfo;
        } else {
            path = servletPath + pathInfo;
        }
        return normalize(path);
    }

    /**
     * Normalizes a decoded path: resolves {@code .} and {@code ..} segments, collapses empty segments,
     * reads a backslash as a separator. Returns the same string when there is nothing to do.
     *
     * @param path a decoded path
     * @return a path starting with '/'
     */
    static String normalize(String path) {
        if (path.isEmpty()) {
            return "/";
        }
        if (path.charAt(0) == '/' && isClean(path)) {
            return path;
        }
        Deque<String> segments = new ArrayDeque<>();
        String unified = path.replace('\\', '/');
        boolean trailingSlash = unified.endsWith("/");
        int from = 0;
        while (from <= unified.length()) {
            int slash = unified.indexOf('/', from);
            int to = slash < 0 ? unified.length() : slash;
            String segment = unified.substring(from, to);
            if (segment.equals("..")) {
                segments.pollLast();
                trailingSlash = true;
            } else if (segment.equals(".")) {
                trailingSlash = true;
            } else if (!segment.isEmpty()) {
                segments.addLast(segment);
                trailingSlash = slash >= 0 && slash == unified.length() - 1;
            }
            if (slash < 0) {
                break;
            }
            from = slash + 1;
        }
        if (segments.isEmpty()) {
            return "/";
        }
        StringBuilder out = new StringBuilder(unified.length());
        for (String segment : segments) {
            out.append('/').append(segment);
        }
        if (trailingSlash) {
            out.append('/');
        }
        return out.toString();
    }

    /** No empty, '.' or '..' segment and no backslash: the usual case, checked without allocating. */
    private static boolean isClean(String path) {
        int length = path.length();
        for (int i = 0; i < length; i++) {
            char c = path.charAt(i);
            if (c == '\\') {
                return false;
            }
            if (c == '/' && i + 1 < length) {
                char n = path.charAt(i + 1);
                if (n == '/') {
                    return false;
                }
                if (n == '.') {
                    int after = i + 2;
                    if (after == length || path.charAt(after) == '/' || path.charAt(after) == '\\') {
                        return false;
                    }
                    if (path.charAt(after) == '.'
                            && (after + 1 == length || path.charAt(after + 1) == '/' || path.charAt(after + 1) == '\\')) {
                        return false;
                    }
                }
            }
        }
        return true;
    }
}
