package io.bulwark.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bulwark.SecurityRequest;
import io.bulwark.ratelimit.ClientAddressResolver.ForwardingHeader;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ClientAddressResolverTest {

    private static final ClientAddressResolver DIRECT = ClientAddressResolver.direct();
    private static final ClientAddressResolver ONE_PROXY = ClientAddressResolver.builder().trustedProxies("10.0.0.1")
            .forwardingHeader(ForwardingHeader.PREFER_FORWARDED).build();
    private static final ClientAddressResolver PROXIES = ClientAddressResolver.builder()
            .trustedProxies("10.0.0.0/8", "2001:db8:ffff::/48").forwardingHeader(ForwardingHeader.PREFER_FORWARDED)
            .build();
    private static final ClientAddressResolver GROUPED = ClientAddressResolver.builder()
            .trustedProxies("10.0.0.0/8", "2001:db8:ffff::/48").forwardingHeader(ForwardingHeader.PREFER_FORWARDED)
            .groupIpv6By64(true).build();
    private static final ClientAddressResolver DEFAULT_HEADER =
            ClientAddressResolver.builder().trustedProxies("10.0.0.0/8").build();
    private static final ClientAddressResolver XFF_ONLY = ClientAddressResolver.builder()
            .trustedProxies("10.0.0.0/8").forwardingHeader(ForwardingHeader.X_FORWARDED_FOR).build();
    private static final ClientAddressResolver FORWARDED_ONLY = ClientAddressResolver.builder()
            .trustedProxies("10.0.0.0/8").forwardingHeader(ForwardingHeader.FORWARDED).build();

    private static final List<String> NONE = List.of();

    static Stream<String> spoofedForwardingValues() {
        return Stream.of("1.1.1.1", "2.2.2.2", "10.0.0.1", "127.0.0.1", "203.0.113.9, 10.0.0.1",
                "2001:db8::1", "::ffff:8.8.8.8", "unknown", "evil-spoof", "", "198.51.100.20, 198.51.100.21");
    }

    @ParameterizedTest(name = "X-Forwarded-For: {0}")
    @MethodSource("spoofedForwardingValues")
    void ignoresForwardingHeadersWithoutTrustedProxies(String spoofed) {
        String remote = "198.51.100.20";
        assertEquals(remote, DIRECT.resolve(remote, NONE, List.of(spoofed)));
        assertEquals(remote, DIRECT.resolve(remote, List.of("for=" + spoofed), NONE));
        assertEquals(remote, DIRECT.resolve(request(remote, List.of("for=\"" + spoofed + '"'), List.of(spoofed))));
    }

    @ParameterizedTest(name = "X-Forwarded-For: {0}")
    @MethodSource("spoofedForwardingValues")
    void ignoresForwardingHeadersFromAnUntrustedPeer(String spoofed) {
        String remote = "198.51.100.20";
        assertEquals(remote, ONE_PROXY.resolve(remote, NONE, List.of(spoofed)));
        assertEquals(remote, PROXIES.resolve(remote, List.of("for=" + spoofed), List.of(spoofed)));
        assertEquals(remote, PROXIES.resolve(request(remote, List.of("for=" + spoofed), List.of(spoofed))));
    }

    static Stream<Arguments> forwardingChains() {
        return Stream.of(
                // X-Forwarded-For
                Arguments.of("rightmost untrusted hop, spoofed text left of it", ONE_PROXY, "10.0.0.1",
                        NONE, List.of("evil-spoof, 203.0.113.9"), "203.0.113.9"),
                Arguments.of("rightmost untrusted hop, spoofed address left of it", ONE_PROXY, "10.0.0.1",
                        NONE, List.of("198.51.100.1, 203.0.113.9"), "203.0.113.9"),
                Arguments.of("spoofed trusted address left of the client", ONE_PROXY, "10.0.0.1",
                        NONE, List.of("10.0.0.1, 203.0.113.9"), "203.0.113.9"),
                Arguments.of("chain of two trusted proxies", PROXIES, "10.0.0.1",
                        NONE, List.of("198.51.100.1, 203.0.113.9, 10.0.0.2"), "203.0.113.9"),
                Arguments.of("an internal hop that is not trusted is the client", ONE_PROXY, "10.0.0.1",
                        NONE, List.of("203.0.113.9, 10.0.0.2"), "10.0.0.2"),
                Arguments.of("every hop trusted: the leftmost is the client", PROXIES, "10.0.0.1",
                        NONE, List.of("10.0.0.3, 10.0.0.2"), "10.0.0.3"),
                Arguments.of("no header: the trusted peer is the client", PROXIES, "10.0.0.1",
                        NONE, NONE, "10.0.0.1"),
                Arguments.of("several header lines, in order", PROXIES, "10.0.0.1",
                        NONE, List.of("198.51.100.1, 203.0.113.9", "10.0.0.3,10.0.0.2"), "203.0.113.9"),
                Arguments.of("client on its own line", PROXIES, "10.0.0.1",
                        NONE, List.of("203.0.113.9", "10.0.0.2"), "203.0.113.9"),
                Arguments.of("white space and tabs around hops", PROXIES, "10.0.0.1",
                        NONE, List.of(" \t203.0.113.9 ,\t10.0.0.2 "), "203.0.113.9"),
                Arguments.of("IPv4 with a port", PROXIES, "10.0.0.1",
                        NONE, List.of("203.0.113.9:4711"), "203.0.113.9"),
                Arguments.of("bracketed IPv6 with a port", PROXIES, "10.0.0.1",
                        NONE, List.of("[2001:db8:cafe::17]:4711"), "2001:db8:cafe::17"),
                Arguments.of("bare IPv6", PROXIES, "10.0.0.1",
                        NONE, List.of("2001:db8:cafe::17"), "2001:db8:cafe::17"),
                Arguments.of("uncompressed IPv6 is compressed", PROXIES, "10.0.0.1",
                        NONE, List.of("2001:0db8:0000:0000:0000:0000:0000:0001"), "2001:db8::1"),
                Arguments.of("IPv4-mapped hop is IPv4", PROXIES, "10.0.0.1",
                        NONE, List.of("::ffff:203.0.113.9"), "203.0.113.9"),
                Arguments.of("IPv4-mapped trusted hop is skipped", PROXIES, "10.0.0.1",
                        NONE, List.of("203.0.113.9, ::ffff:10.0.0.2"), "203.0.113.9"),
                Arguments.of("IPv4-mapped trusted peer", PROXIES, "::ffff:10.0.0.1",
                        NONE, List.of("203.0.113.9"), "203.0.113.9"),
                Arguments.of("IPv6 proxy and IPv6 hops", PROXIES, "2001:db8:ffff::1",
                        NONE, List.of("2001:db8:1::9, 2001:db8:ffff::2"), "2001:db8:1::9"),
                Arguments.of("unknown hop: the last trusted hop", PROXIES, "10.0.0.1",
                        NONE, List.of("203.0.113.9, unknown, 10.0.0.2"), "10.0.0.2"),
                Arguments.of("host name hop: the last trusted hop", PROXIES, "10.0.0.1",
                        NONE, List.of("proxy.example, 10.0.0.2"), "10.0.0.2"),
                Arguments.of("junk beyond the client is never read", PROXIES, "10.0.0.1",
                        NONE, List.of("\"; DROP TABLE, 300.1.1.1, 203.0.113.9"), "203.0.113.9"),
                Arguments.of("junk beyond a long padding is never read", PROXIES, "10.0.0.1",
                        NONE, List.of("x".repeat(10_000) + ", 203.0.113.9"), "203.0.113.9"),
                Arguments.of("empty elements are skipped", PROXIES, "10.0.0.1",
                        NONE, List.of(",203.0.113.9,,, ,10.0.0.2,"), "203.0.113.9"),

                // Forwarded (RFC 7239)
                Arguments.of("Forwarded for", PROXIES, "10.0.0.1",
                        List.of("for=203.0.113.9"), NONE, "203.0.113.9"),
                Arguments.of("Forwarded quoted IPv6 with port", PROXIES, "10.0.0.1",
                        List.of("for=\"[2001:db8:cafe::17]:4711\""), NONE, "2001:db8:cafe::17"),
                Arguments.of("Forwarded unquoted bracketed IPv6", PROXIES, "10.0.0.1",
                        List.of("for=[2001:db8:cafe::17]"), NONE, "2001:db8:cafe::17"),
                Arguments.of("Forwarded quoted IPv4 with port and other parameters", PROXIES, "10.0.0.1",
                        List.of("For=\"203.0.113.9:80\";proto=https;by=10.0.0.1;host=\"api.example\""), NONE,
                        "203.0.113.9"),
                Arguments.of("Forwarded parameter names are case-insensitive", PROXIES, "10.0.0.1",
                        List.of("proto=https; FOR=203.0.113.9"), NONE, "203.0.113.9"),
                Arguments.of("Forwarded obfuscated port", PROXIES, "10.0.0.1",
                        List.of("for=\"203.0.113.9:_port1\""), NONE, "203.0.113.9"),
                Arguments.of("Forwarded elements, RFC 7239 §7.4 example", PROXIES, "10.0.0.1",
                        List.of("for=192.0.2.43, for=\"[2001:db8:cafe::17]\", for=10.0.0.2"), NONE,
                        "2001:db8:cafe::17"),
                Arguments.of("Forwarded across header lines", PROXIES, "10.0.0.1",
                        List.of("for=192.0.2.43", "for=203.0.113.9;proto=https", "for=10.0.0.2"), NONE,
                        "203.0.113.9"),
                Arguments.of("Forwarded chain of trusted proxies", PROXIES, "10.0.0.1",
                        List.of("for=192.0.2.43, for=10.0.0.3, for=10.0.0.2"), NONE, "192.0.2.43"),
                Arguments.of("Forwarded unknown: the peer", PROXIES, "10.0.0.1",
                        List.of("for=unknown"), NONE, "10.0.0.1"),
                Arguments.of("Forwarded obfuscated: the peer", PROXIES, "10.0.0.1",
                        List.of("for=_hidden"), NONE, "10.0.0.1"),
                Arguments.of("Forwarded quoted obfuscated: the peer", PROXIES, "10.0.0.1",
                        List.of("for=\"_gazonk\""), NONE, "10.0.0.1"),
                Arguments.of("Forwarded obfuscated behind a trusted hop: that hop", PROXIES, "10.0.0.1",
                        List.of("for=192.0.2.43, for=_hidden, for=10.0.0.2"), NONE, "10.0.0.2"),
                Arguments.of("Forwarded unknown beyond the client is never read", PROXIES, "10.0.0.1",
                        List.of("for=unknown, for=203.0.113.9"), NONE, "203.0.113.9"),
                Arguments.of("Forwarded element without for: the peer", PROXIES, "10.0.0.1",
                        List.of("proto=https;by=10.0.0.1"), NONE, "10.0.0.1"),
                Arguments.of("Forwarded duplicate for: the peer", PROXIES, "10.0.0.1",
                        List.of("for=203.0.113.9;for=198.51.100.1"), NONE, "10.0.0.1"),
                Arguments.of("Forwarded comma inside a quoted value", PROXIES, "10.0.0.1",
                        List.of("for=198.51.100.1, for=203.0.113.9;ext=\"a, for=10.0.0.9\""), NONE,
                        "203.0.113.9"),
                Arguments.of("Forwarded escaped quote inside a quoted value", PROXIES, "10.0.0.1",
                        List.of("for=203.0.113.9;ext=\"say \\\"hi, for=10.0.0.9\\\"\""), NONE,
                        "203.0.113.9"),
                Arguments.of("Forwarded unbalanced quote left of the client", PROXIES, "10.0.0.1",
                        List.of("for=\"198.51.100.1, for=203.0.113.9"), NONE, "203.0.113.9"),

                // which header
                Arguments.of("Forwarded is preferred over X-Forwarded-For", PROXIES, "10.0.0.1",
                        List.of("for=203.0.113.9"), List.of("198.51.100.1"), "203.0.113.9"),
                Arguments.of("the two are not merged", PROXIES, "10.0.0.1",
                        List.of("for=unknown"), List.of("203.0.113.9"), "10.0.0.1"),
                Arguments.of("by default a client's own Forwarded is ignored", DEFAULT_HEADER, "10.0.0.1",
                        List.of("for=198.51.100.66"), List.of("203.0.113.9"), "203.0.113.9"),
                Arguments.of("X-Forwarded-For only ignores a client's Forwarded", XFF_ONLY, "10.0.0.1",
                        List.of("for=198.51.100.66"), List.of("203.0.113.9"), "203.0.113.9"),
                Arguments.of("Forwarded only ignores X-Forwarded-For", FORWARDED_ONLY, "10.0.0.1",
                        NONE, List.of("203.0.113.9"), "10.0.0.1"),
                Arguments.of("Forwarded only reads Forwarded", FORWARDED_ONLY, "10.0.0.1",
                        List.of("for=203.0.113.9"), List.of("198.51.100.1"), "203.0.113.9"),

                // grouping by /64
                Arguments.of("IPv6 client grouped by /64", GROUPED, "10.0.0.1",
                        NONE, List.of("2001:db8:1:2:aaaa:bbbb:cccc:dddd"), "2001:db8:1:2::/64"),
                Arguments.of("IPv6 client in the first /64 grouped", GROUPED, "10.0.0.1",
                        NONE, List.of("2001:db8::1"), "2001:db8::/64"),
                Arguments.of("IPv4 client not grouped", GROUPED, "10.0.0.1",
                        NONE, List.of("203.0.113.9"), "203.0.113.9"),
                Arguments.of("IPv4-mapped client not grouped", GROUPED, "10.0.0.1",
                        NONE, List.of("::ffff:203.0.113.9"), "203.0.113.9"),
                Arguments.of("untrusted IPv6 peer grouped", GROUPED, "2001:db8:5:6:7:8:9:a",
                        NONE, List.of("203.0.113.9"), "2001:db8:5:6::/64"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("forwardingChains")
    void resolvesTheRightmostUntrustedHop(String description, ClientAddressResolver resolver, String remote,
            List<String> forwarded, List<String> xForwardedFor, String expected) {
        assertEquals(expected, resolver.resolve(remote, forwarded, xForwardedFor));
        assertEquals(expected, resolver.resolve(request(remote, forwarded, xForwardedFor)));
    }

    static Stream<Arguments> junk() {
        String thousandCommas = ",".repeat(1000);
        return Stream.of(
                Arguments.of("", NONE), Arguments.of(",,,", NONE), Arguments.of("   ", NONE),
                Arguments.of("300.1.1.1", NONE), Arguments.of("1.2.3", NONE), Arguments.of("1.2.3.4.5", NONE),
                Arguments.of("01.2.3.4", NONE), Arguments.of("0x7f.0.0.1", NONE), Arguments.of("127.1", NONE),
                Arguments.of("1.2.3.-4", NONE), Arguments.of("1..2.3", NONE),
                Arguments.of("::ffff:zz", NONE), Arguments.of(":::", NONE), Arguments.of("1:2:3:4:5:6:7:8:9", NONE),
                Arguments.of("2001:db8::1::2", NONE), Arguments.of("12345::1", NONE),
                Arguments.of("fe80::1%eth0", NONE), Arguments.of("[2001:db8::1", NONE),
                Arguments.of("2001:db8::1]", NONE), Arguments.of("[1.2.3.4]", NONE),
                Arguments.of("1.2.3.4:", NONE), Arguments.of("1.2.3.4:123456", NONE), Arguments.of("1.2.3.4:x", NONE),
                Arguments.of("localhost", NONE), Arguments.of("example.com", NONE), Arguments.of("unknown", NONE),
                Arguments.of("_hidden", NONE), Arguments.of("1.1.1.1 2.2.2.2", NONE),
                Arguments.of("\u0661.2.3.4", NONE), Arguments.of("\uff11.2.3.4", NONE), Arguments.of("\u0000", NONE),
                Arguments.of("\"203.0.113.9\"", NONE), Arguments.of(thousandCommas, NONE),
                Arguments.of("a".repeat(100_000), NONE),
                Arguments.of(null, List.of("")), Arguments.of(null, List.of(",,,")), Arguments.of(null, List.of("for=")),
                Arguments.of(null, List.of("for")), Arguments.of(null, List.of("=")), Arguments.of(null, List.of("\"")),
                Arguments.of(null, List.of(";;;")), Arguments.of(null, List.of("for=\"")),
                Arguments.of(null, List.of("for=\"[2001:db8::1]")), Arguments.of(null, List.of("for=[2001:db8::1")),
                Arguments.of(null, List.of("for=\"[2001:db8::1]\":80")),
                Arguments.of(null, List.of("for=\"\\1.2.3.4\"")), Arguments.of(null, List.of("for=300.1.1.1")),
                Arguments.of(null, List.of("for=1.2.3")), Arguments.of(null, List.of("for=::ffff:zz")),
                Arguments.of(null, List.of("for=1.2.3.4 junk")), Arguments.of(null, List.of("for =1.2.3.4")),
                Arguments.of(null, List.of(thousandCommas)), Arguments.of(null, List.of("for=" + "9".repeat(100_000))),
                Arguments.of(null, List.of("", "", "")));
    }

    @ParameterizedTest(name = "[{index}]")
    @MethodSource("junk")
    void fallsBackToTheTrustedPeerOnJunkWithoutThrowing(String xForwardedFor, List<String> forwarded) {
        List<String> xff = xForwardedFor == null ? NONE : List.of(xForwardedFor);
        assertEquals("10.0.0.1", ONE_PROXY.resolve("10.0.0.1", forwarded, xff));
        assertEquals("10.0.0.1", ONE_PROXY.resolve(request("10.0.0.1", forwarded, xff)));
    }

    @Test
    void stopsAtTheLastTrustedHopWhenTheHopLimitIsReached() {
        String trustedHops = "10.0.0.2, ".repeat(ClientAddressResolver.MAX_HOPS + 5) + "10.0.0.3";
        assertEquals("10.0.0.2", PROXIES.resolve("10.0.0.1", NONE, List.of("203.0.113.9, " + trustedHops)));

        // 19 trusted hops, the client is the 20th
        String withinLimit = "10.0.0.2, ".repeat(ClientAddressResolver.MAX_HOPS - 2) + "10.0.0.3";
        assertEquals("203.0.113.9", PROXIES.resolve("10.0.0.1", NONE, List.of("203.0.113.9, " + withinLimit)));
    }

    @Test
    void stopsAtTheLastTrustedHopWhenTheCharacterBudgetIsSpent() {
        String padded = "203.0.113.9," + " ".repeat(ClientAddressResolver.MAX_CHAIN_CHARS) + ",10.0.0.2";
        assertEquals("10.0.0.2", PROXIES.resolve("10.0.0.1", NONE, List.of(padded)));

        List<String> manyLines = new java.util.ArrayList<>();
        manyLines.add("203.0.113.9");
        for (int i = 0; i < 10_000; i++) {
            manyLines.add("");
        }
        manyLines.add("10.0.0.2");
        assertEquals("10.0.0.2", PROXIES.resolve("10.0.0.1", NONE, manyLines));
    }

    @Test
    void resolvesTwoClientsBehindTheSameProxyToTwoAddresses() {
        String first = ONE_PROXY.resolve(request("10.0.0.1", NONE, List.of("203.0.113.9")));
        String second = ONE_PROXY.resolve(request("10.0.0.1", NONE, List.of("198.51.100.7")));
        assertEquals("203.0.113.9", first);
        assertEquals("198.51.100.7", second);
        assertNotEquals(first, second);
    }

    @Test
    void resolvesEveryRotatedSpoofToTheSameClientBehindAProxy() {
        for (String spoofed : List.of("1.1.1.1", "2.2.2.2", "10.0.0.1", "unknown", "3.3.3.3, 4.4.4.4")) {
            assertEquals("203.0.113.9", ONE_PROXY.resolve("10.0.0.1", NONE, List.of(spoofed + ", 203.0.113.9")));
            assertEquals("203.0.113.9", ONE_PROXY.resolve("10.0.0.1", NONE, List.of(spoofed, "203.0.113.9")));
        }
    }

    static Stream<Arguments> remoteAddresses() {
        return Stream.of(
                Arguments.of("203.0.113.7", "203.0.113.7"),
                Arguments.of("0.0.0.0", "0.0.0.0"),
                Arguments.of("255.255.255.255", "255.255.255.255"),
                Arguments.of("2001:0db8:0000:0000:0000:0000:0000:0001", "2001:db8::1"),
                Arguments.of("2001:DB8::1", "2001:db8::1"),
                Arguments.of("0:0:0:0:0:0:0:1", "::1"),
                Arguments.of("[::1]", "::1"),
                Arguments.of("fe80:0:0:0:0:0:0:1%1", "fe80::1"),
                Arguments.of("fe80::1%eth0", "fe80::1"),
                Arguments.of("::ffff:192.0.2.1", "192.0.2.1"),
                Arguments.of("::FFFF:c000:0201", "192.0.2.1"),
                Arguments.of("0:0:0:0:0:ffff:192.0.2.1", "192.0.2.1"),
                Arguments.of("::", "::"),
                Arguments.of("1::", "1::"),
                Arguments.of("::1.2.3.4", "::102:304"),
                Arguments.of("2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"),    // RFC 5952 §4.2.3: the first run
                Arguments.of("2001:0:0:1:0:0:0:1", "2001:0:0:1::1"),          // §4.2.3: the longest run
                Arguments.of("2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1"), // §4.2.2: one zero stays
                Arguments.of("2001:db8::0:1", "2001:db8::1"),
                Arguments.of("1:2:3:4:5:6:7::", "1:2:3:4:5:6:7:0"),
                Arguments.of("0:0:1:0:0:0:0:0", "0:0:1::"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("remoteAddresses")
    void returnsTheRemoteAddressInCanonicalForm(String remote, String expected) {
        assertEquals(expected, DIRECT.resolve(remote, NONE, NONE));
        assertEquals(expected, PROXIES.resolve(remote, NONE, NONE));
    }

    @Test
    void returnsARemoteAddressThatIsNoLiteralUnchangedAndNeverTrustsIt() {
        ClientAddressResolver trustsEverything = ClientAddressResolver.builder()
                .trustedProxies("0.0.0.0/0", "::/0").build();
        assertEquals("unix:/run/app.sock", trustsEverything.resolve("unix:/run/app.sock", NONE,
                List.of("203.0.113.9")));
        assertEquals("", DIRECT.resolve("", NONE, NONE));
    }

    @Test
    void readsBothHeadersFromTheRequestCaseInsensitively() {
        SecurityRequest request = SecurityRequest.builder("GET", "/")
                .remoteAddress("10.0.0.1")
                .header("x-forwarded-for", "198.51.100.1")
                .header("X-FORWARDED-FOR", "203.0.113.9, 10.0.0.2")
                .build();
        assertEquals("203.0.113.9", PROXIES.resolve(request));

        SecurityRequest forwarded = SecurityRequest.builder("GET", "/")
                .remoteAddress("10.0.0.1")
                .header("FORWARDED", "for=\"[2001:db8:cafe::17]:4711\"")
                .header("X-Forwarded-For", "203.0.113.9")
                .build();
        assertEquals("2001:db8:cafe::17", PROXIES.resolve(forwarded));
    }

    static Stream<Arguments> badTrustedProxies() {
        return Stream.of(
                Arguments.of("10.0.0.0/33"), Arguments.of("abc/8"), Arguments.of("10.0.0.0/-1"),
                Arguments.of("2001:db8::/129"), Arguments.of("10.0.0.1/8"), Arguments.of("proxy.internal"));
    }

    @ParameterizedTest(name = "\"{0}\"")
    @MethodSource("badTrustedProxies")
    void rejectsBadTrustedProxiesNamingTheValue(String range) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ClientAddressResolver.builder().trustedProxies("10.0.0.0/8", range).build());
        assertTrue(e.getMessage().startsWith("trustedProxies: "), e.getMessage());
        assertTrue(e.getMessage().contains('"' + range + '"'), e.getMessage());
    }

    @Test
    void directTrustsNothingAndIsTheDefaultOfAnEmptyBuilder() {
        assertEquals(List.of(), ClientAddressResolver.direct().trustedProxies());
        assertEquals(List.of(), ClientAddressResolver.builder().build().trustedProxies());
        assertEquals("198.51.100.20",
                ClientAddressResolver.builder().build().resolve("198.51.100.20", NONE, List.of("1.1.1.1")));
        assertEquals(List.of(IpRange.parse("10.0.0.0/8")), ClientAddressResolver.builder()
                .trustedProxies("10.0.0.0/8", " 10.0.0.0/8").trustedProxies(List.of("10.0.0.0/8")).build()
                .trustedProxies());
    }

    private static SecurityRequest request(String remote, List<String> forwarded, List<String> xForwardedFor) {
        SecurityRequest.Builder builder = SecurityRequest.builder("GET", "/api/orders").remoteAddress(remote);
        for (String line : forwarded) {
            builder.header("Forwarded", line);
        }
        for (String line : xForwardedFor) {
            builder.header("X-Forwarded-For", line);
        }
        return builder.build();
    }
}
