package io.bulwark.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class IpRangeTest {

    static Stream<Arguments> validRanges() {
        return Stream.of(
                Arguments.of("10.0.0.0/8", "10.0.0.0/8", 8, true),
                Arguments.of("192.168.0.0/23", "192.168.0.0/23", 23, true),
                Arguments.of("203.0.113.7", "203.0.113.7/32", 32, true),
                Arguments.of("203.0.113.7/32", "203.0.113.7/32", 32, true),
                Arguments.of("0.0.0.0/0", "0.0.0.0/0", 0, true),
                Arguments.of(" 10.0.0.0/8 ", "10.0.0.0/8", 8, true),
                Arguments.of("2001:db8::/32", "2001:db8::/32", 32, false),
                Arguments.of("2001:0DB8:0000::/32", "2001:db8::/32", 32, false),
                Arguments.of("2001:db8::1", "2001:db8::1/128", 128, false),
                Arguments.of("2001:db8::1/128", "2001:db8::1/128", 128, false),
                Arguments.of("::/0", "::/0", 0, false),
                Arguments.of("::1", "::1/128", 128, false),
                Arguments.of("::ffff:10.0.0.0/104", "::ffff:10.0.0.0/104", 104, false),
                Arguments.of("fc00::/7", "fc00::/7", 7, false));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("validRanges")
    void parsesRangesIntoCanonicalCidr(String text, String canonical, int prefixLength, boolean ipv4) {
        IpRange range = IpRange.parse(text);
        assertEquals(canonical, range.toString());
        assertEquals(prefixLength, range.prefixLength());
        assertEquals(ipv4, range.isIpv4());
        assertEquals(range, IpRange.parse(canonical));
        assertEquals(range.hashCode(), IpRange.parse(canonical).hashCode());
    }

    static Stream<Arguments> membership() {
        return Stream.of(
                Arguments.of("10.0.0.0/8", "10.0.0.0", true),
                Arguments.of("10.0.0.0/8", "10.255.255.255", true),
                Arguments.of("10.0.0.0/8", "11.0.0.0", false),
                Arguments.of("10.0.0.0/8", "9.255.255.255", false),
                Arguments.of("10.0.0.0/8", "::ffff:10.1.2.3", true),
                Arguments.of("10.0.0.0/8", "::ffff:11.1.2.3", false),
                Arguments.of("10.0.0.0/8", "::10.1.2.3", false), // IPv4-compatible, not mapped
                Arguments.of("10.0.0.0/8", "2001:db8::1", false),
                Arguments.of("192.168.0.0/23", "192.168.1.255", true),
                Arguments.of("192.168.0.0/23", "192.168.2.0", false),
                Arguments.of("203.0.113.7/32", "203.0.113.7", true),
                Arguments.of("203.0.113.7/32", "203.0.113.6", false),
                Arguments.of("203.0.113.7", "203.0.113.7", true),
                Arguments.of("203.0.113.7", "::ffff:203.0.113.7", true),
                Arguments.of("0.0.0.0/0", "1.2.3.4", true),
                Arguments.of("0.0.0.0/0", "255.255.255.255", true),
                Arguments.of("0.0.0.0/0", "::ffff:1.2.3.4", true),
                Arguments.of("0.0.0.0/0", "2001:db8::1", false),
                Arguments.of("2001:db8::/32", "2001:db8:ffff:ffff:ffff:ffff:ffff:ffff", true),
                Arguments.of("2001:db8::/32", "2001:db9::1", false),
                Arguments.of("2001:db8::/32", "10.0.0.1", false),
                Arguments.of("2001:db8::/33", "2001:db8:7fff::", true),
                Arguments.of("2001:db8::/33", "2001:db8:8000::", false),
                Arguments.of("2001:db8::1/128", "2001:db8::1", true),
                Arguments.of("2001:db8::1/128", "2001:db8::2", false),
                Arguments.of("::/0", "2001:db8::1", true),
                Arguments.of("::/0", "10.0.0.1", true), // as ::ffff:10.0.0.1
                Arguments.of("::ffff:10.0.0.0/104", "10.1.2.3", true),
                Arguments.of("::ffff:10.0.0.0/104", "::ffff:10.1.2.3", true),
                Arguments.of("::ffff:10.0.0.0/104", "11.0.0.0", false),
                Arguments.of("::ffff:0:0/96", "198.51.100.1", true),
                Arguments.of("fc00::/7", "fdff::1", true),
                Arguments.of("fc00::/7", "fe00::1", false));
    }

    @ParameterizedTest(name = "{0} contains {1}: {2}")
    @MethodSource("membership")
    void containsExactlyTheAddressesUnderItsPrefix(String range, String address, boolean expected) {
        assertEquals(expected, IpRange.parse(range).contains(bytes(address)));
    }

    @Test
    void containsNoAddressOfAnOddLength() {
        IpRange everything = IpRange.parse("0.0.0.0/0");
        assertFalse(everything.contains(new byte[0]));
        assertFalse(everything.contains(new byte[5]));
        assertFalse(IpRange.parse("::/0").contains(new byte[8]));
        assertTrue(everything.contains(new byte[4]));
    }

    static Stream<Arguments> invalidRanges() {
        return Stream.of(
                Arguments.of("10.0.0.0/33", "0 to 32"),
                Arguments.of("10.0.0.0/-1", "0 to 32"),
                Arguments.of("10.0.0.0/+8", "0 to 32"),
                Arguments.of("10.0.0.0/ 8", "0 to 32"),
                Arguments.of("10.0.0.0/", "0 to 32"),
                Arguments.of("10.0.0.0/8/8", "0 to 32"),
                Arguments.of("10.0.0.0/0008", "0 to 32"),
                Arguments.of("2001:db8::/129", "0 to 128"),
                Arguments.of("abc/8", "address literal"),
                Arguments.of("example.com", "address literal"),
                Arguments.of("", "address literal"),
                Arguments.of("/8", "address literal"),
                Arguments.of("10.0.0/8", "address literal"),
                Arguments.of("010.0.0.0/8", "address literal"),
                Arguments.of("10.0.0.256/32", "address literal"),
                Arguments.of("0x0a.0.0.0/8", "address literal"),
                Arguments.of("[2001:db8::]/32", "address literal"),
                Arguments.of("fe80::%eth0/64", "address literal"),
                Arguments.of("2001:db8::1::/64", "address literal"),
                Arguments.of("2001:db8:::/64", "address literal"),
                Arguments.of("10.0.0.1/8", "write 10.0.0.0/8"),
                Arguments.of("192.168.1.5/24", "write 192.168.1.0/24"),
                Arguments.of("2001:db8::1/32", "write 2001:db8::/32"));
    }

    @ParameterizedTest(name = "\"{0}\"")
    @MethodSource("invalidRanges")
    void rejectsMalformedRangesNamingTheValue(String text, String advice) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> IpRange.parse(text));
        assertNotNull(e.getMessage());
        assertTrue(e.getMessage().contains('"' + text + '"'), e.getMessage());
        assertTrue(e.getMessage().contains(advice), e.getMessage());
    }

    @Test
    void quotesAHostileValueShortAndWithoutControlCharacters() {
        String hostile = "10.0.0.0/8\r\nX-Injected: 1" + "9".repeat(500);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> IpRange.parse(hostile));
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        assertTrue(e.getMessage().length() < 400, e.getMessage());
    }

    static byte[] bytes(String literal) {
        byte[] address = literal.indexOf(':') >= 0
                ? IpLiterals.parseIpv6(literal, 0, literal.length())
                : IpLiterals.parseIpv4(literal, 0, literal.length());
        assertNotNull(address, literal);
        return address;
    }
}
