package io.bulwark.ratelimit;

import org.jspecify.annotations.Nullable;

/**
 * Parses and prints IP address literals by hand: no DNS, no regex, no {@code InetAddress}.
 *
 * <p>{@code InetAddress.getByName} resolves anything that is not a literal through DNS, so text from a
 * request or a configuration file never goes near it. Parsing is strict: IPv4 is exactly four decimal
 * parts without leading zeros (the {@code inet_aton} forms {@code 010.1}, {@code 0x7f.1} and
 * {@code 127.1} mean different addresses to different parsers, so they are refused); IPv6 follows the
 * text forms of RFC 4291 §2.2. Addresses are byte arrays in network order, 4 or 16 bytes long.
 */
final class IpLiterals {

    /** The longest IPv6 literal: {@code ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255}. */
    private static final int MAX_IPV6_LENGTH = 45;

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private IpLiterals() {
    }

    /**
     * Parses a strict IPv4 dotted quad: four parts of one to three digits, each at most 255, no
     * leading zeros (RFC 3986 §3.2.2 {@code dec-octet}).
     *
     * @return four bytes, or {@code null} when the text is anything else
     */
    static byte @Nullable [] parseIpv4(CharSequence s, int from, int to) {
        byte[] address = new byte[4];
        return parseIpv4(s, from, to, address) ? address : null;
    }

    /**
     * Whether the text is a strict IPv4 dotted quad, as {@link #parseIpv4(CharSequence, int, int)}
     * reads it, without making the bytes.
     */
    static boolean isIpv4(CharSequence s, int from, int to) {
        return parseIpv4(s, from, to, null);
    }

    private static boolean parseIpv4(CharSequence s, int from, int to, byte @Nullable [] address) {
        if (to - from < 7 || to - from > 15) {
            return false;
        }
        int part = 0;
        int i = from;
        while (true) {
            int start = i;
            int value = 0;
            while (i < to && i - start < 4) {
                char c = s.charAt(i);
                if (c < '0' || c > '9') {
                    break;
                }
                value = value * 10 + (c - '0');
                i++;
            }
            int digits = i - start;
            if (digits == 0 || digits > 3 || value > 255 || (digits > 1 && s.charAt(start) == '0')) {
                return false;
            }
            if (address != null) {
                address[part] = (byte) value;
            }
            part++;
            if (part == 4) {
                return i == to;
            }
            if (i >= to || s.charAt(i) != '.') {
                return false;
            }
            i++;
        }
    }

    /**
     * Parses an IPv6 literal in any RFC 4291 §2.2 text form (full, {@code ::}-compressed, with an
     * embedded dotted quad), without brackets or zone id.
     *
     * @return sixteen bytes, or {@code null} when the text is anything else
     */
    static byte @Nullable [] parseIpv6(CharSequence s, int from, int to) {
        if (to - from < 2 || to - from > MAX_IPV6_LENGTH) {
            return null;
        }
        int[] words = new int[8];
        int count = 0;
        int compressedAt = -1;
        int i = from;
        if (s.charAt(i) == ':') {
            if (s.charAt(i + 1) != ':') {
                return null;
            }
            compressedAt = 0;
            i += 2;
        }
        while (i < to) {
            int start = i;
            int value = 0;
            while (i < to && i - start < 5) {
                int digit = hexValue(s.charAt(i));
                if (digit < 0) {
                    break;
                }
                value = (value << 4) | digit;
                i++;
            }
            if (i < to && s.charAt(i) == '.') {
                // RFC 4291 §2.2 form 3: the low 32 bits as a dotted quad, only at the end
                if (count > 6) {
                    return null;
                }
                byte[] ipv4 = parseIpv4(s, start, to);
                if (ipv4 == null) {
                    return null;
                }
                words[count++] = ((ipv4[0] & 0xff) << 8) | (ipv4[1] & 0xff);
                words[count++] = ((ipv4[2] & 0xff) << 8) | (ipv4[3] & 0xff);
                i = to;
                break;
            }
            int digits = i - start;
            if (digits == 0 || digits > 4 || count == 8) {
                return null;
            }
            words[count++] = value;
            if (i == to) {
                break;
            }
            if (s.charAt(i) != ':') {
                return null;
            }
            i++;
            if (i < to && s.charAt(i) == ':') {
                if (compressedAt >= 0) {
                    return null; // RFC 4291 §2.2: "::" can appear only once
                }
                compressedAt = count;
                i++;
            } else if (i == to) {
                return null; // a trailing single colon
            }
        }
        if (compressedAt < 0 ? count != 8 : count > 7) {
            return null;
        }
        byte[] address = new byte[16];
        int gap = 8 - count;
        for (int w = 0; w < count; w++) {
            int position = compressedAt >= 0 && w >= compressedAt ? w + gap : w;
            address[2 * position] = (byte) (words[w] >>> 8);
            address[2 * position + 1] = (byte) words[w];
        }
        return address;
    }

    /**
     * Parses the remote address an adapter reports: a literal as the container prints it, perhaps in
     * brackets or with a zone id ({@code fe80::1%eth0}), both of which are dropped.
     *
     * @return 4 bytes for IPv4 and IPv4-mapped IPv6, 16 for other IPv6, {@code null} for anything else
     */
    static byte @Nullable [] parseRemote(String s) {
        int from = 0;
        int to = s.length();
        if (to >= 2 && s.charAt(0) == '[' && s.charAt(to - 1) == ']') {
            from = 1;
            to--;
        }
        int colon = indexOf(s, ':', from, to);
        if (colon < 0) {
            return parseIpv4(s, from, to);
        }
        int zone = indexOf(s, '%', from, to);
        return unmap(parseIpv6(s, from, zone < 0 ? to : zone));
    }

    /**
     * Whether sixteen bytes are an IPv4-mapped IPv6 address, {@code ::ffff:a.b.c.d} (RFC 4291 §2.5.5.2).
     */
    static boolean isIpv4Mapped(byte[] address) {
        if (address.length != 16) {
            return false;
        }
        for (int i = 0; i < 10; i++) {
            if (address[i] != 0) {
                return false;
            }
        }
        return address[10] == (byte) 0xff && address[11] == (byte) 0xff;
    }

    /** The IPv4 address inside an IPv4-mapped IPv6 address; any other address unchanged. */
    static byte @Nullable [] unmap(byte @Nullable [] address) {
        if (address == null || !isIpv4Mapped(address)) {
            return address;
        }
        return new byte[] {address[12], address[13], address[14], address[15]};
    }

    /**
     * Prints an address canonically: IPv4 as a dotted quad, IPv4-mapped IPv6 as its IPv4 address, other
     * IPv6 in the RFC 5952 §4 form (lower case, no leading zeros, the longest run of two or more zero
     * groups, the first on a tie, as {@code ::}).
     */
    static String format(byte[] address) {
        if (address.length == 4) {
            return formatIpv4(address, 0);
        }
        if (isIpv4Mapped(address)) {
            return formatIpv4(address, 12);
        }
        return formatIpv6(address);
    }

    private static String formatIpv4(byte[] address, int offset) {
        StringBuilder out = new StringBuilder(15);
        for (int i = 0; i < 4; i++) {
            if (i > 0) {
                out.append('.');
            }
            out.append(address[offset + i] & 0xff);
        }
        return out.toString();
    }

    private static String formatIpv6(byte[] address) {
        // RFC 5952 §4.2.1–4.2.3: compress the longest run of at least two zero groups, the first of equals
        int bestStart = -1;
        int bestLength = 1;
        int runStart = -1;
        for (int w = 0; w < 8; w++) {
            if (word(address, w) == 0) {
                if (runStart < 0) {
                    runStart = w;
                }
                if (w - runStart + 1 > bestLength) {
                    bestStart = runStart;
                    bestLength = w - runStart + 1;
                }
            } else {
                runStart = -1;
            }
        }
        StringBuilder out = new StringBuilder(39);
        for (int w = 0; w < 8; w++) {
            if (w == bestStart) {
                out.append("::");
                w += bestLength - 1;
                continue;
            }
            if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            appendHex(out, word(address, w));
        }
        return out.toString();
    }

    /** An ASCII hex digit's value; -1 for anything else (Character.digit would take non-ASCII digits). */
    private static int hexValue(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    private static int word(byte[] address, int w) {
        return ((address[2 * w] & 0xff) << 8) | (address[2 * w + 1] & 0xff);
    }

    private static void appendHex(StringBuilder out, int value) {
        // RFC 5952 §4.1 and §4.3: no leading zeros, lower case
        boolean started = false;
        for (int shift = 12; shift >= 0; shift -= 4) {
            int nibble = (value >>> shift) & 0xf;
            if (nibble != 0 || started || shift == 0) {
                out.append(HEX[nibble]);
                started = true;
            }
        }
    }

    static int indexOf(CharSequence s, char c, int from, int to) {
        for (int i = from; i < to; i++) {
            if (s.charAt(i) == c) {
                return i;
            }
        }
        return -1;
    }
}
