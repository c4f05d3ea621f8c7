package io.bulwark.ratelimit;

import org.jspecify.annotations.Nullable;

/**
 * The syntax of one hop in {@code Forwarded} (RFC 7239) and {@code X-Forwarded-For}: where a list
 * element starts, what its {@code for=} parameter says, and which address a node names. Every method
 * answers {@code null} for anything it cannot read as an IP literal ({@code unknown}, obfuscated
 * identifiers, host names, garbage) and never throws on any input.
 */
final class ForwardingHeaderSyntax {

    private ForwardingHeaderSyntax() {
    }

    /**
     * Finds the start of the list element that ends (exclusive) at {@code end}, scanning leftwards no
     * further than {@code floor}. With {@code quoted}, commas inside a quoted-string do not separate
     * elements (RFC 7239 §4, RFC 9110 §5.6.4).
     *
     * @return the index just after the separating comma, 0 when the element starts the line, or -1 when
     *     the element would reach past {@code floor} (the caller's budget is spent)
     */
    static int elementStart(String line, int end, int floor, boolean quoted) {
        boolean inQuotes = false;
        for (int i = end - 1; i >= floor; i--) {
            char c = line.charAt(i);
            if (c == ',' && !inQuotes) {
                return i + 1;
            }
            if (c == '"' && quoted && !escaped(line, i, floor)) {
                inQuotes = !inQuotes;
            }
        }
        return floor == 0 ? 0 : -1;
    }

    /** Whether the quote at {@code i} is a quoted-pair: preceded by an odd run of backslashes. */
    private static boolean escaped(String line, int i, int floor) {
        int backslashes = 0;
        for (int j = i - 1; j >= floor && line.charAt(j) == '\\'; j--) {
            backslashes++;
        }
        return (backslashes & 1) == 1;
    }

    /**
     * Reads one {@code Forwarded} element, {@code pair *( ";" pair )} with {@code pair = token "="
     * value} (RFC 7239 §4), and returns the address of its {@code for} parameter (names are
     * case-insensitive). An element that does not parse, has no {@code for} or has it twice (§4: a
     * parameter MUST NOT occur more than once per element) gives {@code null}.
     */
    static byte @Nullable [] forwardedFor(String s, int from, int to) {
        int forStart = -1;
        int forEnd = -1;
        int i = from;
        while (true) {
            i = skipWhiteSpace(s, i, to);
            int nameStart = i;
            while (i < to && isTokenChar(s.charAt(i))) {
                i++;
            }
            if (i == nameStart || i >= to || s.charAt(i) != '=') {
                return null;
            }
            boolean isFor = i - nameStart == 3 && s.regionMatches(true, nameStart, "for", 0, 3);
            i++;
            int valueStart;
            int valueEnd;
            if (i < to && s.charAt(i) == '"') {
                valueStart = ++i;
                boolean pairs = false;
                while (i < to && s.charAt(i) != '"') {
                    if (s.charAt(i) == '\\') {
                        pairs = true;
                        i++;
                    }
                    i++;
                }
                if (i >= to) {
                    return null; // an unterminated quoted-string
                }
                valueEnd = i++;
                if (isFor && pairs) {
                    return null; // no valid node needs a quoted-pair (RFC 7239 §6)
                }
            } else {
                // RFC 7239 §6 wants IPv6 and ports quoted; unquoted ones are common, so they are read too
                valueStart = i;
                while (i < to && s.charAt(i) != ';' && s.charAt(i) != ' ' && s.charAt(i) != '\t'
                        && s.charAt(i) != '"') {
                    i++;
                }
                valueEnd = i;
            }
            if (isFor) {
                if (forStart >= 0) {
                    return null;
                }
                forStart = valueStart;
                forEnd = valueEnd;
            }
            i = skipWhiteSpace(s, i, to);
            if (i >= to) {
                break;
            }
            if (s.charAt(i) != ';') {
                return null;
            }
            i = skipWhiteSpace(s, i + 1, to);
            if (i >= to) {
                break; // tolerate a trailing ";"
            }
        }
        return forStart < 0 ? null : node(s, forStart, forEnd);
    }

    /**
     * Whether one {@code Forwarded} element says {@code proto=https} (names and the scheme are
     * case-insensitive; the value may be quoted). Anything unreadable is not HTTPS.
     */
    static boolean forwardedProtoIsHttps(String s, int from, int to) {
        int i = from;
        while (i < to) {
            int end = i;
            while (end < to && s.charAt(end) != ';') {
                end++;
            }
            int nameStart = skipWhiteSpace(s, i, end);
            int eq = s.indexOf('=', nameStart);
            if (eq > 0 && eq < end && eq - nameStart == 5 && s.regionMatches(true, nameStart, "proto", 0, 5)) {
                return isHttps(s, eq + 1, end);
            }
            i = end + 1;
        }
        return false;
    }

    /** Whether {@code s[from, to)}, trimmed and unquoted, is {@code https} in any case. */
    static boolean isHttps(String s, int from, int to) {
        int a = skipWhiteSpace(s, from, to);
        int b = to;
        while (b > a && (s.charAt(b - 1) == ' ' || s.charAt(b - 1) == '\t')) {
            b--;
        }
        if (b - a >= 2 && s.charAt(a) == '"' && s.charAt(b - 1) == '"') {
            a++;
            b--;
        }
        return b - a == 5 && s.regionMatches(true, a, "https", 0, 5);
    }

    /**
     * Reads a node, {@code nodename [ ":" node-port ]} (RFC 7239 §6): an IPv4 literal, a bracketed IPv6
     * literal, either with an optional port, or (leniently, as some proxies write it in
     * {@code X-Forwarded-For}) a bare IPv6 literal. {@code unknown}, obfuscated identifiers and anything
     * else give {@code null}. IPv4-mapped IPv6 comes back as the 4-byte IPv4 address.
     */
    static byte @Nullable [] node(String s, int from, int to) {
        if (from >= to) {
            return null;
        }
        if (s.charAt(from) == '[') {
            int close = IpLiterals.indexOf(s, ']', from + 1, to);
            if (close < 0) {
                return null;
            }
            byte[] address = IpLiterals.parseIpv6(s, from + 1, close);
            if (address == null) {
                return null;
            }
            if (close + 1 < to && (s.charAt(close + 1) != ':' || !isPort(s, close + 2, to))) {
                return null;
            }
            return IpLiterals.unmap(address);
        }
        int colon = IpLiterals.indexOf(s, ':', from, to);
        if (colon < 0) {
            return IpLiterals.parseIpv4(s, from, to);
        }
        if (IpLiterals.indexOf(s, ':', colon + 1, to) >= 0) {
            return IpLiterals.unmap(IpLiterals.parseIpv6(s, from, to));
        }
        return isPort(s, colon + 1, to) ? IpLiterals.parseIpv4(s, from, colon) : null;
    }

    /** {@code node-port = port / obfport}, {@code port = 1*5DIGIT}, {@code obfport = "_" 1*(ALPHA / DIGIT / "." / "_" / "-")} (RFC 7239 §6). */
    private static boolean isPort(String s, int from, int to) {
        if (from >= to) {
            return false;
        }
        if (s.charAt(from) == '_') {
            for (int i = from + 1; i < to; i++) {
                char c = s.charAt(i);
                if (!(isAsciiLetterOrDigit(c) || c == '.' || c == '_' || c == '-')) {
                    return false;
                }
            }
            return to - from > 1;
        }
        if (to - from > 5) {
            return false;
        }
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static int skipWhiteSpace(String s, int from, int to) {
        int i = from;
        while (i < to && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
            i++;
        }
        return i;
    }

    /** RFC 9110 §5.6.2 {@code tchar}. */
    private static boolean isTokenChar(char c) {
        if (isAsciiLetterOrDigit(c)) {
            return true;
        }
        switch (c) {
            case '!', '#', '$', '%', '&', '\'', '*', '+', '-', '.', '^', '_', '`', '|', '~':
                return true;
            default:
                return false;
        }
    }

    private static boolean isAsciiLetterOrDigit(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }
}
