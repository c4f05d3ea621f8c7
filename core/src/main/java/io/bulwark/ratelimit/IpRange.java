package io.bulwark.ratelimit;

import java.util.Arrays;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A block of IP addresses in CIDR notation (RFC 4632 §3.1 for IPv4, RFC 4291 §2.3 for IPv6): a network
 * address and a prefix length. Immutable and thread-safe.
 *
 * <pre>{@code
 * IpRange.parse("10.0.0.0/8");      // 10.0.0.0 – 10.255.255.255
 * IpRange.parse("2001:db8::/32");   // 2001:db8:: – 2001:db8:ffff:ffff:ffff:ffff:ffff:ffff
 * IpRange.parse("203.0.113.7");     // that one address: /32 (a bare IPv6 address means /128)
 * }</pre>
 *
 * <p>IPv4 and IPv6 meet at the IPv4-mapped block {@code ::ffff:0:0/96} (RFC 4291 §2.5.5.2): an IPv4
 * range contains {@code ::ffff:10.1.2.3} when it contains {@code 10.1.2.3}, and an IPv6 range that
 * covers {@code ::ffff:10.1.2.3} contains the four-byte {@code 10.1.2.3}, because a dual-stack socket
 * reports IPv4 peers in that form.
 */
public final class IpRange {

    private final byte[] network;
    private final int prefixLength;

    private IpRange(byte[] network, int prefixLength) {
        this.network = network;
        this.prefixLength = prefixLength;
    }

    /**
     * Parses {@code address/prefix-length}, or a bare address meaning that one address.
     *
     * <p>The address is a literal (never a host name: nothing here touches DNS); IPv4 is a strict
     * dotted quad without leading zeros. Bits beyond the prefix must be zero, so a typo such as
     * {@code 10.0.0.1/8} is refused rather than silently widened. Surrounding white space is ignored.
     *
     * @param text the range, e.g. {@code 10.0.0.0/8} or {@code 2001:db8::/32}
     * @return the range
     * @throws IllegalArgumentException if the text is not such a range; the message quotes it and
     *     says what to change
     */
    public static IpRange parse(String text) {
        Objects.requireNonNull(text, "text");
        String s = text.strip();
        int slash = s.indexOf('/');
        int addressEnd = slash < 0 ? s.length() : slash;
        boolean ipv6 = IpLiterals.indexOf(s, ':', 0, addressEnd) >= 0;
        byte[] network = ipv6 ? IpLiterals.parseIpv6(s, 0, addressEnd) : IpLiterals.parseIpv4(s, 0, addressEnd);
        if (network == null) {
            throw new IllegalArgumentException("Not an IP range: " + quote(text) + "; expected an IPv4 or IPv6"
                    + " address literal (IPv4 as four decimal parts without leading zeros), optionally"
                    + " followed by /prefix-length, such as 10.0.0.0/8 or 2001:db8::/32");
        }
        int maximum = network.length * 8;
        int prefixLength = maximum;
        if (slash >= 0) {
            prefixLength = parsePrefixLength(s, slash + 1);
            if (prefixLength < 0 || prefixLength > maximum) {
                throw new IllegalArgumentException("Not an IP range: " + quote(text) + "; the prefix length after"
                        + " '/' must be a whole number from 0 to " + maximum + " for an "
                        + (ipv6 ? "IPv6" : "IPv4") + " address");
            }
        }
        byte[] masked = mask(network, prefixLength);
        if (!Arrays.equals(masked, network)) {
            IpRange suggestion = new IpRange(masked, prefixLength);
            throw new IllegalArgumentException("Not an IP range: " + quote(text) + " has bits set after its first "
                    + prefixLength + "; write " + suggestion + " for the whole network, or the address"
                    + " alone for that one host");
        }
        return new IpRange(network, prefixLength);
    }

    /**
     * Whether an address lies in this range: compares the first {@link #prefixLength()} bits, no
     * allocation. IPv4 and IPv4-mapped IPv6 addresses are interchangeable (see the class comment); an
     * array of any length other than 4 or 16 is in no range.
     *
     * @param address the address in network byte order, 4 bytes (IPv4) or 16 (IPv6)
     * @return whether the range contains it
     */
    public boolean contains(byte[] address) {
        Objects.requireNonNull(address, "address");
        int offset; // where the range's first byte sits in the 16-byte view of the address
        if (address.length == network.length) {
            offset = 0;
        } else if (address.length == 16) {
            // an IPv4 range and an IPv6 address: only an IPv4-mapped address can match
            if (!IpLiterals.isIpv4Mapped(address)) {
                return false;
            }
            offset = 12;
        } else if (address.length == 4) {
            // an IPv6 range and an IPv4 address: compare as ::ffff:a.b.c.d
            return containsMapped(address);
        } else {
            return false;
        }
        int fullBytes = prefixLength >>> 3;
        for (int i = 0; i < fullBytes; i++) {
            if (address[offset + i] != network[i]) {
                return false;
            }
        }
        int remainingBits = prefixLength & 7;
        if (remainingBits == 0) {
            return true;
        }
        int mask = (0xff << (8 - remainingBits)) & 0xff;
        return (address[offset + fullBytes] & mask) == (network[fullBytes] & 0xff);
    }

    private boolean containsMapped(byte[] ipv4) {
        for (int bit = 0; bit < prefixLength; bit += 8) {
            int i = bit >>> 3;
            int b;
            if (i < 10) {
                b = 0;
            } else if (i < 12) {
                b = 0xff;
            } else {
                b = ipv4[i - 12] & 0xff;
            }
            int bits = Math.min(8, prefixLength - bit);
            int mask = (0xff << (8 - bits)) & 0xff;
            if ((b & mask) != (network[i] & 0xff)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The number of leading bits that every address in the range shares: 0 to 32 for IPv4, 0 to 128 for
     * IPv6.
     *
     * @return the prefix length
     */
    public int prefixLength() {
        return prefixLength;
    }

    /**
     * Whether this is an IPv4 range (the address was written as a dotted quad).
     *
     * @return {@code true} for IPv4, {@code false} for IPv6
     */
    public boolean isIpv4() {
        return network.length == 4;
    }

    /**
     * The range in canonical CIDR notation: the network address (IPv6 in its RFC 5952 form, an
     * IPv4-mapped one as {@code ::ffff:a.b.c.d}), a slash and the prefix length.
     *
     * @return e.g. {@code 10.0.0.0/8} or {@code 2001:db8::/32}
     */
    @Override
    public String toString() {
        String address = IpLiterals.format(network);
        if (network.length == 16 && IpLiterals.isIpv4Mapped(network)) {
            address = "::ffff:" + address; // RFC 5952 §5: keep the mapped form recognisable
        }
        return address + '/' + prefixLength;
    }

    /**
     * Two ranges are equal when they have the same family, network address and prefix length.
     *
     * @param other another object
     * @return whether it is the same range
     */
    @Override
    public boolean equals(@Nullable Object other) {
        return other instanceof IpRange range && range.prefixLength == prefixLength
                && Arrays.equals(range.network, network);
    }

    /**
     * A hash consistent with {@link #equals(Object)}.
     *
     * @return the hash
     */
    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(network) + prefixLength;
    }

    private static int parsePrefixLength(String s, int from) {
        int length = s.length() - from;
        if (length < 1 || length > 3) {
            return -1;
        }
        int value = 0;
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static byte[] mask(byte[] address, int prefixLength) {
        byte[] masked = new byte[address.length];
        for (int i = 0; i < address.length; i++) {
            int bits = Math.max(0, Math.min(8, prefixLength - 8 * i));
            masked[i] = (byte) (address[i] & ((0xff << (8 - bits)) & 0xff));
        }
        return masked;
    }

    /** The text for a message: quoted, cut short, control characters replaced. */
    static String quote(String text) {
        int limit = Math.min(text.length(), 100);
        StringBuilder out = new StringBuilder(limit + 5).append('"');
        for (int i = 0; i < limit; i++) {
            char c = text.charAt(i);
            out.append(c < 0x20 || c == 0x7f ? '?' : c);
        }
        if (text.length() > limit) {
            out.append("...");
        }
        return out.append('"').toString();
    }
}
