package io.bulwark.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.bulwark.SecurityRequest;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link ClientAddressResolver#isSecure}: whose word on the scheme counts. */
class ClientAddressResolverSecureTest {

    private static final ClientAddressResolver XFF = ClientAddressResolver.builder().trustedProxies("10.0.0.0/8").build();
    private static final ClientAddressResolver FORWARDED = ClientAddressResolver.builder().trustedProxies("10.0.0.0/8")
            .forwardingHeader(ClientAddressResolver.ForwardingHeader.FORWARDED).build();
    private static final ClientAddressResolver PREFER = ClientAddressResolver.builder().trustedProxies("10.0.0.0/8")
            .forwardingHeader(ClientAddressResolver.ForwardingHeader.PREFER_FORWARDED).build();

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("TLS itself", XFF, "203.0.113.7", true, null, null, true),
                Arguments.of("TLS itself, no proxies", ClientAddressResolver.direct(), "203.0.113.7", true, null, null, true),
                Arguments.of("trusted proxy says https", XFF, "10.0.0.1", false, "https", null, true),
                Arguments.of("trusted proxy says HTTPS", XFF, "10.0.0.1", false, " HTTPS ", null, true),
                Arguments.of("trusted proxy says http", XFF, "10.0.0.1", false, "http", null, false),
                Arguments.of("last value counts", XFF, "10.0.0.1", false, "https, http", null, false),
                Arguments.of("last value https", XFF, "10.0.0.1", false, "http,https", null, true),
                Arguments.of("client claims https", XFF, "203.0.113.7", false, "https", null, false),
                Arguments.of("no proxies trusted", ClientAddressResolver.direct(), "10.0.0.1", false, "https", null, false),
                Arguments.of("junk", XFF, "10.0.0.1", false, "httpsx", null, false),
                Arguments.of("XFF mode ignores Forwarded", XFF, "10.0.0.1", false, null, "for=1.2.3.4;proto=https", false),
                Arguments.of("Forwarded proto", FORWARDED, "10.0.0.1", false, null, "for=1.2.3.4;proto=https", true),
                Arguments.of("Forwarded quoted proto", FORWARDED, "10.0.0.1", false, null, "for=\"[2001:db8::1]\"; proto=\"https\"", true),
                Arguments.of("Forwarded last element counts", FORWARDED, "10.0.0.1", false, null,
                        "for=1.2.3.4;proto=https, for=5.6.7.8;proto=http", false),
                Arguments.of("Forwarded mode ignores XFP", FORWARDED, "10.0.0.1", false, "https", null, false),
                Arguments.of("Forwarded from a client", FORWARDED, "203.0.113.7", false, null, "proto=https", false),
                Arguments.of("prefer: Forwarded present", PREFER, "10.0.0.1", false, "https", "for=1.2.3.4;proto=http", false),
                Arguments.of("prefer: Forwarded absent", PREFER, "10.0.0.1", false, "https", null, true),
                Arguments.of("unparsable peer", XFF, "not-an-ip", false, "https", null, false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void decidesWhetherTheClientConnectionWasSecure(String name, ClientAddressResolver resolver, String peer,
            boolean tls, String xForwardedProto, String forwarded, boolean expected) {
        SecurityRequest.Builder request = SecurityRequest.builder("GET", "/").remoteAddress(peer).secure(tls);
        if (xForwardedProto != null) {
            request.header("X-Forwarded-Proto", xForwardedProto);
        }
        if (forwarded != null) {
            request.header("Forwarded", forwarded);
        }
        assertEquals(expected, resolver.isSecure(request.build()));
    }
}
