package io.bulwark.servlet;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A compiled path pattern of a route rule, matched segment by segment against the path within the
 * application (servlet path plus path info, as the container decoded and normalized it).
 *
 * <p>Syntax, one segment at a time:
 * <ul>
 *   <li>a literal segment matches itself exactly (case-sensitive, as containers map servlets);</li>
 *   <li>{@code *} matches exactly one segment;</li>
 *   <li>{@code **} matches zero or more segments;</li>
 *   <li>a trailing {@code /*} is a prefix, as in a servlet mapping: {@code /api/orders/*} matches
 *       {@code /api/orders} and everything below it (the same as {@code /api/orders/**}).</li>
 * </ul>
 * A {@code *} inside a segment ({@code *.json}, {@code v*}) is refused: a wildcard stands alone.
 *
 * <p>Matching walks the path's segments with the classic greedy wildcard algorithm (one
 * backtracking point), so it takes time proportional to segments times pattern length at worst, never
 * exponential, and allocates nothing.
 */
final class RoutePattern {

    /** Marks a {@code *} segment. */
    private static final String ONE = "*";
    /** Marks a {@code **} segment (or a trailing {@code /*}). */
    private static final String ANY = "**";

    private final String text;
    // Literal segments are their text; wildcards are the ONE and ANY constants, compared by identity.
    private final String[] segments;
    private final int literalPrefix;
    private final int literals;
    private final int wildcards;
    private final int multiWildcards;

    private RoutePattern(String text, String[] segments) {
        this.text = text;
        this.segments = segments;
        int prefix = -1;
        int lit = 0;
        int wild = 0;
        int multi = 0;
        for (int i = 0; i < segments.length; i++) {
            String s = segments[i];
            if (s == ONE || s == ANY) {
                wild++;
                if (s == ANY) {
                    multi++;
                }
                if (prefix < 0) {
                    prefix = i;
                }
            } else {
                lit++;
            }
        }
        this.literalPrefix = prefix < 0 ? segments.length : prefix;
        this.literals = lit;
        this.wildcards = wild;
        this.multiWildcards = multi;
    }

    /**
     * Compiles a pattern.
     *
     * @param pattern e.g. {@code /api/orders}, {@code /api/orders/*}, {@code /api/** /items}
     * @return the compiled pattern
     * @throws IllegalArgumentException if the pattern is not of the syntax above
     */
    static RoutePattern compile(String pattern) {
        Objects.requireNonNull(pattern, "pattern");
        if (pattern.isEmpty() || pattern.charAt(0) != '/') {
            throw new IllegalArgumentException("a route pattern starts with '/', was \"" + pattern + "\"");
        }
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '?' || c == '#' || c == '\\' || c == ';' || c < 0x20 || c == 0x7f) {
                throw new IllegalArgumentException("a route pattern is a decoded path without '?', '#', ';', '\\' "
                        + "or control characters, was \"" + pattern + "\"");
            }
        }
        String[] parts = pattern.substring(1).split("/", -1);
        List<String> segments = new ArrayList<>(parts.length);
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            boolean last = i == parts.length - 1;
            if (part.isEmpty() && !last) {
                throw new IllegalArgumentException("a route pattern has no empty segment (\"//\"), was \"" + pattern + "\"");
            }
            if (part.equals(".") || part.equals("..")) {
                throw new IllegalArgumentException("a route pattern has no '.' or '..' segment, was \"" + pattern + "\"");
            }
            if (part.equals("**")) {
                segments.add(ANY);
            } else if (part.equals("*")) {
                // Servlet-mapping style: a trailing "/*" is a prefix covering the path itself and all below.
                segments.add(last ? ANY : ONE);
            } else if (part.indexOf('*') >= 0) {
                throw new IllegalArgumentException("a wildcard stands alone as a segment ('*' or '**'), was \""
                        + pattern + "\"");
            } else {
                segments.add(part);
            }
        }
        return new RoutePattern(pattern, segments.toArray(new String[0]));
    }

    /** The pattern as written. */
    String text() {
        return text;
    }

    /** Whether the pattern has no wildcard. */
    boolean isExact() {
        return wildcards == 0;
    }

    /**
     * Whether a path matches.
     *
     * @param path a path starting with '/' (the normalized path within the application)
     * @return true if it matches
     */
    boolean matches(String path) {
        if (path.isEmpty() || path.charAt(0) != '/') {
            return false;
        }
        final int end = -1;
        int p = 1;
        int pi = 0;
        int starPi = -1;
        int starPos = end;
        while (p != end) {
            if (pi < segments.length && segments[pi] == ANY) {
                starPi = pi++;
                starPos = p;
            } else if (pi < segments.length && segmentMatches(segments[pi], path, p)) {
                pi++;
                p = next(path, p);
            } else if (starPi >= 0) {
                // Let the last "**" swallow one more segment and try again from there.
                pi = starPi + 1;
                starPos = next(path, starPos);
                p = starPos;
                if (p == end) {
                    break;
                }
            } else {
                return false;
            }
        }
        while (pi < segments.length && segments[pi] == ANY) {
            pi++;
        }
        return pi == segments.length;
    }

    private static boolean segmentMatches(String segment, String path, int from) {
        if (segment == ONE) {
            return true;
        }
        int slash = path.indexOf('/', from);
        int to = slash < 0 ? path.length() : slash;
        return to - from == segment.length() && path.regionMatches(from, segment, 0, segment.length());
    }

    /** The start of the segment after the one at {@code from}, or -1 when it was the last. */
    private static int next(String path, int from) {
        int slash = path.indexOf('/', from);
        return slash < 0 ? -1 : slash + 1;
    }

    /**
     * Compares specificity: negative when this pattern is more specific than the other. The order:
     * an exact pattern beats any wildcard pattern; then the longer literal prefix (literal segments
     * before the first wildcard) wins; then more literal segments in all; then fewer wildcards; then
     * fewer {@code **}.
     */
    int compareSpecificity(RoutePattern other) {
        if (isExact() != other.isExact()) {
            return isExact() ? -1 : 1;
        }
        if (literalPrefix != other.literalPrefix) {
            return Integer.compare(other.literalPrefix, literalPrefix);
        }
        if (literals != other.literals) {
            return Integer.compare(other.literals, literals);
        }
        if (wildcards != other.wildcards) {
            return Integer.compare(wildcards, other.wildcards);
        }
        return Integer.compare(multiWildcards, other.multiWildcards);
    }

    @Override
    public String toString() {
        return text;
    }
}
