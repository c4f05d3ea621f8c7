package io.bulwark.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jakarta.validation.ValidationException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SafeUrlTest {

    record Links(
            @SafeUrl String https,
            @SafeUrl(schemes = {"http", "https"}) String web,
            @SafeUrl(schemes = {"http", "https"}, allowPrivateHosts = true) String intranet,
            @SafeUrl(maxLength = 30) String shortUrl) {
    }

    record BadScheme(@SafeUrl(schemes = "java script") String url) {
    }

    record NoScheme(@SafeUrl(schemes = {}) String url) {
    }

    static Stream<Arguments> urls() {
        return Stream.of(
                // accepted
                Arguments.of("https", "https://example.com", true),
                Arguments.of("https", "https://example.com/path?q=1&r=2#frag", true),
                Arguments.of("https", "https://example.com:8443/", true),
                Arguments.of("https", "HTTPS://EXAMPLE.COM/", true),
                Arguments.of("https", "https://sub.example.co.uk./", true),
                Arguments.of("https", "https://xn--bcher-kva.example/", true),
                Arguments.of("https", "https://93.184.216.34/", true),
                Arguments.of("https", "https://[2606:4700:4700::1111]/", true),
                Arguments.of("https", "https://example.com/a%20b", true),
                Arguments.of("web", "http://example.com/", true),
                Arguments.of("web", "HtTp://example.com/", true),
                // schemes
                Arguments.of("https", "http://example.com/", false),
                Arguments.of("https", "ftp://example.com/", false),
                Arguments.of("https", "javascript:alert(1)", false),
                Arguments.of("https", "JaVaScRiPt:alert(1)", false),
                Arguments.of("https", "javascript://example.com/%0Aalert(1)", false),
                Arguments.of("https", "javascript&#58;alert(1)", false),
                Arguments.of("https", "java\tscript:alert(1)", false),
                Arguments.of("https", "java script:alert(1)", false),
                Arguments.of("https", " https://example.com/", false),
                Arguments.of("https", "https://example.com/ ", false),
                Arguments.of("https", "\u0000https://example.com/", false),
                Arguments.of("https", "data:text/html,<script>alert(1)</script>", false),
                Arguments.of("https", "vbscript:msgbox(1)", false),
                Arguments.of("web", "mailto:someone@example.com", false),
                Arguments.of("web", "file:///etc/passwd", false),
                // shape
                Arguments.of("https", "", false),
                Arguments.of("https", "example.com", false),
                Arguments.of("https", "//example.com/", false),
                Arguments.of("https", "/relative/path", false),
                Arguments.of("https", "https:example.com", false),
                Arguments.of("https", "https:///path", false),
                Arguments.of("https", "https://", false),
                Arguments.of("https", "https:\\\\evil.example\\", false),
                Arguments.of("https", "https://example.com\\@evil.example/", false),
                Arguments.of("https", "https://user:secret@example.com/", false),
                Arguments.of("https", "https://example.com@evil.example/", false),
                Arguments.of("https", "https://example.com:0/", false),
                Arguments.of("https", "https://example.com:65536/", false),
                Arguments.of("https", "https://exa_mple.com/", false),
                Arguments.of("https", "https://%65xample.com/", false),
                Arguments.of("https", "https://ex\u00e4mple.com/", false),
                Arguments.of("https", "https://p\u0430ypal.com/", false),
                Arguments.of("shortUrl", "https://example.com/12345678901", false),
                Arguments.of("shortUrl", "https://example.com/1234567890", true),
                // loopback, private, link-local, unspecified, multicast
                Arguments.of("web", "http://localhost/", false),
                Arguments.of("web", "http://LOCALHOST:8080/", false),
                Arguments.of("web", "http://localhost./", false),
                Arguments.of("web", "http://api.localhost/", false),
                Arguments.of("web", "http://printer.local/", false),
                Arguments.of("web", "http://router.home.arpa/", false),
                Arguments.of("web", "http://metadata.google.internal/", false),
                Arguments.of("web", "http://intranet/", false),
                Arguments.of("web", "http://127.0.0.1/", false),
                Arguments.of("web", "http://127.255.255.254/", false),
                Arguments.of("web", "http://0.0.0.0/", false),
                Arguments.of("web", "http://10.0.0.1/", false),
                Arguments.of("web", "http://172.16.0.1/", false),
                Arguments.of("web", "http://172.31.255.255/", false),
                Arguments.of("web", "http://192.168.1.1/", false),
                Arguments.of("web", "http://169.254.169.254/latest/meta-data/", false),
                Arguments.of("web", "http://100.64.0.1/", false),
                Arguments.of("web", "http://224.0.0.1/", false),
                Arguments.of("web", "http://255.255.255.255/", false),
                Arguments.of("web", "http://[::1]/", false),
                Arguments.of("web", "http://[0:0:0:0:0:0:0:1]/", false),
                Arguments.of("web", "http://[::]/", false),
                Arguments.of("web", "http://[::ffff:127.0.0.1]/", false),
                Arguments.of("web", "http://[::ffff:7f00:1]/", false),
                Arguments.of("web", "http://[::ffff:169.254.169.254]/", false),
                Arguments.of("web", "http://[::127.0.0.1]/", false),
                Arguments.of("web", "http://[64:ff9b::127.0.0.1]/", false),
                Arguments.of("web", "http://[2002:7f00:1::]/", false),
                Arguments.of("web", "http://[fc00::1]/", false),
                Arguments.of("web", "http://[fd12:3456:789a::1]/", false),
                Arguments.of("web", "http://[fe80::1]/", false),
                Arguments.of("web", "http://[FE80::1]/", false),
                Arguments.of("web", "http://[febf::1]/", false),
                Arguments.of("web", "http://[ff02::1]/", false),
                Arguments.of("web", "http://[fe80::1%25eth0]/", false),
                Arguments.of("web", "http://[::ffff:8.8.8.8]/", true),
                Arguments.of("web", "http://[64:ff9b::8.8.8.8]/", true),
                Arguments.of("web", "http://172.32.0.1/", true),
                Arguments.of("web", "http://8.8.8.8/", true),
                // numeric spellings of an IPv4 address: refused whatever they stand for
                Arguments.of("web", "http://2130706433/", false),
                Arguments.of("web", "http://0x7f.1/", false),
                Arguments.of("web", "http://0x7f000001/", false),
                Arguments.of("web", "http://0177.0.0.1/", false),
                Arguments.of("web", "http://127.1/", false),
                Arguments.of("web", "http://127.0.1/", false),
                Arguments.of("web", "http://127.0.0.1./", false),
                Arguments.of("web", "http://0/", false),
                Arguments.of("web", "http://0x/", false),
                Arguments.of("web", "http://134744072/", false),
                Arguments.of("web", "http://08.8.8.8/", false),
                Arguments.of("web", "http://256.1.1.1/", false),
                Arguments.of("web", "http://1.2.3.4.5/", false),
                Arguments.of("web", "http://example.123/", false),
                Arguments.of("web", "http://123/", false),
                // with private hosts allowed
                Arguments.of("intranet", "http://localhost:8080/", true),
                Arguments.of("intranet", "http://127.0.0.1/", true),
                Arguments.of("intranet", "http://[::1]/", true),
                Arguments.of("intranet", "http://intranet/", true),
                Arguments.of("intranet", "http://2130706433/", false),
                Arguments.of("intranet", "http://127.1/", false),
                Arguments.of("intranet", "http://[fe80::1%25eth0]/", false),
                Arguments.of("intranet", "javascript:alert(1)", false));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("urls")
    void judgesUrls(String property, String url, boolean accepted) {
        assertEquals(accepted, Constraints.accepts(Links.class, property, url));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("numericSpellings")
    void readsNumericSpellingsAsTheAddressTheyStandFor(String host, long address) {
        assertEquals(address, IpAddresses.parseIpv4(host));
    }

    static Stream<Arguments> numericSpellings() {
        long loopback = 0x7F00_0001L;
        return Stream.of(
                Arguments.of("2130706433", loopback),
                Arguments.of("0x7f.1", loopback),
                Arguments.of("0x7F000001", loopback),
                Arguments.of("0177.0.0.1", loopback),
                Arguments.of("0177.0.0.01", loopback),
                Arguments.of("127.1", loopback),
                Arguments.of("127.0.1", loopback),
                Arguments.of("127.0.0.1.", loopback),
                Arguments.of("0x7f.0x0.0x0.0x1", loopback),
                Arguments.of("0", 0L),
                Arguments.of("0x", 0L),
                Arguments.of("4294967295", 0xFFFF_FFFFL),
                Arguments.of("4294967296", -1L),
                Arguments.of("256.1.1.1", -1L),
                Arguments.of("1.1.256", 0x0101_0100L),
                Arguments.of("1.256.1", -1L),
                Arguments.of("1.65536.1", -1L),
                Arguments.of("08.1.1.1", -1L),
                Arguments.of("1.2.3.4.5", -1L),
                Arguments.of("1..2", -1L),
                Arguments.of("\uff11.1.1.1", -1L));
    }

    @Test
    void refusesAnAnnotationWithoutValidSchemes() {
        assertThrows(ValidationException.class, () -> Constraints.VALIDATOR.validate(new BadScheme("https://example.com")));
        assertThrows(ValidationException.class, () -> Constraints.VALIDATOR.validate(new NoScheme("https://example.com")));
    }

    @Test
    void nullIsValid() {
        assertEquals(true, Constraints.accepts(Links.class, "https", null));
    }
}
