package io.bulwark.validation;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * Reads IP addresses out of URL hosts and tells public ones from the rest. Never consults DNS.
 */
final class IpAddresses {

    private static final long NOT_AN_ADDRESS = -1;

    private IpAddresses() {
    }

    /**
     * Whether a host must be read as an IPv4 address: its last label (after a trailing dot is
     * dropped) is all digits, or {@code 0x} and hex digits. This is the WHATWG URL "ends in a
     * number" rule (§3.5): browsers then parse it as an address or refuse the URL, never resolve it.
     */
    static boolean endsInNumber(String host) {
        String h = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        String last = h.substring(h.lastIndexOf('.') + 1);
        if (last.isEmpty()) {
            return false;
        }
        if (allOf(last, 0, DECIMAL)) {
            return true;
        }
        return (last.startsWith("0x") || last.startsWith("0X")) && allOf(last, 2, HEX);
    }

    /**
     * Parses an IPv4 address the way {@code inet_aton} and the WHATWG URL IPv4 parser do: one to
     * four parts, each decimal, octal (leading {@code 0}) or hex ({@code 0x}); the last part fills
     * the remaining bytes, so {@code 127.1} is 127.0.0.1 and {@code 2130706433} is too.
     *
     * @param host the host, maybe with one trailing dot
     * @return the address as an unsigned 32-bit value, or -1 when the host is no such address
     */
    static long parseIpv4(String host) {
        String h = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        String[] parts = h.split("\\.", -1);
        if (parts.length > 4) {
            return NOT_AN_ADDRESS;
        }
        long address = 0;
        for (int i = 0; i < parts.length; i++) {
            long part = parsePart(parts[i]);
            boolean last = i == parts.length - 1;
            long bound = last ? 1L << (8 * (4 - i)) : 256;
            if (part < 0 || part >= bound) {
                return NOT_AN_ADDRESS;
            }
            address = last ? address | part : address | (part << (8 * (3 - i)));
        }
        return address;
    }

    private static long parsePart(String part) {
        if (part.isEmpty()) {
            return NOT_AN_ADDRESS;
        }
        int radix = 10;
        String digits = part;
        if (part.startsWith("0x") || part.startsWith("0X")) {
            radix = 16;
            digits = part.substring(2);
            if (digits.isEmpty()) {
                return 0; // "0x" alone is zero to WHATWG
            }
        } else if (part.length() > 1 && part.charAt(0) == '0') {
            radix = 8;
            digits = part.substring(1);
        }
        long value = 0;
        for (int i = 0; i < digits.length(); i++) {
            char c = digits.charAt(i);
            int digit = c < 0x80 ? Character.digit(c, radix) : -1; // ASCII digits only, not full-width ones
            if (digit < 0) {
                return NOT_AN_ADDRESS;
            }
            value = value * radix + digit;
            if (value > 0xFFFF_FFFFL) {
                return NOT_AN_ADDRESS;
            }
        }
        return value;
    }

    /** Whether a host is an IPv4 address in the one spelling everybody reads alike: a.b.c.d, decimal, no leading zeros. */
    static boolean isCanonicalIpv4(String host) {
        String[] parts = host.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || (part.length() > 1 && part.charAt(0) == '0')
                    || !allOf(part, 0, DECIMAL) || Integer.parseInt(part) > 255) {
                return false;
            }
        }
        return true;
    }

    /**
     * Reads an IPv6 literal (without brackets). Only hex digits, colons and dots get as far as
     * {@link InetAddress}, which then parses a literal and never looks a name up.
     *
     * @param literal the text between the brackets of a URL host
     * @return the address bytes (4 for IPv4-mapped addresses, which the JDK turns into IPv4 addresses;
     *         16 otherwise), or empty when it is not a literal
     */
    static Optional<byte[]> parseIpv6(String literal) {
        if (literal.indexOf(':') < 0 || !allOf(literal, 0, IPV6_LITERAL)) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName("[" + literal + "]").getAddress());
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    /**
     * Whether an IPv4 address is anything but a public unicast address: "this network" 0/8,
     * private 10/8, 172.16/12, 192.168/16 (RFC 1918), shared 100.64/10 (RFC 6598), loopback 127/8,
     * link-local 169.254/16 (cloud metadata lives there), IETF protocol assignments 192.0.0/24,
     * benchmarking 198.18/15, multicast 224/4, reserved 240/4 and broadcast.
     */
    static boolean isNonPublicIpv4(long a) {
        int first = (int) (a >>> 24);
        return first == 0 || first == 10 || first == 127
                || (a & 0xFFC0_0000L) == 0x6440_0000L        // 100.64.0.0/10
                || (a & 0xFFFF_0000L) == 0xA9FE_0000L        // 169.254.0.0/16
                || (a & 0xFFF0_0000L) == 0xAC10_0000L        // 172.16.0.0/12
                || (a & 0xFFFF_FF00L) == 0xC000_0000L        // 192.0.0.0/24
                || (a & 0xFFFF_0000L) == 0xC0A8_0000L        // 192.168.0.0/16
                || (a & 0xFFFE_0000L) == 0xC612_0000L        // 198.18.0.0/15
                || first >= 224;                             // 224/4 multicast, 240/4 reserved, broadcast
    }

    /**
     * Whether an address is anything but public unicast. IPv6 forms that carry an IPv4 address
     * (mapped, compatible, NAT64, 6to4, Teredo) are judged by the address they carry.
     *
     * @param address 4 or 16 bytes
     */
    static boolean isNonPublic(byte[] address) {
        if (address.length == 4) {
            return isNonPublicIpv4(ipv4At(address, 0));
        }
        byte[] a = address;
        if (allZero(a, 0, 10)) {
            if (allZero(a, 10, 16)) {
                return true; // :: unspecified
            }
            if ((a[10] & 0xFF) == 0xFF && (a[11] & 0xFF) == 0xFF) {
                return isNonPublicIpv4(ipv4At(a, 12)); // ::ffff:a.b.c.d, IPv4-mapped
            }
            if (allZero(a, 10, 12)) {
                return true; // ::1 loopback, and ::a.b.c.d (IPv4-compatible, deprecated by RFC 4291 §2.5.5.1)
            }
        }
        int first = a[0] & 0xFF;
        int second = a[1] & 0xFF;
        if ((first & 0xFE) == 0xFC || first == 0xFF) {
            return true; // fc00::/7 unique local, ff00::/8 multicast
        }
        if (first == 0xFE && (second & 0x80) == 0x80) {
            return true; // fe80::/10 link-local, fec0::/10 site-local
        }
        if (first == 0x00 && second == 0x64 && (a[2] & 0xFF) == 0xFF && (a[3] & 0xFF) == 0x9B) {
            // 64:ff9b::/96 NAT64 carries an IPv4 address; 64:ff9b:1::/48 is for local use (RFC 8215)
            return !allZero(a, 4, 12) || isNonPublicIpv4(ipv4At(a, 12));
        }
        if (first == 0x20 && second == 0x02) {
            return isNonPublicIpv4(ipv4At(a, 2)); // 2002::/16 6to4
        }
        if (first == 0x20 && second == 0x01 && a[2] == 0 && a[3] == 0) {
            return isNonPublicIpv4(~ipv4At(a, 12) & 0xFFFF_FFFFL); // 2001::/32 Teredo, client address inverted
        }
        return false;
    }

    private static final int DECIMAL = 10;
    private static final int HEX = 16;
    private static final int IPV6_LITERAL = 17;

    /** Whether every character from an index on is an ASCII decimal digit, hex digit, or hex digit, colon or dot. */
    private static boolean allOf(String text, int from, int kind) {
        for (int i = from, n = text.length(); i < n; i++) {
            char c = text.charAt(i);
            boolean ok = kind == IPV6_LITERAL
                    ? c == ':' || c == '.' || (c < 0x80 && Character.digit(c, 16) >= 0)
                    : c < 0x80 && Character.digit(c, kind) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static long ipv4At(byte[] a, int offset) {
        return ((a[offset] & 0xFFL) << 24) | ((a[offset + 1] & 0xFFL) << 16) | ((a[offset + 2] & 0xFFL) << 8)
                | (a[offset + 3] & 0xFFL);
    }

    private static boolean allZero(byte[] a, int from, int to) {
        for (int i = from; i < to; i++) {
            if (a[i] != 0) {
                return false;
            }
        }
        return true;
    }
}
